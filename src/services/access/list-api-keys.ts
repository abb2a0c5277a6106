import type { Sql } from '../../db/client.ts';
import { API_KEY_COLUMNS, toApiKey, type ApiKey, type ApiKeyRow } from './api-key-row.ts';

/** Keys of one tenant ordered by id, one page at a time. */
export async function listApiKeys(options: {
  sql: Sql;
  tenantId: string;
  afterId?: string | undefined;
  limit: number;
}): Promise<{ apiKeys: ApiKey[]; hasMore: boolean }> {
  const rows = await options.sql.query<ApiKeyRow>(
    `select ${API_KEY_COLUMNS} from api_keys
      where tenant_id = $1 and ($2::uuid is null or id > $2::uuid) order by id limit $3`,
    [options.tenantId, options.afterId ?? null, options.limit + 1],
  );
  return {
    apiKeys: rows.slice(0, options.limit).map(toApiKey),
    hasMore: rows.length > options.limit,
  };
}
