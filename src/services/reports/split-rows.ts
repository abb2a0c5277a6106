import type { Sql } from '../../db/client.ts';
import { UNSPECIFIED, type SplitRow } from '../../domain/reports/budget-splits.ts';
import { assert } from '../../domain/shared/assert.ts';

/**
 * Rows grouped per enterprise and key: bounded by a program's enterprises × chip origins × 2,
 * far below this for any city's program (Hangzhou's counts thousands of enterprises).
 */
const MAX_SPLIT_ROWS = 200_000;

/**
 * The program's grants (amount net of what returned to the budget, under the chip origin of the
 * planned purchase) and its settled claims (redeemed net of clawbacks, under the purchase's chip
 * origin), summed per enterprise and keys, for `splitBudget`.
 */
export async function loadSplitRows(sql: Sql, programId: string): Promise<SplitRow[]> {
  const rows = await sql.query<{
    enterprise_id: string;
    region_code: string | null;
    size: string | null;
    industry: string | null;
    chip_origin: string | null;
    granted_fen: bigint;
    settled_fen: bigint;
    compute_purchase_fen: bigint;
  }>(
    `with money as (
       select g.enterprise_id, a.planned_purchase->>'chipOrigin' as chip_origin,
              g.amount_fen - g.returned_fen as granted_fen, 0::int8 as settled_fen,
              0::int8 as compute_purchase_fen
         from voucher_grants g join voucher_applications a on a.id = g.application_id
        where g.program_id = $1
       union all
       select c.enterprise_id, c.purchase->>'chipOrigin', 0, c.redeemed_fen - c.clawed_back_fen,
              case when c.purchase->>'kind' = 'compute'
                   then (c.purchase->>'amountFen')::int8 else 0 end
         from voucher_claims c
        where c.program_id = $1 and c.redeemed_fen > 0)
     select m.enterprise_id, e.region_code, e.size, e.industries[1] as industry, m.chip_origin,
            sum(m.granted_fen)::int8 as granted_fen, sum(m.settled_fen)::int8 as settled_fen,
            sum(m.compute_purchase_fen)::int8 as compute_purchase_fen
       from money m left join enterprises e on e.id = m.enterprise_id
      group by m.enterprise_id, e.region_code, e.size, e.industries[1], m.chip_origin
      order by m.enterprise_id, m.chip_origin
      limit ${MAX_SPLIT_ROWS + 1}`,
    [programId],
  );
  assert(rows.length <= MAX_SPLIT_ROWS, `loadSplitRows: ${programId} has too many rows`);
  return rows.map((row) => ({
    enterpriseId: row.enterprise_id,
    keys: {
      district: row.region_code ?? UNSPECIFIED,
      industry: row.industry ?? UNSPECIFIED,
      chipOrigin: row.chip_origin ?? UNSPECIFIED,
      size: row.size ?? UNSPECIFIED,
    },
    grantedFen: row.granted_fen,
    settledFen: row.settled_fen,
    computePurchaseFen: row.compute_purchase_fen,
  }));
}
