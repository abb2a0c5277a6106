import { DomainError } from '../shared/errors.ts';
import { FULL_RATE_BPS, MAX_FEN, applyRateBps, minFen } from '../shared/money.ts';

/**
 * The money decisions of the voucher lifecycle, pure so they can be property-tested. The ledger
 * enforces the same limits (its guarded counters are the backstop); these functions decide the
 * amounts and give the user-facing error first.
 */

/** Largest penalty multiple accepted on a clawback: 5× (50 000 bps). */
export const MAX_PENALTY_MULTIPLE_BPS = 5 * FULL_RATE_BPS;

/**
 * The amount a grant may be approved for: the requested amount if the budget has it, otherwise
 * BUDGET_EXHAUSTED (a grant is never cut silently: the reviewer decides on a smaller amount).
 */
export function grantAmount(requestedFen: bigint, budgetRemainingFen: bigint): bigint {
  if (requestedFen <= 0n || requestedFen > MAX_FEN) {
    throw new DomainError('VALIDATION_FAILED', 'amountFen: must be a positive amount of fen', {
      field: 'amountFen',
    });
  }
  if (requestedFen > budgetRemainingFen) {
    throw new DomainError('BUDGET_EXHAUSTED', undefined, {
      field: 'amountFen',
      requestedFen: requestedFen.toString(),
      remainingFen: budgetRemainingFen.toString(),
    });
  }
  return requestedFen;
}

/**
 * The subsidy reserved when a claim is submitted: what the policy grants on the contract,
 * capped by what is left on the grant. Zero means nothing to claim (POLICY_REJECTED upstream).
 */
export function claimReservation(policySubsidyFen: bigint, grantAvailableFen: bigint): bigint {
  if (policySubsidyFen <= 0n || grantAvailableFen <= 0n) return 0n;
  return minFen(policySubsidyFen, grantAvailableFen);
}

/**
 * The subsidy redeemed on the final invoice/payment amounts: the policy's subsidy on those
 * amounts, never above what was reserved at submission (a partial post releases the rest back
 * to the grant). Both bounds are the invariants the property tests check.
 */
export function redemptionAmount(reservedFen: bigint, finalPolicySubsidyFen: bigint): bigint {
  if (finalPolicySubsidyFen <= 0n) return 0n;
  return minFen(reservedFen, finalPolicySubsidyFen);
}

/**
 * What a claim still holds: redeemed, less every clawback so far. While the claim is redeemed it
 * sits in the program's payable (and is what a payout pays); once paid it is with the recipient.
 */
export function claimOutstandingFen(claim: { redeemedFen: bigint; clawedBackFen: bigint }): bigint {
  return claim.redeemedFen - claim.clawedBackFen;
}

export interface ClawbackAmounts {
  /** What is reversed: taken out of the payable, or owed back once paid. */
  reversalFen: bigint;
  /** `multiple × reversal`, rounded down to the fen like every rate. */
  penaltyFen: bigint;
  /** reversal + penalty: what the recipient owes (only the penalty when nothing was paid). */
  owedFen: bigint;
  /** What the claim still holds after this clawback (0: the claim is clawed back whole). */
  remainingFen: bigint;
}

/**
 * A clawback of `amountFen` out of the `outstandingFen` the claim still holds, with a penalty of
 * `penaltyMultipleBps` (10 000 = 1× the amount; 0 = no penalty), rounded down. `paid`: the claim
 * was paid out, so the recipient owes the amount back; before payout it only leaves the payable
 * and the recipient owes the penalty alone.
 */
export function clawbackAmounts(
  outstandingFen: bigint,
  amountFen: bigint,
  penaltyMultipleBps: number,
  paid: boolean,
): ClawbackAmounts {
  if (amountFen <= 0n || amountFen > outstandingFen) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `amountFen: must be positive and at most the ${outstandingFen} fen the claim still holds`,
      { field: 'amountFen', outstandingFen: outstandingFen.toString() },
    );
  }
  if (
    !Number.isInteger(penaltyMultipleBps) ||
    penaltyMultipleBps < 0 ||
    penaltyMultipleBps > MAX_PENALTY_MULTIPLE_BPS
  ) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `penaltyMultipleBps: an integer from 0 to ${MAX_PENALTY_MULTIPLE_BPS}`,
      { field: 'penaltyMultipleBps' },
    );
  }
  const penaltyFen = applyRateBps(amountFen, penaltyMultipleBps);
  return {
    reversalFen: amountFen,
    penaltyFen,
    owedFen: (paid ? amountFen : 0n) + penaltyFen,
    remainingFen: outstandingFen - amountFen,
  };
}

/**
 * What goes back to the budget when a grant expires or is voided: its available balance (the
 * amount neither spent nor reserved by submitted claims). Submitted claims keep their
 * reservation and can still be redeemed; what they release later is swept back then.
 */
export function unusedOnClose(grantAvailableFen: bigint): bigint {
  return grantAvailableFen > 0n ? grantAvailableFen : 0n;
}
