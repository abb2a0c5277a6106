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
    'Sets the HttpOnly `suanli_session` cookie and the `suanli_csrf` cookie. Ten failed attempts per email (from any address) or per client address within 15 minutes are 429 RATE_LIMITED (counted in memory per process). The client address is the socket’s peer, or with `TRUST_PROXY` the last `x-forwarded-for` entry. Each failed attempt is recorded for the auditor (GET /api/v1/login-attempts).',
  tags: ['auth'],
  access: 'public',
  // A replayed login would hand out a stored session token; a retried login is harmless.
  idempotency: 'none',
  request: { body: loginBody },
  responses: { 200: { description: 'signed in', schema: loginResponse } },
  handler: async (c, _auth, { body }) => {
    const now = c.get('now');
    const limiter = c.get('loginLimiter');
    const email = body.email.toLowerCase();
    // Not the client's own x-forwarded-for: a guesser would send a new one with every try.
    const client = clientAddress(c);
    const keys = [`email:${email}`, `client:${client}`];
    const waitSeconds = Math.max(
      ...keys.map((key) => limiter.retryAfterSeconds(key, now.getTime())),
    );
    if (waitSeconds > 0) {
      c.header('retry-after', String(waitSeconds));
      throw new DomainError('RATE_LIMITED', `too many failed sign-ins; retry in ${waitSeconds} s`, {
        retryAfterSeconds: waitSeconds,
      });
    }
    let session;
    try {
      session = await createSession({
        db: c.get('db'),
        email,
        password: body.password,
        requestId: c.get('requestId'),
        clientAddress: client,
        now,
      });
    } catch (error) {
      if (error instanceof DomainError && error.code === 'UNAUTHENTICATED') {
        for (const key of keys) limiter.recordFailure(key, now.getTime());
      }
      throw error;
    }
    limiter.reset(`email:${email}`);
    const secure = c.get('config').PUBLIC_URL?.startsWith('https:') === true;
    const common = { path: '/', sameSite: 'Lax', secure, expires: session.expiresAt } as const;
    setCookie(c, SESSION_COOKIE, session.sessionToken, { ...common, httpOnly: true });
    setCookie(c, CSRF_COOKIE, session.csrfToken, { ...common, httpOnly: false });
    return c.json(
      {
        user: userJson(session.user),
        csrfToken: session.csrfToken,
        expiresAt: session.expiresAt.toISOString(),
      },
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
    return c.json({ user: userJson(user), via: auth.via, scopes: auth.scopes }, 200);
  },
});
