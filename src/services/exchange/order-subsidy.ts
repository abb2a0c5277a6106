import type { Sql } from '../../db/client.ts';
import { databaseInTransaction } from '../../db/nested-transaction.ts';
import type { SubsidyMode } from '../../domain/exchange/settlement.ts';
import type { AcceleratorOrigin } from '../../domain/parties/provider.ts';
import { shanghaiDayOf } from '../../domain/shared/calendar.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { minFen } from '../../domain/shared/money.ts';
import { subsidisedPartFen } from '../../domain/exchange/clearing-budgets.ts';
import type { Actor } from '../authz/actor.ts';
import { calculateSubsidy } from '../programs/index.ts';
import { createClaim, getGrant, grantBalance, submitClaim } from '../vouchers/index.ts';
import { loadOrderPolicyInputs, type OrderPolicyInputs } from './order-policy-inputs.ts';
import { orderYearToDate } from './order-year-to-date.ts';

/** The order facts the subsidy is decided on. */
export interface SubsidyPurchase {
  enterpriseId: string;
  providerId: string;
  contractNumber: string;
  amountFen: bigint;
  chipOrigin: AcceleratorOrigin;
  regionCode: string;
  startsAt: Date;
  endsAt: Date;
}

export interface OrderSubsidy {
  mode: SubsidyMode;
  programId: string | null;
  grantId: string | null;
  claimId: string | null;
  subsidyFen: bigint;
  trace: unknown;
}

/** A clearing run's subsidy for one order, and the policy rate the pair was priced at. */
export interface ClearingPromise {
  subsidyFen: bigint;
  policyRateBps: number;
}

export const NO_SUBSIDY: OrderSubsidy = {
  mode: 'none',
  programId: null,
  grantId: null,
  claimId: null,
  subsidyFen: 0n,
  trace: null,
};

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
 *   grant has left, and recorded on the order for the enterprise's later claim; nothing moves.
 *
 * A refused purchase is POLICY_REJECTED with the trace: the enterprise named a grant, so an
 * order without its subsidy is not what it asked for.
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
  const { tx, actor, purchase, now } = options;
  const { grant } = await getGrant({ sql: tx, actor, grantId: options.grantId });
  if (grant.enterpriseId !== purchase.enterpriseId) {
    throw new DomainError('NOT_FOUND', 'grant not found', { field: 'grantId' });
  }
  const [program] = await tx.query<{ disbursement: 'pay-provider' | 'reimburse-enterprise' }>(
    'select disbursement from voucher_programs where program_id = $1',
    [grant.programId],
  );
  if (program === undefined) {
    throw new DomainError('NOT_FOUND', 'grant not found', { field: 'grantId' });
  }
  const today = shanghaiDayOf(now);
  const line = {
    kind: 'compute' as const,
    amountFen: purchase.amountFen,
    chipOrigin: purchase.chipOrigin,
    providerRegionCode: purchase.regionCode,
    contractStartsOn: shanghaiDayOf(purchase.startsAt),
    contractEndsOn: shanghaiDayOf(new Date(purchase.endsAt.getTime() - 1)),
  };
  const base = { programId: grant.programId, grantId: grant.id };
  const promise = options.promise;
  if (promise !== undefined && promise.subsidyFen <= 0n) {
    throw new DomainError('POLICY_REJECTED', 'the grant gives no subsidy on this order', {
      field: 'grantId',
    });
  }
  if (program.disbursement === 'pay-provider') {
    const db = databaseInTransaction(tx);
    // A clearing's order claims the part of its amount on which the policy's rate gives exactly
    // the planned subsidy (the matcher rounds per card-hour; the policy on the whole amount).
    const claimedFen =
      promise === undefined
        ? purchase.amountFen
        : minFen(purchase.amountFen, subsidisedPartFen(promise.subsidyFen, promise.policyRateBps));
    const draft = await createClaim({
      db,
      grantId: grant.id,
      enterpriseId: purchase.enterpriseId,
      providerId: purchase.providerId,
      contractId: purchase.contractNumber,
      contractSignedOn: today,
      contractAmountFen: purchase.amountFen,
      purchase: { ...line, amountFen: claimedFen },
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
      ...base,
      mode: 'pay-provider',
      claimId: claim.id,
      subsidyFen: claim.reservedFen,
      trace: claim.policyTrace,
    };
  }
  const inputs = options.policy ?? (await loadOrderPolicyInputs(tx, purchase.enterpriseId, today));
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
    ...base,
    mode: 'reimburse-enterprise',
    claimId: null,
    subsidyFen,
    trace: evaluation.trace,
  };
}

/**
 * A clearing's order gets exactly the subsidy the clearing planned, or none: a smaller one would
 * raise the enterprise's price above what the matcher checked against its maximum. Only a
 * change since the run (a claim or order of the enterprise meanwhile) can make them differ;
 * the request then stays open for the next run.
 */
function assertPromiseKept(promise: ClearingPromise | undefined, decidedFen: bigint): void {
  if (promise === undefined || decidedFen === promise.subsidyFen) return;
  throw new DomainError(
    'POLICY_REJECTED',
    `the policy now gives this order ${decidedFen} fen, not the ${promise.subsidyFen} fen the clearing planned`,
    {
      field: 'grantId',
      promisedFen: promise.subsidyFen.toString(),
      decidedFen: decidedFen.toString(),
    },
  );
}
