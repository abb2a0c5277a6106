import type { Sql } from '../../db/client.ts';
import type { AuthContext, UserRow } from './auth-context.ts';
import { USER_COLUMNS, toUser } from './auth-context.ts';
import { sha256Hex } from './secrets.ts';

export interface SessionAuth {
  auth: AuthContext;
  /** sha256 of the CSRF token bound to the session, to compare with `x-csrf-token`. */
  csrfHashHex: string;
}

/**
 * Resolves a session cookie to its user: null when the token is unknown, expired, revoked, or
 * the user is disabled. Roles are read from the user on every request, so a change applies at once.
 */
export async function authenticateSession(options: {
  sql: Sql;
  token: string;
  now: Date;
  requestId?: string | null | undefined;
}): Promise<SessionAuth | null> {
  if (options.token.length < 20 || options.token.length > 100) return null;
  const [row] = await options.sql.query<UserRow & { session_id: string; csrf_hash_hex: string }>(
    `select ${USER_COLUMNS}, s.id as session_id, encode(s.csrf_hash, 'hex') as csrf_hash_hex
       from sessions s join users u on u.id = s.user_id join tenants t on t.id = u.tenant_id
      where s.token_hash = decode($1, 'hex') and s.revoked_at is null and s.expires_at > $2
        and u.disabled_at is null`,
    [sha256Hex(options.token), options.now],
  );
  if (!row) return null;
  const user = toUser(row);
  return {
    auth: {
      userId: user.id,
      tenantId: user.tenantId,
      tenantKind: user.tenantKind,
      roles: user.roles,
      via: 'session',
      scopes: ['read', 'write'],
      credentialId: row.session_id,
      requestId: options.requestId ?? null,
    },
    csrfHashHex: row.csrf_hash_hex,
  };
}
