import { transition, type Transition, type TransitionTable } from './state-machine.ts';

/**
 * Grant lifecycle: a grant is active from approval until its amount is used up (exhausted), its
 * expiry passes (expired: the unused amount returns to the budget), an operator voids it, or a
 * clawback takes it back. A grant whose claims released money may become active again
 * (`replenish`, when a claim is redeemed for less than it reserved or is rejected).
 */
export const grantStates = ['active', 'exhausted', 'expired', 'voided', 'clawed_back'] as const;
export type GrantState = (typeof grantStates)[number];

export type GrantAction = 'exhaust' | 'replenish' | 'expire' | 'void' | 'claw_back';

export const grantTransitions: TransitionTable<GrantState, GrantAction> = {
  exhaust: { from: ['active'], to: 'exhausted' },
  replenish: { from: ['exhausted'], to: 'active' },
  expire: { from: ['active', 'exhausted'], to: 'expired' },
  void: { from: ['active', 'exhausted'], to: 'voided' },
  claw_back: { from: ['active', 'exhausted', 'expired'], to: 'clawed_back' },
};

/** The next grant state, or INVALID_STATE_TRANSITION. */
export function transitionGrant(
  state: GrantState,
  action: GrantAction,
  now: Date,
): Transition<GrantState, GrantAction> {
  return transition(grantTransitions, 'grant', state, action, now);
}

/** Whether a grant may still be claimed against at `now`. */
export function isGrantUsable(state: GrantState, expiresAt: Date, now: Date): boolean {
  return state === 'active' && now.getTime() < expiresAt.getTime();
}
