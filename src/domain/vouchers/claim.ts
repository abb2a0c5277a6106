import { transition, type Transition, type TransitionTable } from './state-machine.ts';

/**
 * Claim lifecycle: drafted against a contract, submitted (the subsidy is reserved, evidence may
 * still be pending), evidence complete (invoice, payment and delivery proof attached), redeemed
 * (policy re-evaluated on the final amounts, the ledger posts), paid (payout to the enterprise or
 * the provider). An operator may reject a claim until it is paid, and claw back a redeemed or paid
 * one: all of what it still holds (`claw_back`, the claim ends `clawed_back`) or a part of it
 * (`claw_back_part` / `claw_back_paid_part`: the claim keeps its state with a smaller amount, so
 * the rest still pays out or may be clawed back later — docs/vouchers.md#clawback).
 */
export const claimStates = [
  'draft',
  'submitted',
  'evidence_complete',
  'redeemed',
  'paid',
  'rejected',
  'clawed_back',
] as const;
export type ClaimState = (typeof claimStates)[number];

export type ClaimAction =
  | 'submit'
  | 'complete_evidence'
  | 'redeem'
  | 'pay'
  | 'reject'
  | 'claw_back'
  | 'claw_back_part'
  | 'claw_back_paid_part';

export const claimTransitions: TransitionTable<ClaimState, ClaimAction> = {
  submit: { from: ['draft'], to: 'submitted' },
  complete_evidence: { from: ['submitted'], to: 'evidence_complete' },
  redeem: { from: ['evidence_complete'], to: 'redeemed' },
  pay: { from: ['redeemed'], to: 'paid' },
  // A redeemed claim not paid yet may still be refused: what it holds in the payable returns.
  reject: { from: ['draft', 'submitted', 'evidence_complete', 'redeemed'], to: 'rejected' },
  claw_back: { from: ['redeemed', 'paid'], to: 'clawed_back' },
  claw_back_part: { from: ['redeemed'], to: 'redeemed' },
  claw_back_paid_part: { from: ['paid'], to: 'paid' },
};

/** The next claim state, or INVALID_STATE_TRANSITION. */
export function transitionClaim(
  state: ClaimState,
  action: ClaimAction,
  now: Date,
): Transition<ClaimState, ClaimAction> {
  return transition(claimTransitions, 'claim', state, action, now);
}

/**
 * The clawback action for taking `amountFen` of the `outstandingFen` a claim still holds (in the
 * payable while redeemed, with the recipient once paid): all of it ends the claim, a part keeps
 * it in its state. The amount is checked by `clawbackAmounts`.
 *
 * @example
 * clawbackAction('redeemed', 6_000_000n, 1n) // 'claw_back_part': 5 999 999 fen still pay out
 */
export function clawbackAction(
  state: ClaimState,
  outstandingFen: bigint,
  amountFen: bigint,
): ClaimAction {
  if (amountFen < outstandingFen) {
    return state === 'paid' ? 'claw_back_paid_part' : 'claw_back_part';
  }
  return 'claw_back';
}
