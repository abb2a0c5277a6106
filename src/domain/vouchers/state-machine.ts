import { DomainError } from '../shared/errors.ts';

/**
 * A finite state machine as data: for each action, the states it may start from and the state
 * it leads to. `transition` is the one pure function every voucher entity goes through, so an
 * action from a wrong state is always the same `INVALID_STATE_TRANSITION` error.
 */
export type TransitionTable<State extends string, Action extends string> = Readonly<
  Record<Action, { readonly from: readonly State[]; readonly to: State }>
>;

/** What a transition records (one row of `voucher_transitions`). */
export interface Transition<State extends string, Action extends string> {
  from: State;
  to: State;
  action: Action;
  at: Date;
}

/**
 * The next state of `state` under `action`, or a DomainError naming both when the table does not
 * allow it. `now` is carried into the recorded transition (the domain has no clock).
 *
 * @example
 * transition(applicationTransitions, 'application', 'submitted', 'approve', now).to // 'approved'
 */
export function transition<State extends string, Action extends string>(
  table: TransitionTable<State, Action>,
  entity: string,
  state: State,
  action: Action,
  now: Date,
): Transition<State, Action> {
  const rule = table[action];
  if (!rule.from.includes(state)) {
    throw new DomainError(
      'INVALID_STATE_TRANSITION',
      `${entity} in state '${state}' cannot '${action}'`,
      { field: 'state', entity, state, action, allowedFrom: [...rule.from] },
    );
  }
  return { from: state, to: rule.to, action, at: now };
}

/** Every state reachable in one step from `state` (for tests and the console's buttons). */
export function allowedActions<State extends string, Action extends string>(
  table: TransitionTable<State, Action>,
  state: State,
): Action[] {
  return (Object.keys(table) as Action[]).filter((action) => table[action].from.includes(state));
}
