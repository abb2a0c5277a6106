import type { z } from '@hono/zod-openapi';
import { deleteCookie, setCookie } from 'hono/cookie';
import { loginBody, loginResponse, meSchema } from '../../contracts/auth.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { createSession, getUser, revokeSession } from '../../services/access/index.ts';
import { CSRF_COOKIE, SESSION_COOKIE } from './auth.ts';
import { clientAddress } from './client-address.ts';
import { defineRoute } from './define-route.ts';
import { userJson } from './json.ts';

/**
 * Login, logout and "who am I". The session cookie is HttpOnly; the CSRF cookie is readable by
 * the console's JavaScript, which echoes it in `x-csrf-token` on every state change.
 */
export const loginRoute = defineRoute({
  method: 'post',
  path: '/api/v1/auth/login',
  summary: 'Sign in with email and password',
  description:
    'Sets the HttpOnly `suanli_session` cookie and the `suanli_csrf` cookie. Failed sign-ins are throttled, never locked out: one email from one client address gets 5 tries, then waits that double from 1 s to 15 minutes; one email gets at most 100 failures a day from addresses it has not signed in from in the last 30 days, and one address at most 100 failures in 15 minutes over all emails. A held-back attempt is 429 LOGIN_THROTTLED with `retry-after` (also for emails no user has); the right password from another address still works. The client address is the socket’s peer, or with `TRUST_PROXY` the last `x-forwarded-for` entry; IPv6 counts by its /64. Each failed attempt, with the throttling it started, is recorded for the auditor (GET /api/v1/login-attempts).',
  tags: ['auth'],
  access: 'public',
  // A replayed login would hand out a stored session token; a retried login is harmless.
  idempotency: 'none',
  request: { body: loginBody },
  responses: { 200: { description: 'signed in', schema: loginResponse } },
  handler: async (c, _auth, { body }) => {
    const session = await createSession({
      db: c.get('db'),
      email: body.email,
      password: body.password,
      requestId: c.get('requestId'),
      // Not the client's own x-forwarded-for: a guesser would send a new one with every try.
      clientAddress: clientAddress(c),
      now: c.get('now'),
    });
    const secure = c.get('config').PUBLIC_URL?.startsWith('https:') === true;
    const common = { path: '/', sameSite: 'Lax', secure, expires: session.expiresAt } as const;
    setCookie(c, SESSION_COOKIE, session.sessionToken, { ...common, httpOnly: true });
    setCookie(c, CSRF_COOKIE, session.csrfToken, { ...common, httpOnly: false });
    return c.json(
      {
        user: userJson(session.user),
        csrfToken: session.csrfToken,
        expiresAt: session.expiresAt.toISOString(),
      } satisfies z.output<typeof loginResponse>,
      200,
    );
  },
});

export const logoutRoute = defineRoute({
  method: 'post',
  path: '/api/v1/auth/logout',
  summary: 'End the current session',
  tags: ['auth'],
  access: { action: 'session.end' },
  // Logging out twice is harmless; there is nothing to replay.
  idempotency: 'none',
  responses: { 204: { description: 'signed out' } },
  handler: async (c, auth) => {
    if (auth.via !== 'session') {
      throw new DomainError('VALIDATION_FAILED', 'API keys are revoked, not logged out', {
        field: 'authorization',
      });
    }
    await revokeSession({
      db: c.get('db'),
      auth,
      requestId: c.get('requestId'),
      now: c.get('now'),
    });
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    deleteCookie(c, CSRF_COOKIE, { path: '/' });
    return c.body(null, 204);
  },
});

export const meRoute = defineRoute({
  method: 'get',
  path: '/api/v1/me',
  summary: 'The signed-in user, how they authenticated and their scopes',
  tags: ['auth'],
  access: { action: 'me.read' },
  responses: { 200: { description: 'the caller', schema: meSchema } },
  handler: async (c, auth) => {
    const user = await getUser({ sql: c.get('db'), actor: auth, id: auth.userId });
    const me = { user: userJson(user), via: auth.via, scopes: auth.scopes };
    return c.json(me satisfies z.output<typeof meSchema>, 200);
  },
});
