import type { Sql } from '../../db/client.ts';
import type { Actor } from '../authz/actor.ts';
import { listScope } from '../authz/authorize.ts';
import { operatorProgramsSql } from '../vouchers/index.ts';
import { queueSql, type ReviewKind } from './review-queue-order.ts';

/** One waiting application or claim as the queue lists it. */
export interface ReviewQueueEntry {
  kind: ReviewKind;
  id: string;
  programId: string;
  enterpriseId: string;
  enterpriseName: string | null;
  state: string;
  /** Applications: the amount asked for; claims: the subsidy reserved. */
  amountFen: bigint;
  waitingSince: Date;
  /** Risk flags raised on a claim (0 for applications). */
  riskFlags: number;
}

/** Most entries one read returns. */
export const MAX_QUEUE_PAGE = 200;

/**
 * The applications or claims waiting for a decision under the caller's operator tenant's
 * programs, in queue order (`review-queue-order.ts`), a page at a time (`page` from 1, `limit`
 * entries each), with how many wait in all. Pages are by position: an item decided meanwhile
 * shifts the later ones one place forward (the console follows an item by its position).
 *
 * @example
 * const { items, total } = await listReviewQueue({ sql: db, actor, kind: 'application', limit: 50, page: 2 });
 */
export async function listReviewQueue(options: {
  sql: Sql;
  /** `reviewQueue.read`: operator staff, their programs. */
  actor: Actor;
  kind: ReviewKind;
  programId?: string | undefined;
  limit: number;
  /** Which page of `limit` entries, from 1 (default 1). */
  page?: number | undefined;
}): Promise<{ items: ReviewQueueEntry[]; total: number }> {
  const scope = listScope(options.actor, 'reviewQueue.read');
  const queue = queueSql[options.kind];
  const limit = Math.max(1, Math.min(options.limit, MAX_QUEUE_PAGE));
  const offset = (Math.max(1, Math.trunc(options.page ?? 1)) - 1) * limit;
  const filter = [options.programId ?? null, scope.operatorTenantId];
  const amount = options.kind === 'application' ? 'e.requested_fen' : 'e.reserved_fen';
  const flags =
    options.kind === 'claim'
      ? '(select count(*) from claim_risk_flags f where f.claim_id = e.id)::int'
      : '0';
  const rows = await options.sql.query<{
    id: string;
    program_id: string;
    enterprise_id: string;
    enterprise_name: string | null;
    state: string;
    amount_fen: bigint;
    waiting_since: Date;
    risk_flags: number;
    total: number;
  }>(
    `select e.id, e.program_id, e.enterprise_id, p.name as enterprise_name, e.state,
            ${amount} as amount_fen, ${queue.waitingSince} as waiting_since,
            ${flags} as risk_flags, (count(*) over ())::int as total
       from ${queue.table} e left join enterprises p on p.id = e.enterprise_id
      where ${queue.waiting}
        and ($1::text is null or e.program_id = $1)
        and ${operatorProgramsSql('e.program_id', '$2')}
      order by ${queue.orderBy}
      limit $3 offset $4`,
    [...filter, limit, offset],
  );
  // A page past the end has no row to carry the total: count the queue by itself then.
  const total =
    rows[0]?.total ??
    (offset === 0
      ? 0
      : ((
          await options.sql.query<{ total: number }>(
            `select count(*)::int as total from ${queue.table} e
              where ${queue.waiting}
                and ($1::text is null or e.program_id = $1)
                and ${operatorProgramsSql('e.program_id', '$2')}`,
            filter,
          )
        )[0]?.total ?? 0));
  return {
    total,
    items: rows.map((row) => ({
      kind: options.kind,
      id: row.id,
      programId: row.program_id,
      enterpriseId: row.enterprise_id,
      enterpriseName: row.enterprise_name,
      state: row.state,
      amountFen: row.amount_fen,
      waitingSince: row.waiting_since,
      riskFlags: row.risk_flags,
    })),
  };
}
