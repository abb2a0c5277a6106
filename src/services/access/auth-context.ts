import type { Role, TenantKind } from '../../domain/access/roles.ts';
import type { PersonActor } from '../authz/actor.ts';

export { apiKeyScopes, type ApiKeyScope } from '../authz/actor.ts';

/**
 * Who is calling: the person (session or API key) the API framework authenticated. The same
 * shape as `PersonActor` — the name the HTTP layer has used since before the Actor existed.
 */
export type AuthContext = PersonActor;

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

/**
 * The actor of `user` acting in person without a request: for seeders, benchmarks and tests
 * that do what the user would do through a session (the credential is the nil uuid).
 *
 * @example
 * await createApiKey({ sql, actor: personActorOf(user), name: 'ci', scopes: ['read'], now });
 */
export function personActorOf(user: User): PersonActor {
  return {
    via: 'session',
    userId: user.id,
    tenantId: user.tenantId,
    tenantKind: user.tenantKind,
    roles: [...user.roles],
    scopes: ['read', 'write'],
    credentialId: '00000000-0000-0000-0000-000000000000',
    requestId: null,
  };
}
