import type { Sql } from '../../../db/client.ts';
import type { ProgramEvaluation } from '../../../domain/policy/evaluate-program.ts';
import type { ChipOrigin, PurchaseKind } from '../../../domain/policy/program.ts';
import { parseCalendarDate, shanghaiDayOf } from '../../../domain/shared/calendar.ts';
import { DomainError } from '../../../domain/shared/errors.ts';
import { checkClaimContractDates } from '../../../domain/vouchers/contract-dates.ts';
import { contractKey } from '../../../domain/vouchers/contract-identity.ts';
import { isGrantUsable } from '../../../domain/vouchers/grant.ts';
import { claimReservation } from '../../../domain/vouchers/money-rules.ts';
import { getBalances } from '../../ledger/index.ts';
import { evaluateClaim, type ClaimTerms } from './claim-policy.ts';
import { isReservationPosted } from './close-grant.ts';
import { assertContractUnclaimed, assertMatchesExchangeOrder } from './contract-identity.ts';
import type { PurchaseProject } from './purchase-project.ts';
import { assertNotBlacklisted, loadGrant, type Grant } from './rows.ts';

/** The purchase line a claim is made for (the contract with a provider). */
export interface ClaimPurchase extends PurchaseProject {
  kind: PurchaseKind;
  /** The subsidised purchase amount under the contract. */
  amountFen: bigint;
  contractTermMonths?: number;
  /** First and last day of the contract's service term (optional; checked when given). */
  contractStartsOn?: string;
  contractEndsOn?: string;
  providerRegionCode?: string;
  chipOrigin?: ChipOrigin;
  filedModel?: boolean;
}

/** A claim as the enterprise drafts it. */
export interface ClaimDraft {
  grantId: string;
  /** The enterprise making the claim; must own the grant. */
  enterpriseId: string;
  providerId: string;
  contractId: string;
  /** On or before the claim date: today in Asia/Shanghai at `now`. */
  contractSignedOn: string;
  contractAmountFen: bigint;
  purchase: ClaimPurchase;
}

/** A draft that passed `checkClaimDraft`: its grant, trimmed contract id and contract key. */
export interface CheckedClaimDraft {
  grant: Grant;
  contractId: string;
  contractKey: string;
}

/**
 * Every check a claim's draft must pass before it is written (createClaim), reading only: the
 * contract's dates are real and possible (checkClaimContractDates), the contract id and amounts
 * are well formed, the grant is the enterprise's and usable (an exhausted grant is still drafted
 * against; its submission is refused), the enterprise is not barred, the provider exists, the
 * contract has no live claim of the enterprise under the program, and an exchange order with
 * this contract number matches it.
 */
export async function checkClaimDraft(
  tx: Sql,
  draft: ClaimDraft,
  now: Date,
): Promise<CheckedClaimDraft> {
  const { purchase } = draft;
  checkClaimContractDates(
    {
      signedOn: parseCalendarDate(draft.contractSignedOn, 'contractSignedOn'),
      startsOn: optionalDate(purchase.contractStartsOn, 'purchase.contractStartsOn'),
      endsOn: optionalDate(purchase.contractEndsOn, 'purchase.contractEndsOn'),
      termMonths: purchase.contractTermMonths,
    },
    shanghaiDayOf(now),
  );
  const contractId = draft.contractId.trim();
  if (contractId.length === 0 || contractId.length > 200) {
    throw new DomainError('VALIDATION_FAILED', 'contractId: 1–200 characters', {
      field: 'contractId',
    });
  }
  const key = contractKey(contractId);
  if (purchase.amountFen <= 0n || purchase.amountFen > draft.contractAmountFen) {
    throw new DomainError(
      'VALIDATION_FAILED',
      'purchase.amountFen: positive, at most the contract amount',
      { field: 'purchase.amountFen' },
    );
  }
  const grant = await loadGrant(tx, draft.grantId);
  if (grant.enterpriseId !== draft.enterpriseId) {
    throw new DomainError('NOT_FOUND', 'grant not found', { field: 'grantId' });
  }
  if (!isGrantUsable(grant.state === 'exhausted' ? 'active' : grant.state, grant.expiresAt, now)) {
    throw new DomainError('GRANT_EXPIRED', `grant is ${grant.state}`, {
      field: 'grantId',
      state: grant.state,
    });
  }
  await assertNotBlacklisted(tx, grant.enterpriseId, grant.programId, now);
  const [provider] = await tx.query(`select 1 from tenants where id = $1 and kind = 'provider'`, [
    draft.providerId,
  ]);
  if (!provider) throw new DomainError('NOT_FOUND', 'provider not found', { field: 'providerId' });
  await assertContractUnclaimed(tx, {
    programId: grant.programId,
    enterpriseId: grant.enterpriseId,
    providerId: draft.providerId,
    contractKey: key,
  });
  await assertMatchesExchangeOrder(tx, key, {
    enterpriseId: grant.enterpriseId,
    providerId: draft.providerId,
    contractAmountFen: draft.contractAmountFen,
    kind: purchase.kind,
    chipOrigin: purchase.chipOrigin,
  });
  return { grant, contractId, contractKey: key };
}

