import { getCookie } from 'hono/cookie';
import type { Context, MiddlewareHandler } from 'hono';
import { timingSafeEqual } from 'node:crypto';
import { DomainError } from '../../domain/shared/errors.ts';
import {
  authenticateApiKey,
  authenticateSession,
  authorize,
  permissionOf,
  rolesFor,
  sha256Hex,
  type Action,
  type ApiKeyScope,
  type AuthContext,
  type Role,
} from '../../services/access/index.ts';
import type { ApiEnv } from './api-env.ts';

export const SESSION_COOKIE = 'suanli_session';
export const CSRF_COOKIE = 'suanli_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/** Methods that change nothing: no CSRF token needed. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * What a route declares: the action of the permission table it takes
 * (services/authz/permissions.ts), or 'public' for no authentication at all. Who may call it,
 * on whose data and with which API-key scope all come from the table.
 */
export type RouteAccessSpec = 'public' | { action: Action };

/** A route's access as the route table holds it: the action and the table's answer for it. */
export interface RouteAccess {
  /** null for public routes. */
  action: Action | null;
  /** The roles the table allows (for the OpenAPI document, the matrix and the fuzz test). */
  roles: readonly Role[] | 'public';
  /** The API-key scope the action needs; null for public routes. */
  scope: ApiKeyScope | null;
}

/** The route table's view of a declared access. */
export function routeAccessOf(spec: RouteAccessSpec): RouteAccess {
  if (spec === 'public') return { action: null, roles: 'public', scope: null };
  return {
    action: spec.action,
    roles: rolesFor(spec.action),
    scope: permissionOf(spec.action).scope,
  };
}

/** `operator-admin: any; enterprise-admin: tenant` — who may take the action, on whose data. */
export function describeAccess(access: RouteAccess): string {
  if (access.action === null) return 'Access: public.';
  const { reach } = permissionOf(access.action);
  const who = Object.entries(reach)
    .map(([role, scope]) => `${role} (${scope})`)
    .join(', ');
  return `Access (\`${access.action}\`, API-key scope \`${access.scope ?? ''}\`): ${who}.`;
}

/**
 * Authenticates (session cookie or `Authorization: Bearer sk_…`), checks CSRF for
 * cookie-authenticated state changes, the API key's scope and — through `authorize` — that one
 * of the caller's roles may take the route's action, and sets `c.get('auth')` to the actor.
 * Runs before input validation, so a caller without access learns nothing about the input
 * format. Whose data the caller may touch the services check. 401 UNAUTHENTICATED, 403
 * CSRF_FAILED, 403 FORBIDDEN.
 */
export function authenticate(access: RouteAccess): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    if (access.action === null) {
      c.set('auth', undefined);
      await next();
      return;
    }
    const auth = await resolveCaller(c);
    const scope = access.scope ?? 'write';
    if (!auth.scopes.includes(scope)) {
      throw new DomainError('FORBIDDEN', `the API key lacks the ${scope} scope`, { scope });
    }
    authorize(auth, access.action);
    c.set('auth', auth);
    await next();
  };
}

async function resolveCaller(c: Context<ApiEnv>): Promise<AuthContext> {
  const db = c.get('db');
  const now = c.get('now');
  const requestId = c.get('requestId');
  const authorization = c.req.header('authorization');
  if (authorization !== undefined) {
    const match = /^Bearer (\S+)$/.exec(authorization);
    const auth = match?.[1]
      ? await authenticateApiKey({ sql: db, secret: match[1], now, requestId })
      : null;
    if (!auth) throw new DomainError('UNAUTHENTICATED', 'unknown, revoked or expired API key');
    return auth;
  }
  const sessionToken = getCookie(c, SESSION_COOKIE);
  if (sessionToken === undefined) {
    throw new DomainError('UNAUTHENTICATED', 'sign in or send an API key');
  }
  const session = await authenticateSession({ sql: db, token: sessionToken, now, requestId });
  if (!session) throw new DomainError('UNAUTHENTICATED', 'the session expired or was ended');
  assertCsrf(c, session.csrfHashHex);
  return session.auth;
}

/** CSRF_FAILED when a cookie session changes state without its token in the header. */
function assertCsrf(c: Context<ApiEnv>, csrfHashHex: string): void {
  if (!SAFE_METHODS.has(c.req.method) && !csrfMatches(c.req.header(CSRF_HEADER), csrfHashHex)) {
    throw new DomainError(
      'CSRF_FAILED',
      `send the ${CSRF_COOKIE} cookie's value in ${CSRF_HEADER}`,
    );
  }
}

/**
 * The caller of a public route that answers a signed-in caller better (the calculator uses an
 * enterprise's own figures), or undefined for an anonymous one. A session cookie that expired
 * counts as anonymous, because browsers keep sending it and the route is public; an API key
 * that fails is 401 and a cookie session without its CSRF token 403, as on every other route.
 */
export async function optionalCaller(c: Context<ApiEnv>): Promise<AuthContext | undefined> {
  if (c.req.header('authorization') !== undefined) return resolveCaller(c);
  const sessionToken = getCookie(c, SESSION_COOKIE);
  if (sessionToken === undefined) return undefined;
  const session = await authenticateSession({
    sql: c.get('db'),
    token: sessionToken,
    now: c.get('now'),
  });
  if (!session) return undefined;
  assertCsrf(c, session.csrfHashHex);
  return session.auth;
}

function csrfMatches(header: string | undefined, expectedHashHex: string): boolean {
  if (header === undefined || header.length > 100) return false;
  const actual = Buffer.from(sha256Hex(header), 'hex');
  const expected = Buffer.from(expectedHashHex, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
