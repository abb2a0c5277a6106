import type { Role, TenantKind } from '../../domain/access/roles.ts';

export type ApiKeyScope = 'read' | 'write' | 'gateway';
export const apiKeyScopes: readonly ApiKeyScope[] = ['read', 'write', 'gateway'];

/** Who is calling: set by the API framework on every authenticated request (`c.get('auth')`). */
export interface AuthContext {
  userId: string;
  tenantId: string;
  tenantKind: TenantKind;
  roles: Role[];
  via: 'session' | 'apiKey';
  /** Sessions hold `read` and `write`; an API key holds the scopes it was created with. */
  scopes: ApiKeyScope[];
  /** The session (via session) or key (via apiKey) that authenticated the request. */
  credentialId: string;
}

export interface UserRow {
  id: string;
  tenant_id: string;
  tenant_kind: TenantKind;
  email: string;
  display_name: string;
  roles: string[];
  created_at: Date;
  disabled_at: Date | null;
}

/** A user as the API shows it (never the password hash). */
export interface User {
  id: string;
  tenantId: string;
  tenantKind: TenantKind;
  email: string;
  displayName: string;
  roles: Role[];
  createdAt: Date;
  disabled: boolean;
}

export const USER_COLUMNS = `u.id, u.tenant_id, t.kind as tenant_kind, u.email, u.display_name,
  u.roles, u.created_at, u.disabled_at`;

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    tenantKind: row.tenant_kind,
    email: row.email,
    displayName: row.display_name,
    // The column's check constraint admits only the six roles.
    roles: row.roles as Role[],
    createdAt: new Date(row.created_at),
    disabled: row.disabled_at !== null,
  };
}
