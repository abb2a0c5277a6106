import type { Sql } from '../../db/client.ts';
import type { ProgramEvaluation } from '../../domain/policy/evaluate-program.ts';
import { shanghaiDayOf } from '../../domain/shared/calendar.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { minFen } from '../../domain/shared/money.ts';
import { calculateSubsidy } from '../programs/index.ts';
import { grantBalance, type Grant } from '../vouchers/index.ts';
import { loadOrderPolicyInputs, type OrderPolicyInputs } from './order-policy-inputs.ts';
import {
  assertPromiseKept,
  computeLineOf,
  type ClearingPromise,
  type OrderSubsidy,
  type SubsidyPurchase,
} from './order-subsidy-terms.ts';
import { orderYearToDate } from './order-year-to-date.ts';

/** A reimbursement order's subsidy and the evaluation it came from. */
export interface ReimbursementDecision {
  subsidy: OrderSubsidy;
  evaluation: ProgramEvaluation;
  /** What the grant has left (its committed balance) before the order. */
  grantAvailableFen: bigint;
}

/**
 * A reimbursement program's subsidy on the order, reading only (nothing moves for such an
 * order, so the buy-now and its quote both come here): the policy engine's evaluation with the
 * year-to-date figures the enterprise's later claim will be judged on (`orderYearToDate`),
 * capped by what the grant has left and, for a clearing's order, by what the clearing planned.
 * POLICY_REJECTED with the trace when nothing is left of it.
 */
export async function decideReimbursement(options: {
  tx: Sql;
  grant: Grant;
  purchase: SubsidyPurchase;
  now: Date;
  promise?: ClearingPromise | undefined;
  policy?: OrderPolicyInputs | undefined;
}): Promise<ReimbursementDecision> {
  const { tx, grant, purchase, now, promise } = options;
  const today = shanghaiDayOf(now);
  const inputs = options.policy ?? (await loadOrderPolicyInputs(tx, purchase.enterpriseId, today));
  const line = computeLineOf(purchase);
  const evaluation = await calculateSubsidy({
    source: { definitions: inputs.definitions },
    programId: grant.programId,
    enterprise: inputs.profile,
    purchase: {
      ...line,
      contractId: purchase.contractNumber,
      contractAmountFen: purchase.amountFen,
      contractSignedOn: today,
      providerId: purchase.providerId,
      date: today,
    },
    // As the enterprise's later claim will be judged (the grant holds the program's budget).
    yearToDate: await orderYearToDate(tx, purchase.enterpriseId, grant.programId),
    date: today,
  });
  const balance = await grantBalance(tx, grant);
  const uncappedFen = minFen(evaluation.subsidyFen, balance.committedFen);
  const subsidyFen = promise === undefined ? uncappedFen : minFen(uncappedFen, promise.subsidyFen);
  if (subsidyFen <= 0n) {
    throw new DomainError('POLICY_REJECTED', 'the grant gives no subsidy on this order', {
      field: 'grantId',
      trace: evaluation.trace,
    });
  }
  assertPromiseKept(promise, subsidyFen);
  return {
    subsidy: {
      mode: 'reimburse-enterprise',
      programId: grant.programId,
      grantId: grant.id,
      claimId: null,
      subsidyFen,
      trace: evaluation.trace,
    },
    evaluation,
    grantAvailableFen: balance.committedFen,
  };
}
