import type { Sql } from '../../db/client.ts';
import type { Actor } from '../authz/actor.ts';
import { listScope } from '../authz/authorize.ts';
import { API_KEY_COLUMNS, toApiKey, type ApiKey, type ApiKeyRow } from './api-key-row.ts';

/**
 * The API keys the actor may manage (`apiKey.list`), ordered by id, one page at a time: an
 * admin's tenant's keys, everyone else's own keys.
 */
export async function listApiKeys(options: {
  sql: Sql;
  actor: Actor;
  afterId?: string | undefined;
  limit: number;
}): Promise<{ apiKeys: ApiKey[]; hasMore: boolean }> {
  const scope = listScope(options.actor, 'apiKey.list');
  const rows = await options.sql.query<ApiKeyRow>(
    `select ${API_KEY_COLUMNS} from api_keys
      where ($1::uuid is null or tenant_id = $1::uuid) and ($2::uuid is null or created_by = $2::uuid)
        and ($3::uuid is null or id > $3::uuid)
      order by id limit $4`,
    [scope.tenantId, scope.ownerUserId, options.afterId ?? null, options.limit + 1],
  );
  return {
    apiKeys: rows.slice(0, options.limit).map(toApiKey),
    hasMore: rows.length > options.limit,
  };
}
