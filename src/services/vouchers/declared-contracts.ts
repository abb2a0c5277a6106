import type { Sql } from '../../db/client.ts';

/** Live subsidy of a claim: redeemed (less clawbacks) once redeemed, else what it reserves. */
const LIVE_CLAIM_FEN = `case when c.state in ('redeemed', 'paid') then c.redeemed_fen - c.clawed_back_fen
                           when c.state in ('submitted', 'evidence_complete') then c.reserved_fen
                           else 0 end`;

/** One program's figures of an enterprise this year, as its next claim will be judged. */
export interface DeclaredContracts {
  /** The live subsidy of its claims plus what its unclaimed reimbursement orders record. */
  subsidyFen: bigint;
  /** The contract amounts of those claims and orders: the firm-year total rate tiers key on. */
  contractsFen: bigint;
}

/**
 * An enterprise's figures under each of `programIds`, as the voucher lifecycle will judge its
 * next claim (src/services/vouchers/support/claim-policy.ts): its live claims (submitted,
 * evidence complete, redeemed, paid) **and** the exchange orders under a reimbursement program
 * that no live claim has named yet (each will be claimed). A cancelled order counts nothing.
 * `excludeContractKey` leaves out the contract being judged (the calculator's purchase); a new
 * order's contract has nothing to leave out. Programs without any are absent from the map.
 *
 * @example
 * const figures = await declaredContracts({ sql, enterpriseId, programIds: ['hangzhou-city-compute'] });
 * figures.get('hangzhou-city-compute')?.contractsFen // this year's contracts so far
 */
export async function declaredContracts(options: {
  sql: Sql;
  enterpriseId: string;
  programIds: readonly string[];
  excludeContractKey?: string | undefined;
}): Promise<Map<string, DeclaredContracts>> {
  const rows = await options.sql.query<{ program_id: string; fen: bigint; contracts_fen: bigint }>(
    `with claims as (
       select c.program_id, ${LIVE_CLAIM_FEN} as fen,
              case when c.state in ('submitted', 'evidence_complete', 'redeemed', 'paid')
                   then c.contract_amount_fen else 0 end as contract_fen
         from voucher_claims c
        where c.program_id = any($1::text[]) and c.enterprise_id = $2
          and c.contract_key is distinct from $3),
     recorded as (
       select o.program_id, o.subsidy_fen as fen, o.amount_fen as contract_fen from exchange_orders o
        where o.program_id = any($1::text[]) and o.enterprise_id = $2
          and o.subsidy_mode = 'reimburse-enterprise' and o.state <> 'cancelled'
          and o.contract_key is distinct from $3
          and not exists (select 1 from voucher_claims c
                           where c.grant_id = o.grant_id and c.contract_id = o.contract_number
                             and c.state not in ('draft', 'rejected'))),
     figures as (select * from claims union all select * from recorded)
     select program_id, sum(fen)::int8 as fen, sum(contract_fen)::int8 as contracts_fen
       from figures group by program_id order by program_id limit 1000`,
    [options.programIds, options.enterpriseId, options.excludeContractKey ?? null],
  );
  return new Map(
    rows.map((row) => [row.program_id, { subsidyFen: row.fen, contractsFen: row.contracts_fen }]),
  );
}
