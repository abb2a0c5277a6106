import { transition, type Transition, type TransitionTable } from './state-machine.ts';

/**
 * Application lifecycle (docs/architecture.md#the-money-path): an enterprise drafts, submits; a
 * reviewer approves with an amount, returns it for changes (the enterprise edits and resubmits) or
 * rejects it with a reason; the enterprise may withdraw while it is not decided. Automatic and
 * first-come programs approve or reject at submission through the same actions.
 */
export const applicationStates = [
  'draft',
  'submitted',
  'returned',
  'approved',
  'rejected',
  'withdrawn',
] as const;
export type ApplicationState = (typeof applicationStates)[number];

export type ApplicationAction = 'edit' | 'submit' | 'return' | 'approve' | 'reject' | 'withdraw';

export const applicationTransitions: TransitionTable<ApplicationState, ApplicationAction> = {
  // The enterprise changes a draft or a returned application; it is a draft again until submitted.
  edit: { from: ['draft', 'returned'], to: 'draft' },
  submit: { from: ['draft', 'returned'], to: 'submitted' },
  return: { from: ['submitted'], to: 'returned' },
  approve: { from: ['submitted'], to: 'approved' },
  reject: { from: ['submitted'], to: 'rejected' },
  withdraw: { from: ['draft', 'submitted', 'returned'], to: 'withdrawn' },
};

/** Final states: nothing leaves them. */
export const finalApplicationStates: readonly ApplicationState[] = [
  'approved',
  'rejected',
  'withdrawn',
];

/** The next application state, or INVALID_STATE_TRANSITION. */
export function transitionApplication(
  state: ApplicationState,
  action: ApplicationAction,
  now: Date,
): Transition<ApplicationState, ApplicationAction> {
  return transition(applicationTransitions, 'application', state, action, now);
}
