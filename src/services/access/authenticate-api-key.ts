import type { Sql } from '../../db/client.ts';
import { keyScopesFor } from '../authz/permissions.ts';
import type { ApiKeyScope, AuthContext, UserRow } from './auth-context.ts';
import { USER_COLUMNS, toUser } from './auth-context.ts';
import { sha256Hex } from './secrets.ts';

const SECRET_PATTERN = /^sk_[A-Za-z0-9_-]{43}$/;

/**
 * Resolves `Authorization: Bearer sk_…` to its key: null when unknown, revoked, expired or
 * when its creator is disabled. The key acts with its creator's current roles, limited by
 * its scopes — and those by what the roles may do today (`keyScopesFor`): a `write` key of a
 * person since made auditor only reads.
 */
export async function authenticateApiKey(options: {
  sql: Sql;
  secret: string;
  now: Date;
  requestId?: string | null | undefined;
}): Promise<AuthContext | null> {
  if (!SECRET_PATTERN.test(options.secret)) return null;
  const [row] = await options.sql.query<
    UserRow & { key_id: string; scopes: string[]; key_tenant_id: string }
  >(
    `select ${USER_COLUMNS}, k.id as key_id, k.scopes, k.tenant_id as key_tenant_id
       from api_keys k join users u on u.id = k.created_by join tenants t on t.id = k.tenant_id
      where k.secret_hash = decode($1, 'hex') and k.revoked_at is null
        and (k.expires_at is null or k.expires_at > $2) and u.disabled_at is null`,
    [sha256Hex(options.secret), options.now],
  );
  if (!row) return null;
  const user = toUser(row);
  const allowed = keyScopesFor(user.roles);
  return {
    userId: user.id,
    tenantId: row.key_tenant_id,
    tenantKind: user.tenantKind,
    roles: user.roles,
    via: 'apiKey',
    // The column's check constraint admits only the three scopes.
    scopes: (row.scopes as ApiKeyScope[]).filter((scope) => allowed.includes(scope)),
    credentialId: row.key_id,
    requestId: options.requestId ?? null,
  };
}
