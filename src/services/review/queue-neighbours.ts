import type { Sql } from '../../db/client.ts';
import type { Actor } from '../authz/actor.ts';
import { listScope } from '../authz/authorize.ts';
import { operatorProgramsSql } from '../vouchers/index.ts';
import { queueSql, type ReviewKind } from './review-queue-order.ts';

/** Where an item stands in its queue, for "previous" and "next" without another list read. */
export interface QueuePosition {
  /** 1-based; null when the item no longer waits (decided meanwhile). */
  position: number | null;
  total: number;
  previousId: string | null;
  /** The item after this one, or the queue's head when this one no longer waits. */
  nextId: string | null;
}

/**
 * The item's place in the caller's queue of `kind` (optionally one program's), with its
 * neighbours in queue order.
 */
export async function queueNeighbours(options: {
  sql: Sql;
  actor: Actor;
  kind: ReviewKind;
  id: string;
  programId?: string | undefined;
}): Promise<QueuePosition> {
  const scope = listScope(options.actor, 'reviewQueue.read');
  const queue = queueSql[options.kind];
  const [row] = await options.sql.query<{
    total: number;
    first_id: string | null;
    position: number | null;
    previous_id: string | null;
    next_id: string | null;
  }>(
    `with queue as (
       select e.id, row_number() over w as position,
              lag(e.id) over w as previous_id, lead(e.id) over w as next_id
         from ${queue.table} e
        where ${queue.waiting}
          and ($1::text is null or e.program_id = $1)
          and ${operatorProgramsSql('e.program_id', '$2')}
       window w as (order by ${queue.orderBy}))
     select (select count(*) from queue)::int as total,
            (select id from queue order by position limit 1) as first_id,
            q.position::int as position, q.previous_id, q.next_id
       from (select 1) as one left join queue q on q.id = $3::uuid`,
    [options.programId ?? null, scope.operatorTenantId, options.id],
  );
  if (row === undefined || row.position === null) {
    return {
      position: null,
      total: row?.total ?? 0,
      previousId: null,
      nextId: row?.first_id ?? null,
    };
  }
  return {
    position: row.position,
    total: row.total,
    previousId: row.previous_id,
    nextId: row.next_id,
  };
}
