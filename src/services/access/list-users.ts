import { DomainError } from '../../domain/shared/errors.ts';
import type { Sql } from '../../db/client.ts';
import type { Actor } from '../authz/actor.ts';
import { authorize, listScope } from '../authz/authorize.ts';
import { USER_COLUMNS, toUser, type User, type UserRow } from './auth-context.ts';

export interface ListUsersOptions {
  sql: Sql;
  /** `user.list`: admins their tenant's users (operator-admin every tenant's), others themselves. */
  actor: Actor;
  /** Only this tenant's users (NOT_FOUND outside the actor's reach). */
  tenantId?: string | undefined;
  /** Continue after this user id (ids are uuid v7, so this is creation order). */
  afterId?: string | undefined;
  limit: number;
}

/** The users the actor may see, ordered by id; returns one page and whether more follow. */
export async function listUsers(
  options: ListUsersOptions,
): Promise<{ users: User[]; hasMore: boolean }> {
  const scope = listScope(options.actor, 'user.list', options.tenantId);
  const rows = await options.sql.query<UserRow>(
    `select ${USER_COLUMNS} from users u join tenants t on t.id = u.tenant_id
      where ($1::uuid is null or u.tenant_id = $1::uuid)
        and ($2::uuid is null or u.id = $2::uuid)
        and ($3::uuid is null or u.id > $3::uuid)
      order by u.id limit $4`,
    [scope.tenantId, scope.ownerUserId, options.afterId ?? null, options.limit + 1],
  );
  return { users: rows.slice(0, options.limit).map(toUser), hasMore: rows.length > options.limit };
}

/**
 * One user the actor may read (`user.read`: themselves, their tenant's as an admin, every
 * tenant's as operator-admin); NOT_FOUND otherwise, whether it exists or not.
 */
export async function getUser(options: { sql: Sql; actor: Actor; id: string }): Promise<User> {
  authorize(options.actor, 'user.read');
  const [row] = await options.sql.query<UserRow>(
    `select ${USER_COLUMNS} from users u join tenants t on t.id = u.tenant_id where u.id = $1`,
    [options.id],
  );
  if (!row) throw new DomainError('NOT_FOUND', undefined, { field: 'id' });
  const user = toUser(row);
  authorize(options.actor, 'user.read', { tenantId: user.tenantId, ownerUserId: user.id });
  return user;
}
