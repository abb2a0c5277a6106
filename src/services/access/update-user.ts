import { checkRolesForTenant } from '../../domain/access/roles.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import type { Sql } from '../../db/client.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Actor } from '../authz/actor.ts';
import { authorize } from '../authz/authorize.ts';
import { USER_COLUMNS, toUser, type User, type UserRow } from './auth-context.ts';

export interface UpdateUserOptions {
  sql: Sql;
  id: string;
  changes: {
    displayName?: string | undefined;
    roles?: readonly string[] | undefined;
    disabled?: boolean | undefined;
  };
  /** `user.update`: an operator-admin any user, an enterprise-admin its enterprise's. */
  actor: Actor;
  requestId?: string | null | undefined;
  now: Date;
}

/**
 * Renames a user, changes its roles (fitting its tenant's kind) or disables / re-enables it.
 * A disabled user's sessions and API keys stop working at once (authentication checks the
 * user on every request). Records `user.update` with before and after. Nobody disables
 * themselves (an admin locking the tenant out by accident). A user the actor may not update is
 * NOT_FOUND (FORBIDDEN for roles that update nobody).
 */
export async function updateUser(options: UpdateUserOptions): Promise<User> {
  const { sql, changes } = options;
  authorize(options.actor, 'user.update');
  const [row] = await sql.query<UserRow>(
    `select ${USER_COLUMNS} from users u join tenants t on t.id = u.tenant_id where u.id = $1 for update of u`,
    [options.id],
  );
  if (!row) throw new DomainError('NOT_FOUND', `user ${options.id} not found`, { field: 'id' });
  const before = toUser(row);
  authorize(options.actor, 'user.update', { tenantId: before.tenantId, ownerUserId: before.id });
  if (changes.disabled === true && options.actor.userId === before.id) {
    throw new DomainError('CONFLICT', 'you cannot disable yourself', { field: 'disabled' });
  }
  const displayName = changes.displayName?.trim() ?? before.displayName;
  if (displayName.length < 1 || displayName.length > 200) {
    throw new DomainError('VALIDATION_FAILED', 'displayName: 1 to 200 characters', {
      field: 'displayName',
    });
  }
  const roles = changes.roles
    ? checkRolesForTenant(changes.roles, before.tenantKind)
    : before.roles;
  const disabled = changes.disabled ?? before.disabled;
  const [updated] = await sql.query<{ id: string }>(
    `update users set display_name = $2, roles = $3::text[],
        disabled_at = case when $4::boolean then coalesce(disabled_at, $5) else null end
      where id = $1 returning id`,
    [before.id, displayName, roles, disabled, options.now],
  );
  if (!updated) throw new Error('user vanished while locked');
  const after: User = { ...before, displayName, roles, disabled };
  await recordAudit({
    sql,
    actor: options.actor,
    action: 'user.update',
    entity: { type: 'user', id: before.id, tenantId: before.tenantId },
    before: { displayName: before.displayName, roles: before.roles, disabled: before.disabled },
    after: { displayName, roles, disabled },
    requestId: options.requestId ?? options.actor.requestId,
    now: options.now,
  });
  return after;
}
