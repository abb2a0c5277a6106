import type { Sql } from '../../../db/client.ts';
import { assert } from '../../../domain/shared/assert.ts';

export type WindowDimension = 'requests' | 'tokens' | 'spend-day' | 'spend-month';

/**
 * Takes up to `wanted` units of a key's allowance in one window for this process, in ONE
 * guarded statement: the row's `used` grows by what still fits under `limit`, never past it,
 * whatever other processes do at the same time (the upsert locks the row; the second of two
 * racing statements sees the first's count). Returns the units granted: `wanted`, less when
 * the window is nearly used up, 0 when it is.
 *
 * @example
 * const granted = await takeWindowSlice({ sql: db, keyId, dimension: 'requests',
 *   windowStart, limit: 600n, wanted: 60n });
 */
export async function takeWindowSlice(options: {
  sql: Sql;
  keyId: string;
  dimension: WindowDimension;
  windowStart: Date;
  limit: bigint;
  wanted: bigint;
}): Promise<bigint> {
  assert(options.wanted > 0n && options.limit > 0n, 'a slice and a limit are positive');
  const [row] = await options.sql.query<{ granted: bigint }>(
    `insert into gateway_key_windows as w (key_id, dimension, window_start, used, last_grant)
     values ($1, $2, $3, least($5::bigint, $4::bigint), least($5::bigint, $4::bigint))
     on conflict (key_id, dimension, window_start) do update
       set used = w.used + least($5::bigint, greatest($4::bigint - w.used, 0)),
           last_grant = least($5::bigint, greatest($4::bigint - w.used, 0))
     returning last_grant as granted`,
    [
      options.keyId,
      options.dimension,
      options.windowStart,
      options.limit.toString(),
      options.wanted.toString(),
    ],
  );
  assert(row !== undefined, 'the upsert returns its row');
  return row.granted;
}

/**
 * Gives back units taken but not spent (a process that stops, a call that used fewer tokens
 * than it reserved), never below zero.
 */
export async function returnWindowSlice(options: {
  sql: Sql;
  keyId: string;
  dimension: WindowDimension;
  windowStart: Date;
  units: bigint;
}): Promise<void> {
  if (options.units <= 0n) return;
  await options.sql.query(
    `update gateway_key_windows set used = greatest(used - $4::bigint, 0)
      where key_id = $1 and dimension = $2 and window_start = $3`,
    [options.keyId, options.dimension, options.windowStart, options.units.toString()],
  );
}
