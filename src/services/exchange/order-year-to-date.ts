import type { Sql } from '../../db/client.ts';
import type { YearToDate } from '../../domain/policy/inputs.ts';

/** Live subsidy of a claim: redeemed (less clawbacks) once redeemed, else what it reserves. */
const LIVE_CLAIM_FEN = `case when c.state in ('redeemed', 'paid') then c.redeemed_fen - c.clawed_back_fen
                           when c.state in ('submitted', 'evidence_complete') then c.reserved_fen
                           else 0 end`;

/**
 * The year-to-date figures an exchange order's subsidy is decided on, as the voucher lifecycle
 * will judge the order's claim (src/services/vouchers/support/claim-policy.ts): the program's
 * budget is not counted again, because the enterprise's grant already holds it; the yearly cap
 * per enterprise counts the enterprise's live claims under the program **and** the subsidy its
 * reimbursement orders record that no claim has reserved yet (each will be claimed); the order
 * is a new contract, so nothing was given on it yet. The clearing run probes the policy with
 * the same figures, so it plans what each order then gets.
 */
export async function orderYearToDate(
  sql: Sql,
  enterpriseId: string,
  programId: string,
): Promise<YearToDate> {
  const [row] = await sql.query<{ fen: bigint; contracts_fen: bigint }>(
    `with claims as (
       select ${LIVE_CLAIM_FEN} as fen,
              case when c.state in ('submitted', 'evidence_complete', 'redeemed', 'paid')
                   then c.contract_amount_fen else 0 end as contract_fen
         from voucher_claims c where c.program_id = $1 and c.enterprise_id = $2),
     recorded as (
       select o.subsidy_fen as fen, o.amount_fen as contract_fen from exchange_orders o
        where o.program_id = $1 and o.enterprise_id = $2
          and o.subsidy_mode = 'reimburse-enterprise' and o.state <> 'cancelled'
          and not exists (select 1 from voucher_claims c
                           where c.grant_id = o.grant_id and c.contract_id = o.contract_number
                             and c.state not in ('draft', 'rejected')))
     select (coalesce((select sum(fen) from claims), 0)
             + coalesce((select sum(fen) from recorded), 0))::int8 as fen,
            (coalesce((select sum(contract_fen) from claims), 0)
             + coalesce((select sum(contract_fen) from recorded), 0))::int8 as contracts_fen`,
    [programId, enterpriseId],
  );
  return {
    enterpriseYearSubsidyFen: row?.fen ?? 0n,
    programYearCommittedFen: 0n,
    contractSubsidyFen: 0n,
    projectSubsidyFen: 0n,
    enterpriseYearContractsFen: row?.contracts_fen ?? 0n,
  };
}
