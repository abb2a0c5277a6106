import type { Sql } from '../../db/client.ts';
import { databaseInTransaction } from '../../db/nested-transaction.ts';
import type { SubsidyMode } from '../../domain/exchange/settlement.ts';
import type { AcceleratorOrigin } from '../../domain/parties/provider.ts';
import { shanghaiDayOf } from '../../domain/shared/calendar.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { minFen } from '../../domain/shared/money.ts';
import type { Actor } from '../authz/actor.ts';
import { calculateSubsidy } from '../programs/index.ts';
import {
  createClaim,
  getCalculatorContext,
  getGrant,
  grantBalance,
  submitClaim,
} from '../vouchers/index.ts';

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
   * The most a reimbursement order records: the clearing run's planned subsidy, within the
   * budget the matcher kept (the policy's floor of amount × rate can exceed the matcher's
   * per-card-hour floor × card-hours by under a fen a card-hour). None for a buy-now.
   */
  subsidyCapFen?: bigint;
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
  if (program.disbursement === 'pay-provider') {
    const db = databaseInTransaction(tx);
    const draft = await createClaim({
      db,
      grantId: grant.id,
      enterpriseId: purchase.enterpriseId,
      providerId: purchase.providerId,
      contractId: purchase.contractNumber,
      contractSignedOn: today,
      contractAmountFen: purchase.amountFen,
      purchase: line,
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
    return {
      ...base,
      mode: 'pay-provider',
      claimId: claim.id,
      subsidyFen: claim.reservedFen,
      trace: claim.policyTrace,
    };
  }
  const context = await getCalculatorContext({
    sql: tx,
    enterpriseId: purchase.enterpriseId,
    contractId: purchase.contractNumber,
    date: today,
  });
  const evaluation = await calculateSubsidy({
    source: { sql: tx },
    programId: grant.programId,
    enterprise: context.profile,
    purchase: {
      ...line,
      contractId: purchase.contractNumber,
      contractAmountFen: purchase.amountFen,
      contractSignedOn: today,
      providerId: purchase.providerId,
      date: today,
    },
    ...(context.yearToDate[grant.programId] === undefined
      ? {}
      : { yearToDate: context.yearToDate[grant.programId] }),
    date: today,
  });
  const balance = await grantBalance(tx, grant);
  const uncappedFen = minFen(evaluation.subsidyFen, balance.committedFen);
  const subsidyFen =
    options.subsidyCapFen === undefined ? uncappedFen : minFen(uncappedFen, options.subsidyCapFen);
  if (subsidyFen <= 0n) {
    throw new DomainError('POLICY_REJECTED', 'the grant gives no subsidy on this order', {
      field: 'grantId',
      trace: evaluation.trace,
    });
  }
  return {
    ...base,
    mode: 'reimburse-enterprise',
    claimId: null,
    subsidyFen,
    trace: evaluation.trace,
  };
}
