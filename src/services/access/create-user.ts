import { v7 as uuidv7 } from 'uuid';
import { checkRolesForTenant, type TenantKind } from '../../domain/access/roles.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import type { Sql } from '../../db/client.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Actor } from '../authz/actor.ts';
import { authorize } from '../authz/authorize.ts';
import type { User } from './auth-context.ts';
import { hashPassword } from './secrets.ts';

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;
const EMAIL_PATTERN = /^[^\s@]{1,64}@[^\s@]{1,189}\.[^\s@]{1,63}$/;

export interface CreateUserOptions {
  sql: Sql;
  tenantId: string;
  email: string;
  displayName: string;
  password: string;
  roles: readonly string[];
  /**
   * Who creates the user (`user.create`: an operator-admin in any tenant, an enterprise-admin
   * in its own); `systemActor` for seeders.
   */
  actor: Actor;
  requestId?: string | null | undefined;
  now: Date;
}

/**
 * Creates a user in a tenant with roles that fit the tenant's kind, if the actor may create
 * users there (`user.create`; the roles then follow from the tenant's kind). Errors: FORBIDDEN
 * (the actor's roles may not create users), VALIDATION_FAILED (field named), NOT_FOUND
 * (tenantId, also another tenant's for an enterprise-admin), CONFLICT (email taken).
 */
export async function createUser(options: CreateUserOptions): Promise<User> {
  authorize(options.actor, 'user.create');
  const email = options.email.trim().toLowerCase();
  if (!EMAIL_PATTERN.test(email) || email.length > 254) {
    throw new DomainError('VALIDATION_FAILED', 'email: not an email address', { field: 'email' });
  }
  const displayName = options.displayName.trim();
  if (displayName.length < 1 || displayName.length > 200) {
    throw new DomainError('VALIDATION_FAILED', 'displayName: 1 to 200 characters', {
      field: 'displayName',
    });
  }
  const { password } = options;
  if (password.length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `password: ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters`,
      { field: 'password' },
    );
  }
  const [tenant] = await options.sql.query<{ kind: TenantKind }>(
    'select kind from tenants where id = $1',
    [options.tenantId],
  );
  if (!tenant) {
    throw new DomainError('NOT_FOUND', `tenant ${options.tenantId} not found`, {
      field: 'tenantId',
    });
  }
  authorize(options.actor, 'user.create', { tenantId: options.tenantId });
  const roles = checkRolesForTenant(options.roles, tenant.kind);
  const id = uuidv7();
  const passwordHash = await hashPassword(password);
  const inserted = await options.sql.query<{ id: string }>(
    `insert into users (id, tenant_id, email, display_name, password_hash, roles, created_by, created_at)
     values ($1, $2, $3, $4, $5, $6::text[], $7, $8)
     on conflict (email) do nothing returning id`,
    [
      id,
      options.tenantId,
      email,
      displayName,
      passwordHash,
      roles,
      options.actor.userId ?? null,
      options.now,
    ],
  );
  if (inserted.length === 0) {
    throw new DomainError('CONFLICT', 'a user with this email exists already', { field: 'email' });
  }
  const user: User = {
    id,
    tenantId: options.tenantId,
    tenantKind: tenant.kind,
    email,
    displayName,
    roles,
    createdAt: options.now,
    disabled: false,
  };
  await recordAudit({
    sql: options.sql,
    actor: options.actor,
    action: 'user.create',
    entity: { type: 'user', id, tenantId: options.tenantId },
    after: { id, email, displayName, roles, tenantId: options.tenantId },
    requestId: options.requestId ?? options.actor.requestId,
    now: options.now,
  });
  return user;
}
