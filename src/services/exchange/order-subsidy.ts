import type { Sql } from '../../db/client.ts';
import { databaseInTransaction } from '../../db/nested-transaction.ts';
import { subsidisedPartFen } from '../../domain/exchange/clearing-budgets.ts';
import { shanghaiDayOf } from '../../domain/shared/calendar.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { minFen } from '../../domain/shared/money.ts';
import type { Actor } from '../authz/actor.ts';
import { createClaim, submitClaim } from '../vouchers/index.ts';
import type { OrderPolicyInputs } from './order-policy-inputs.ts';
import { decideReimbursement } from './order-reimbursement.ts';
import {
  assertPromiseKept,
  loadSubsidyGrant,
  orderClaimDraft,
  type ClearingPromise,
  type OrderSubsidy,
  type SubsidyPurchase,
} from './order-subsidy-terms.ts';

export {
  NO_SUBSIDY,
  type ClearingPromise,
  type OrderSubsidy,
  type SubsidyPurchase,
} from './order-subsidy-terms.ts';

/**
 * Decides an order's subsidy with the policy engine, under the program of the grant the
 * enterprise names (purchase kind `compute`, chip origin from the accelerator, the provider's
 * region, the order as the contract, signed today in Asia/Shanghai):
 *
 * - a pay-the-provider program (Wuhan 即领即用): a voucher claim on the order's contract is
 *   drafted and submitted in the caller's transaction, so the subsidy is reserved in the ledger
 *   now (grant → the program's provider payable, pending) and the enterprise pays only its
 *   share; the claim's rules (one claim per contract, stacking, caps) apply as to any claim;
 * - a reimbursement program (Chengdu, most others): the subsidy is evaluated, capped by what the
 *   grant has left, and recorded on the order for the enterprise's later claim; nothing moves
 *   (`decideReimbursement`).
 *
 * A buy-now's quote (`quoteOrderSubsidy`) runs the same decisions without writing. A refused
 * purchase is POLICY_REJECTED with the trace: the enterprise named a grant, so an order
 * without its subsidy is not what it asked for.
 */
export async function decideOrderSubsidy(options: {
  tx: Sql;
  actor: Actor;
  grantId: string;
  purchase: SubsidyPurchase;
  now: Date;
  /**
   * What the clearing run planned for the order (none for a buy-now): the subsidy, and the
   * policy's rate it was planned with. The order gets exactly it or is refused.
   */
  promise?: ClearingPromise | undefined;
  /** The program versions in force today and the enterprise's profile, when the caller has them. */
  policy?: OrderPolicyInputs | undefined;
}): Promise<OrderSubsidy> {
  const { tx, actor, purchase, now, promise } = options;
  const { grant, disbursement } = await loadSubsidyGrant(
    tx,
    actor,
    options.grantId,
    purchase.enterpriseId,
  );
  if (promise !== undefined && promise.subsidyFen <= 0n) {
    throw new DomainError('POLICY_REJECTED', 'the grant gives no subsidy on this order', {
      field: 'grantId',
    });
  }
  if (disbursement === 'reimburse-enterprise') {
    const decision = await decideReimbursement({ ...options, grant });
    return decision.subsidy;
  }
  const db = databaseInTransaction(tx);
  // A clearing's order claims the part of its amount on which the policy's rate gives exactly
  // the planned subsidy (the matcher rounds per card-hour; the policy on the whole amount).
  const claimedFen =
    promise === undefined
      ? purchase.amountFen
      : minFen(purchase.amountFen, subsidisedPartFen(promise.subsidyFen, promise.policyRateBps));
  const draft = await createClaim({
    db,
    ...orderClaimDraft(grant, purchase, shanghaiDayOf(now), claimedFen),
    actor,
    now,
  });
  const claim = await submitClaim({
    db,
    claimId: draft.id,
    enterpriseId: purchase.enterpriseId,
    actor,
    now,
  });
  assertPromiseKept(promise, claim.reservedFen);
  return {
    mode: 'pay-provider',
    programId: grant.programId,
    grantId: grant.id,
    claimId: claim.id,
    subsidyFen: claim.reservedFen,
    trace: claim.policyTrace,
  };
}
