import type { Sql } from '../../../db/client.ts';
import type { ProgramEvaluation } from '../../../domain/policy/evaluate-purchase.ts';
import type { OtherSubsidy, YearToDate } from '../../../domain/policy/inputs.ts';
import type { ChipOrigin, PurchaseKind, PurchasePurpose } from '../../../domain/policy/program.ts';
import { shanghaiDayOf } from '../../../domain/shared/calendar.ts';
import { contractKey } from '../../../domain/vouchers/contract-identity.ts';
import { enterpriseProfile, evaluateOrRefuse, programInForce } from './policy-context.ts';
import type { Claim } from './rows.ts';

/**
 * What a claim is judged on: a stored claim, or one about to be drafted (a buy-now's quote),
 * whose id and creation instant are not in the table yet.
 */
export type ClaimTerms = Pick<
  Claim,
  | 'id'
  | 'programId'
  | 'enterpriseId'
  | 'providerId'
  | 'contractId'
  | 'contractSignedOn'
  | 'contractAmountFen'
  | 'purchase'
  | 'createdAt'
>;

/**
 * Evaluates a claim's purchase under its program: at submission on the contract's purchase
 * amount, at redemption on the final (invoiced and paid) amount. The year-to-date figures count
 * this enterprise's other live claims under the program; the program-year budget is not
 * counted again, because the grant already holds it. Other programs' subsidies on the same
 * contract go to the stacking rules.
 */
export async function evaluateClaim(options: {
  tx: Sql;
  claim: ClaimTerms;
  amountFen: bigint;
  date: string;
}): Promise<ProgramEvaluation> {
  const { tx, claim, amountFen, date } = options;
  const program = await programInForce(tx, claim.programId, date);
  const { profile } = await enterpriseProfile(tx, claim.enterpriseId, claim.providerId);
  const purchase = claim.purchase as {
    kind: PurchaseKind;
    contractTermMonths?: number;
    providerRegionCode?: string;
    chipOrigin?: ChipOrigin;
    filedModel?: boolean;
    purpose?: PurchasePurpose;
    projectId?: string;
    projectTags?: string[];
  };
  return evaluateOrRefuse({
    program,
    enterprise: profile,
    purchase: {
      kind: purchase.kind,
      amountFen,
      contractId: claim.contractId,
      contractAmountFen: claim.contractAmountFen,
      contractSignedOn: claim.contractSignedOn,
      providerId: claim.providerId,
      ...(purchase.contractTermMonths === undefined
        ? {}
        : { contractTermMonths: purchase.contractTermMonths }),
      ...(purchase.providerRegionCode === undefined
        ? {}
        : { providerRegionCode: purchase.providerRegionCode }),
      ...(purchase.chipOrigin === undefined ? {} : { chipOrigin: purchase.chipOrigin }),
      ...(purchase.filedModel === undefined ? {} : { filedModel: purchase.filedModel }),
      ...(purchase.purpose === undefined ? {} : { purpose: purchase.purpose }),
      ...(purchase.projectId === undefined ? {} : { projectId: purchase.projectId }),
      ...(purchase.projectTags === undefined ? {} : { projectTags: purchase.projectTags }),
      date,
    },
    yearToDate: await claimYearToDate(tx, claim, purchase.projectId),
    otherSubsidies: await otherSubsidies(tx, claim),
    date,
  });
}

/** Live amount of a claim: redeemed (less clawbacks) once redeemed, else what it reserves. */
const LIVE_FEN = `case when state in ('redeemed', 'paid') then redeemed_fen - clawed_back_fen
                      when state in ('submitted', 'evidence_complete') then reserved_fen
                      else 0 end`;

/**
 * This enterprise's other claims under the program: their live subsidy (the firm-year cap), the
 * part of it on the same project (a per-project cap adds up all the project's contracts), and the
 * contract amounts it declared before this claim (tiers keyed on the firm's yearly total of
 * contracts: a later declaration does not change the rate of an earlier one at redemption).
 */
async function claimYearToDate(
  tx: Sql,
  claim: ClaimTerms,
  projectId: string | undefined,
): Promise<YearToDate> {
  const [row] = await tx.query<{ fen: bigint; project_fen: bigint; contracts_fen: bigint }>(
    `select coalesce(sum(${LIVE_FEN}), 0)::int8 as fen,
            coalesce(sum(${LIVE_FEN}) filter (where purchase->>'projectId' = $4), 0)::int8 as project_fen,
            coalesce(sum(contract_amount_fen) filter (
              where state in ('submitted', 'evidence_complete', 'redeemed', 'paid')
                and contract_key <> coalesce((select contract_key from voucher_claims where id = $3), $5)
                and created_at < coalesce((select created_at from voucher_claims where id = $3), $6)
            ), 0)::int8 as contracts_fen
       from voucher_claims
      where program_id = $1 and enterprise_id = $2 and id <> $3`,
    // A stored claim is compared by its stored key and instant; a claim not yet drafted by the
    // key and instant it will be stored with.
    [
      claim.programId,
      claim.enterpriseId,
      claim.id,
      projectId ?? null,
      contractKey(claim.contractId),
      claim.createdAt,
    ],
  );
  return {
    enterpriseYearSubsidyFen: row?.fen ?? 0n,
    programYearCommittedFen: 0n,
    contractSubsidyFen: 0n,
    projectSubsidyFen: row?.project_fen ?? 0n,
    enterpriseYearContractsFen: row?.contracts_fen ?? 0n,
  };
}

async function otherSubsidies(tx: Sql, claim: ClaimTerms): Promise<OtherSubsidy[]> {
  // The same contract: same provider and normalised id (contract-identity.ts).
  const rows = await tx.query<{ program_id: string; fen: bigint }>(
    `select program_id, sum(${LIVE_FEN})::int8 as fen from voucher_claims
      where enterprise_id = $1 and program_id <> $3 and provider_id = $4
        and contract_key = coalesce((select contract_key from voucher_claims where id = $2), $5)
      group by program_id order by program_id limit 50`,
    [
      claim.enterpriseId,
      claim.id,
      claim.programId,
      claim.providerId,
      contractKey(claim.contractId),
    ],
  );
  return rows
    .filter((row) => row.fen > 0n)
    .map((row) => ({ programId: row.program_id, subsidyFen: row.fen }));
}

/** The Asia/Shanghai date the claim was submitted (its redemption is judged by that day's rules). */
export async function submissionDate(tx: Sql, claimId: string): Promise<string | null> {
  const [row] = await tx.query<{ at: Date }>(
    `select at from voucher_transitions
      where entity_type = 'claim' and entity_id = $1 and action = 'submit'
      order by seq desc limit 1`,
    [claimId],
  );
  return row ? shanghaiDayOf(row.at) : null;
}
