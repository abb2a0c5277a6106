import type { Sql } from '../../db/client.ts';
import type { TraceEntry } from '../../domain/policy/trace.ts';
import { shanghaiDayOf } from '../../domain/shared/calendar.ts';
import type { Actor } from '../authz/actor.ts';
import { previewClaim } from '../vouchers/index.ts';
import { decideReimbursement } from './order-reimbursement.ts';
import { loadSubsidyGrant, orderClaimDraft, type SubsidyPurchase } from './order-subsidy-terms.ts';

/** The subsidy an order would get now, and why. */
export interface SubsidyQuote {
  mode: 'pay-provider' | 'reimburse-enterprise';
  programId: string;
  grantId: string;
  /** What the order would get: the policy's subsidy capped by what the grant has left. */
  subsidyFen: bigint;
  /** The policy's subsidy before the grant's balance caps it. */
  policySubsidyFen: bigint;
  /** What the grant has left before the order. */
  grantAvailableFen: bigint;
  /** The rate the policy selected, in basis points. */
  rateBps: number;
  /**
   * What set the subsidy: the rate on the amount, a cap or limit of the policy (the trace names
   * it), or what the grant has left.
   */
  limitedBy: 'rate' | 'policy-cap' | 'grant-balance';
  trace: TraceEntry[];
}

/** Which bound set `subsidyFen`, from the policy's own `rate.apply` step (amount × rate). */
function limitOf(
  subsidyFen: bigint,
  policySubsidyFen: bigint,
  trace: readonly TraceEntry[],
): SubsidyQuote['limitedBy'] {
  if (subsidyFen < policySubsidyFen) return 'grant-balance';
  const atRate = trace.find((entry) => entry.rule === 'rate.apply')?.numbers.subsidyFen;
  return atRate !== undefined && policySubsidyFen < BigInt(atRate) ? 'policy-cap' : 'rate';
}

/**
 * The subsidy `decideOrderSubsidy` would decide for a buy-now's order now, writing nothing: the
 * same grant check, then for a pay-the-provider program the claim the order would draft and
 * submit, previewed by the voucher lifecycle's own checks and decision (`previewClaim`), and for
 * a reimbursement program the very evaluation the order records (`decideReimbursement`).
 * Refusals are the buy-now's, with its codes.
 *
 * @example
 * const quote = await quoteOrderSubsidy({ tx, actor, grantId, purchase, now });
 * purchase.amountFen - quote.subsidyFen // what the enterprise would bear
 */
export async function quoteOrderSubsidy(options: {
  tx: Sql;
  actor: Actor;
  grantId: string;
  purchase: SubsidyPurchase;
  now: Date;
}): Promise<SubsidyQuote> {
  const { tx, actor, purchase, now } = options;
  const { grant, disbursement } = await loadSubsidyGrant(
    tx,
    actor,
    options.grantId,
    purchase.enterpriseId,
  );
  if (disbursement === 'reimburse-enterprise') {
    const { subsidy, evaluation, grantAvailableFen } = await decideReimbursement({
      tx,
      grant,
      purchase,
      now,
    });
    return {
      mode: 'reimburse-enterprise',
      programId: grant.programId,
      grantId: grant.id,
      subsidyFen: subsidy.subsidyFen,
      policySubsidyFen: evaluation.subsidyFen,
      grantAvailableFen,
      rateBps: evaluation.rateBps,
      limitedBy: limitOf(subsidy.subsidyFen, evaluation.subsidyFen, evaluation.trace),
      trace: evaluation.trace,
    };
  }
  // A buy-now's claim is on the whole amount (a clearing's may claim less: not quoted).
  const preview = await previewClaim({
    sql: tx,
    draft: orderClaimDraft(grant, purchase, shanghaiDayOf(now), purchase.amountFen),
    now,
  });
  return {
    mode: 'pay-provider',
    programId: grant.programId,
    grantId: grant.id,
    subsidyFen: preview.reservedFen,
    policySubsidyFen: preview.evaluation.subsidyFen,
    grantAvailableFen: preview.grantAvailableFen,
    rateBps: preview.evaluation.rateBps,
    limitedBy: limitOf(
      preview.reservedFen,
      preview.evaluation.subsidyFen,
      preview.evaluation.trace,
    ),
    trace: preview.evaluation.trace,
  };
}
