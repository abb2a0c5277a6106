import { v7 as uuidv7 } from 'uuid';
import { checkNewPassword } from '../../domain/access/password-policy.ts';
import { checkRolesForTenant, type TenantKind } from '../../domain/access/roles.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import type { Sql } from '../../db/client.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Actor } from '../authz/actor.ts';
import { authorize } from '../authz/authorize.ts';
import type { User } from './auth-context.ts';
import { isCommonPassword } from './common-passwords.ts';
import { hashPassword } from './secrets.ts';

export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../domain/access/password-policy.ts';
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
 * users there (`user.create`; the roles then follow from the tenant's kind). The password
 * follows `checkNewPassword` (NIST SP 800-63B: length, the shipped list of common and breached
 * passwords, no repetitive or sequential strings, not the email name). Emails are global
 * sign-in names, so one taken in any tenant is EMAIL_UNAVAILABLE, with the same body whether
 * the caller's tenant or another has it: the caller learns that the address cannot be used,
 * never whose it is.
 * Errors: FORBIDDEN (the actor's roles may not create users), VALIDATION_FAILED (field named),
 * PASSWORD_TOO_COMMON, PASSWORD_TOO_WEAK, NOT_FOUND (tenantId, also another tenant's for an
 * enterprise-admin), EMAIL_UNAVAILABLE.
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
  checkNewPassword({ password, email, isCommon: isCommonPassword });
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
    throw new DomainError('EMAIL_UNAVAILABLE', 'email: cannot be used for a new user', {
      field: 'email',
    });
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
