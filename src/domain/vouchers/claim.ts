import { transition, type Transition, type TransitionTable } from './state-machine.ts';

/**
 * Claim lifecycle: drafted against a contract, submitted (the subsidy is reserved, evidence may
 * still be pending), evidence complete (invoice, payment and delivery proof attached), redeemed
 * (policy re-evaluated on the final amounts, the ledger posts), paid (payout to the enterprise or
 * the provider). An operator may reject a claim before redemption, and claw back a redeemed or
 * paid one.
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
  'submit' | 'complete_evidence' | 'redeem' | 'pay' | 'reject' | 'claw_back';

export const claimTransitions: TransitionTable<ClaimState, ClaimAction> = {
  submit: { from: ['draft'], to: 'submitted' },
  complete_evidence: { from: ['submitted'], to: 'evidence_complete' },
  redeem: { from: ['evidence_complete'], to: 'redeemed' },
  pay: { from: ['redeemed'], to: 'paid' },
  reject: { from: ['draft', 'submitted', 'evidence_complete'], to: 'rejected' },
  claw_back: { from: ['redeemed', 'paid'], to: 'clawed_back' },
};

/** The next claim state, or INVALID_STATE_TRANSITION. */
export function transitionClaim(
  state: ClaimState,
  action: ClaimAction,
  now: Date,
): Transition<ClaimState, ClaimAction> {
  return transition(claimTransitions, 'claim', state, action, now);
}