/** What submitting a claim decides: the evaluation, the grant's balance and the reservation. */
export interface ClaimSubmissionDecision {
  evaluation: ProgramEvaluation;
  /** Whether the grant's own reservation (budget → grant) is posted already. */
  reservationPosted: boolean;
  /** What the grant has left before this claim. */
  availableFen: bigint;
  /** The subsidy the claim reserves: the policy's, capped by what the grant has left. */
  reservedFen: bigint;
}

/**
 * Decides a claim's submission without writing (submitClaim writes what it decides; a buy-now's
 * quote shows it): the grant is usable (an exhausted one is INSUFFICIENT_BALANCE), the enterprise
 * is not barred, the contract's dates hold on the claim date (today in Asia/Shanghai), the
 * policy is evaluated on the claimed purchase, and the reservation is the policy's subsidy capped
 * by what the grant has left (INSUFFICIENT_BALANCE when nothing is). The caller holds the grant
 * row lock when it will write: the grant account only moves under it.
 */
export async function decideClaimSubmission(
  tx: Sql,
  options: { grant: Grant; claim: ClaimTerms; now: Date },
): Promise<ClaimSubmissionDecision> {
  const { grant, claim, now } = options;
  if (!isGrantUsable(grant.state, grant.expiresAt, now)) {
    throw new DomainError(
      grant.state === 'exhausted' ? 'INSUFFICIENT_BALANCE' : 'GRANT_EXPIRED',
      `grant is ${grant.state}`,
      { field: 'grantId', state: grant.state },
    );
  }
  await assertNotBlacklisted(tx, claim.enterpriseId, claim.programId, now);
  // The submission day is the claim date the policy is read for; drafts made before the
  // contract-date rule are held to it here too.
  const claimDate = shanghaiDayOf(now);
  const term = claim.purchase as ContractTerm;
  checkClaimContractDates(
    {
      signedOn: claim.contractSignedOn,
      startsOn: term.contractStartsOn,
      endsOn: term.contractEndsOn,
      termMonths: term.contractTermMonths,
    },
    claimDate,
  );
  const purchaseFen = BigInt(String(claim.purchase.amountFen));
  const evaluation = await evaluateClaim({ tx, claim, amountFen: purchaseFen, date: claimDate });
  // An unclaimed grant still has its whole reservation pending: all of it is available.
  const reservationPosted = await isReservationPosted(tx, grant.id);
  const [balance] = reservationPosted ? await getBalances({ sql: tx, ids: [grant.accountId] }) : [];
  const availableFen = reservationPosted ? (balance?.availableFen ?? 0n) : grant.amountFen;
  const reservedFen = claimReservation(evaluation.subsidyFen, availableFen);
  if (reservedFen === 0n) {
    throw new DomainError('INSUFFICIENT_BALANCE', 'the grant has nothing left', {
      field: 'grantId',
    });
  }
  return { evaluation, reservationPosted, availableFen, reservedFen };
}

/** The contract term a claim's purchase may carry (stored as the claim was drafted). */
interface ContractTerm {
  contractStartsOn?: string;
  contractEndsOn?: string;
  contractTermMonths?: number;
}

function optionalDate(value: string | undefined, field: string): string | undefined {
  return value === undefined ? undefined : parseCalendarDate(value, field);
}
