import type { Sql } from '../../db/client.ts';
import type { Provider, ProviderKind } from '../../domain/parties/provider.ts';
import type { Actor } from '../authz/actor.ts';
import { listScope } from '../authz/authorize.ts';
import { checkPage, type Page } from './list-enterprises.ts';
import { PROVIDER_COLUMNS, toProvider, type ProviderRow } from './rows.ts';

export interface ListProvidersOptions {
  sql: Sql;
  /** Who lists; `provider.list` gives the rows they see. */
  actor: Actor;
  /** Page size, 1–200. */
  limit: number;
  /** The last id of the previous page. */
  afterId?: string | undefined;
  kind?: ProviderKind | undefined;
}

/**
 * A page of providers in id order. Providers are public to every signed-in user: enterprises
 * choose among them.
 */
export async function listProviders(options: ListProvidersOptions): Promise<Page<Provider>> {
  const { limit, afterId } = options;
  const scope = listScope(options.actor, 'provider.list');
  checkPage(limit, afterId);
  const rows = await options.sql.query<ProviderRow>(
    `select ${PROVIDER_COLUMNS} from providers
      where ($1::uuid is null or id > $1::uuid) and ($2::text is null or $2::text = any(kinds))
        and ($4::uuid is null or id = $4::uuid)
      order by id limit $3`,
    [afterId ?? null, options.kind ?? null, limit + 1, scope.tenantId],
  );
  const items = rows.slice(0, limit).map(toProvider);
  const last = items.at(-1);
  return { items, nextAfterId: rows.length > limit && last ? last.id : null };
}
