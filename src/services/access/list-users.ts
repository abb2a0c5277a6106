import type { Sql } from '../../db/client.ts';
import { USER_COLUMNS, toUser, type User, type UserRow } from './auth-context.ts';

export interface ListUsersOptions {
  sql: Sql;
  /** Only this tenant's users; null = every tenant (operator-admin). */
  tenantId: string | null;
  /** Continue after this user id (ids are uuid v7, so this is creation order). */
  afterId?: string | undefined;
  limit: number;
}

/** Users ordered by id; returns one page and whether more follow. */
export async function listUsers(
  options: ListUsersOptions,
): Promise<{ users: User[]; hasMore: boolean }> {
  const rows = await options.sql.query<UserRow>(
    `select ${USER_COLUMNS} from users u join tenants t on t.id = u.tenant_id
      where ($1::uuid is null or u.tenant_id = $1::uuid)
        and ($2::uuid is null or u.id > $2::uuid)
      order by u.id limit $3`,
    [options.tenantId, options.afterId ?? null, options.limit + 1],
  );
  return { users: rows.slice(0, options.limit).map(toUser), hasMore: rows.length > options.limit };
}

/** One user by id, or null. */
export async function getUser(options: { sql: Sql; id: string }): Promise<User | null> {
  const [row] = await options.sql.query<UserRow>(
    `select ${USER_COLUMNS} from users u join tenants t on t.id = u.tenant_id where u.id = $1`,
    [options.id],
  );
  return row ? toUser(row) : null;
}
