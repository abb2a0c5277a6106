import type { Sql } from '../../db/client.ts';
import { operatorProgramsSql } from '../programs/program-owner.ts';
import type { Actor } from '../authz/actor.ts';
import type { Action } from '../authz/permissions.ts';
import { voucherFilter } from './voucher-access.ts';
import {
  APPLICATION_COLUMNS,
  CLAIM_COLUMNS,
  GRANT_COLUMNS,
  toApplication,
  toClaim,
  toGrant,
  type Application,
  type Claim,
  type Grant,
} from './support/rows.ts';

/** Most rows one page returns. */
export const MAX_PAGE_SIZE = 200;

export interface ListFilter {
  sql: Sql;
  /**
   * Who lists: an enterprise sees its own rows, a provider the claims it is paid for, operator
   * staff the rows under their operator tenant's programs (`voucherFilter`).
   */
  actor: Actor;
  /** Only this enterprise's rows (NOT_FOUND outside the actor's reach). */
  enterpriseId?: string | undefined;
  programId?: string;
  state?: string;
  /** Rows with ids after this one (ids are UUIDv7, so this is creation order). */
  afterId?: string;
  limit: number;
}

interface Page<T> {
  items: T[];
  /** The id to pass as `afterId` for the next page, or null at the end. */
  nextAfterId: string | null;
}

async function listRows<T extends { id: string }>(
  filter: ListFilter,
  action: Action,
  table: string,
  columns: string,
  map: (row: Record<string, unknown>) => T,
  providerColumn: 'provider_id' | null = null,
): Promise<Page<T>> {
  const limit = Math.max(1, Math.min(filter.limit, MAX_PAGE_SIZE));
  const scope = voucherFilter(filter.actor, action, filter.enterpriseId);
  if (scope.providerId !== undefined && providerColumn === null) {
    throw new Error(`${table} has no provider column to list a provider's rows by`);
  }
  const rows = await filter.sql.query(
    `select ${columns} from ${table}
      where ($1::uuid is null or enterprise_id = $1)
        and ($2::text is null or program_id = $2)
        and ($3::text is null or state = $3)
        and ($4::uuid is null or id > $4)
        and ${providerColumn === null ? '$6::uuid is null' : `($6::uuid is null or ${providerColumn} = $6)`}
        and ${operatorProgramsSql('program_id', '$7')}
      order by id limit $5`,
    [
      scope.enterpriseId ?? null,
      filter.programId ?? null,
      filter.state ?? null,
      filter.afterId ?? null,
      limit + 1,
      scope.providerId ?? null,
      scope.operatorTenantId ?? null,
    ],
  );
  const items = rows.slice(0, limit).map(map);
  return { items, nextAfterId: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
}

/** Applications, oldest first, filtered and paged. */
export function listApplications(filter: ListFilter): Promise<Page<Application>> {
  return listRows(
    filter,
    'application.list',
    'voucher_applications',
    APPLICATION_COLUMNS,
    toApplication,
  );
}

/** Grants, oldest first, filtered and paged. */
export function listGrants(filter: ListFilter): Promise<Page<Grant>> {
  return listRows(filter, 'grant.list', 'voucher_grants', GRANT_COLUMNS, toGrant);
}

/** Claims, oldest first, filtered and paged. */
export function listClaims(filter: ListFilter): Promise<Page<Claim>> {
  return listRows(filter, 'claim.list', 'voucher_claims', CLAIM_COLUMNS, toClaim, 'provider_id');
}
