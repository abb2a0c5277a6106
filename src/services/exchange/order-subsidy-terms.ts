import type { Sql } from '../../db/client.ts';
import type { SubsidyMode } from '../../domain/exchange/settlement.ts';
import type { AcceleratorOrigin } from '../../domain/parties/provider.ts';
import { shanghaiDayOf } from '../../domain/shared/calendar.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import type { Actor } from '../authz/actor.ts';
import { getGrant, type ClaimPurchase, type Grant } from '../vouchers/index.ts';

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

/** The grant an order's subsidy comes from, and how its program disburses. */
export interface SubsidyGrant {
  grant: Grant;
  disbursement: 'pay-provider' | 'reimburse-enterprise';
}

/**
 * The grant the enterprise names, read as `actor` (grant.read): NOT_FOUND when it is not the
 * purchasing enterprise's.
 */
export async function loadSubsidyGrant(
  tx: Sql,
  actor: Actor,
  grantId: string,
  enterpriseId: string,
): Promise<SubsidyGrant> {
  const { grant } = await getGrant({ sql: tx, actor, grantId });
  if (grant.enterpriseId !== enterpriseId) {
    throw new DomainError('NOT_FOUND', 'grant not found', { field: 'grantId' });
  }
  const [program] = await tx.query<{ disbursement: SubsidyGrant['disbursement'] }>(
    'select disbursement from voucher_programs where program_id = $1',
    [grant.programId],
  );
  if (program === undefined) {
    throw new DomainError('NOT_FOUND', 'grant not found', { field: 'grantId' });
  }
  return { grant, disbursement: program.disbursement };
}

/** The order as a compute purchase line: chip origin, provider region, the order's term. */
export function computeLineOf(purchase: SubsidyPurchase): ClaimPurchase & { kind: 'compute' } {
  return {
    kind: 'compute',
    amountFen: purchase.amountFen,
    chipOrigin: purchase.chipOrigin,
    providerRegionCode: purchase.regionCode,
    contractStartsOn: shanghaiDayOf(purchase.startsAt),
    contractEndsOn: shanghaiDayOf(new Date(purchase.endsAt.getTime() - 1)),
  };
}

/** The voucher claim a pay-the-provider order drafts on its contract, signed today. */
export function orderClaimDraft(
  grant: Grant,
  purchase: SubsidyPurchase,
  today: string,
  claimedFen: bigint,
) {
  return {
    grantId: grant.id,
    enterpriseId: purchase.enterpriseId,
    providerId: purchase.providerId,
    contractId: purchase.contractNumber,
    contractSignedOn: today,
    contractAmountFen: purchase.amountFen,
    purchase: { ...computeLineOf(purchase), amountFen: claimedFen },
  };
}

/**
 * A clearing's order gets exactly the subsidy the clearing planned, or none: a smaller one would
 * raise the enterprise's price above what the matcher checked against its maximum. Only a
 * change since the run (a claim or order of the enterprise meanwhile) can make them differ;
 * the request then stays open for the next run.
 */
export function assertPromiseKept(promise: ClearingPromise | undefined, decidedFen: bigint): void {
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
