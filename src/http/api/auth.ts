import { getCookie } from 'hono/cookie';
import type { Context, MiddlewareHandler } from 'hono';
import { timingSafeEqual } from 'node:crypto';
import { DomainError } from '../../domain/shared/errors.ts';
import {
  authenticateApiKey,
  authenticateSession,
  operatorRoles,
  sha256Hex,
  type ApiKeyScope,
  type AuthContext,
  type Role,
} from '../../services/access/index.ts';
import type { ApiEnv } from './api-env.ts';

export const SESSION_COOKIE = 'suanli_session';
export const CSRF_COOKIE = 'suanli_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/** Who may call a route and whose data it touches. */
export interface RouteAccess {
  /** Roles allowed to call; 'public' for no authentication at all. */
  roles: readonly Role[] | 'public';
  /**
   * 'own': the handler reads and writes the caller's tenant only (another tenant's resource
   * is 404). 'any': operator roles act on every tenant (others still only their own).
   * Documentation for the OpenAPI document and the authorization matrix; handlers enforce it
   * with `assertSameTenant` / `tenantFilter`.
   */
  tenant: 'own' | 'any';
  /** API-key scope needed; defaults to `read` for GET and `write` otherwise. */
  scope?: ApiKeyScope | undefined;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Authenticates (session cookie or `Authorization: Bearer sk_…`), checks CSRF for
 * cookie-authenticated state changes, the API key's scope and the route's roles, and sets
 * `c.get('auth')`. Runs before input validation, so a caller without access learns nothing
 * about the input format. 401 UNAUTHENTICATED, 403 CSRF_FAILED, 403 FORBIDDEN.
 */
export function authenticate(access: RouteAccess): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    if (access.roles === 'public') {
      c.set('auth', undefined);
      await next();
      return;
    }
    const auth = await resolveCaller(c);
    const scope = access.scope ?? (SAFE_METHODS.has(c.req.method) ? 'read' : 'write');
    if (!auth.scopes.includes(scope)) {
      throw new DomainError('FORBIDDEN', `the API key lacks the ${scope} scope`, { scope });
    }
    requireRole(auth, access.roles);
    c.set('auth', auth);
    await next();
  };
}

async function resolveCaller(c: Context<ApiEnv>): Promise<AuthContext> {
  const db = c.get('db');
  const now = c.get('now');
  const authorization = c.req.header('authorization');
  if (authorization !== undefined) {
    const match = /^Bearer (\S+)$/.exec(authorization);
    const auth = match?.[1] ? await authenticateApiKey({ sql: db, secret: match[1], now }) : null;
    if (!auth) throw new DomainError('UNAUTHENTICATED', 'unknown, revoked or expired API key');
    return auth;
  }
  const sessionToken = getCookie(c, SESSION_COOKIE);
  if (sessionToken === undefined) {
    throw new DomainError('UNAUTHENTICATED', 'sign in or send an API key');
  }
  const session = await authenticateSession({ sql: db, token: sessionToken, now });
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

/** Throws 403 FORBIDDEN unless the caller holds one of `allowed`. */
export function requireRole(auth: AuthContext, allowed: readonly Role[]): void {
  if (!auth.roles.some((role) => allowed.includes(role))) {
    throw new DomainError('FORBIDDEN', `needs one of the roles ${allowed.join(', ')}`, {
      roles: allowed,
    });
  }
}

/** Whether the caller is operator staff (operator-admin, reviewer or auditor). */
export function isOperator(auth: AuthContext): boolean {
  return auth.tenantKind === 'operator' && auth.roles.some((role) => operatorRoles.includes(role));
}

/**
 * Throws 404 NOT_FOUND when a resource of `tenantId` is not the caller's, so that ids of other
 * tenants do not leak. Pass `{ operatorMay: true }` on routes whose access is `tenant: 'any'`.
 *
 * @example
 * const grant = await getGrant({ sql: db, id });
 * assertSameTenant(auth, grant?.tenantId, { operatorMay: true });
 */
export function assertSameTenant(
  auth: AuthContext,
  tenantId: string | null | undefined,
  options: { operatorMay?: boolean } = {},
): asserts tenantId is string {
  if (tenantId === null || tenantId === undefined) throw new DomainError('NOT_FOUND');
  if (tenantId === auth.tenantId) return;
  if (options.operatorMay === true && isOperator(auth)) return;
  throw new DomainError('NOT_FOUND');
}

/**
 * The tenant a list query is limited to: the caller's own, or for operator staff on 'any'
 * routes the requested one (null = all tenants).
 */
export function tenantFilter(
  auth: AuthContext,
  requested: string | undefined,
  options: { operatorMay?: boolean } = {},
): string | null {
  if (options.operatorMay === true && isOperator(auth)) return requested ?? null;
  if (requested !== undefined && requested !== auth.tenantId) throw new DomainError('NOT_FOUND');
  return auth.tenantId;
}
