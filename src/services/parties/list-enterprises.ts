import type { Sql } from '../../db/client.ts';
import type { CreditRecord, Enterprise, EnterpriseSize } from '../../domain/parties/enterprise.ts';
import { isRegionCode, regionPrefix } from '../../domain/parties/region.ts';
import { normalizeUscc } from '../../domain/parties/uscc.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import type { Actor } from '../authz/actor.ts';
import { listScope } from '../authz/authorize.ts';
import { ENTERPRISE_COLUMNS, isUuid, toEnterprise, type EnterpriseRow } from './rows.ts';

export const LIST_LIMIT_MAX = 200;

export interface ListEnterprisesOptions {
  sql: Sql;
  /** Who lists; `enterprise.list` gives the rows they see. */
  actor: Actor;
  /** Page size, 1–200. */
  limit: number;
  /** The last id of the previous page (ids are UUIDv7, so pages run in registration order). */
  afterId?: string | undefined;
  /** Only enterprises registered inside this GB/T 2260 division (province, city or district). */
  regionCode?: string | undefined;
  size?: EnterpriseSize | undefined;
  creditRecord?: CreditRecord | undefined;
  /** A USCC (exact) or part of the name (case-insensitive). */
  search?: string | undefined;
}

export interface Page<T> {
  items: T[];
  /** Pass as `afterId` for the next page; null on the last page. */
  nextAfterId: string | null;
}

/** Checks `limit` and `afterId` of a list request; shared by the list services. */
export function checkPage(limit: number, afterId: string | undefined): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > LIST_LIMIT_MAX) {
    throw new DomainError('VALIDATION_FAILED', `limit: 1 to ${LIST_LIMIT_MAX}`, { field: 'limit' });
  }
  if (afterId !== undefined && !isUuid(afterId)) {
    throw new DomainError('VALIDATION_FAILED', 'cursor: not a cursor of this list', {
      field: 'cursor',
    });
  }
}

/**
 * A page of enterprises in id order, optionally filtered, limited to what `enterprise.list`
 * lets the actor see (operator staff: every enterprise).
 *
 * @example
 * const first = await listEnterprises({ sql: db, actor, limit: 50, regionCode: '330100' });
 * const next = await listEnterprises({ sql: db, actor, limit: 50,
 *   afterId: first.nextAfterId ?? undefined });
 */
export async function listEnterprises(options: ListEnterprisesOptions): Promise<Page<Enterprise>> {
  const { limit, afterId, regionCode } = options;
  const scope = listScope(options.actor, 'enterprise.list');
  checkPage(limit, afterId);
  const search = (options.search ?? '').trim();
  if (search.length > 200) {
    throw new DomainError('VALIDATION_FAILED', 'search: at most 200 characters', {
      field: 'search',
    });
  }
  if (regionCode !== undefined && !isRegionCode(regionCode)) {
    throw new DomainError('VALIDATION_FAILED', 'regionCode: a 6-digit GB/T 2260 code', {
      field: 'regionCode',
    });
  }
  const rows = await options.sql.query<EnterpriseRow>(
    `select ${ENTERPRISE_COLUMNS} from enterprises
      where ($1::uuid is null or id > $1::uuid)
        and ($2::text is null or starts_with(region_code, $2::text))
        and ($3::text is null or size = $3::text)
        and ($4::text is null or credit_record = $4::text)
        and ($6::text is null or uscc = $6::text or name ilike $7::text)
        and ($8::uuid is null or id = $8::uuid)
      order by id limit $5`,
    [
      afterId ?? null,
      regionCode === undefined ? null : regionPrefix(regionCode),
      options.size ?? null,
      options.creditRecord ?? null,
      limit + 1,
      search === '' ? null : normalizeUscc(search),
      // `\` escapes LIKE's wildcards, so a search for "50%" finds a literal "50%".
      `%${search.replace(/[\\%_]/g, (char) => `\\${char}`)}%`,
      scope.tenantId,
    ],
  );
  const items = rows.slice(0, limit).map(toEnterprise);
  const last = items.at(-1);
  return { items, nextAfterId: rows.length > limit && last ? last.id : null };
}
