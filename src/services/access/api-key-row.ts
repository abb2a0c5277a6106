import type { ApiKeyScope } from './auth-context.ts';

/** An API key as lists show it: never the secret, only its first characters. */
export interface ApiKey {
  id: string;
  tenantId: string;
  createdBy: string;
  name: string;
  prefix: string;
  scopes: ApiKeyScope[];
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

export interface ApiKeyRow {
  id: string;
  tenant_id: string;
  created_by: string;
  name: string;
  prefix: string;
  scopes: string[];
  created_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
}

export const API_KEY_COLUMNS =
  'id, tenant_id, created_by, name, prefix, scopes, created_at, expires_at, revoked_at';

export function toApiKey(row: ApiKeyRow): ApiKey {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    createdBy: row.created_by,
    name: row.name,
    prefix: row.prefix,
    // The column's check constraint admits only the three scopes.
    scopes: row.scopes as ApiKeyScope[],
    createdAt: new Date(row.created_at),
    expiresAt: row.expires_at ? new Date(row.expires_at) : null,
    revokedAt: row.revoked_at ? new Date(row.revoked_at) : null,
  };
}
