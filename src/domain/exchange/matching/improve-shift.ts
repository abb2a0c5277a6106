import type { MatchingState } from './matching-state.ts';
import { tradesCards, type WorkBudget } from './offer-holders.ts';

/**
 * Moves cards of a split card-hour request from its dearest pair to a cheaper one of its own
 * that has room once they are released (a program's budget may be what frees up). Reinsertion
 * cannot find these when the budget made it fill in the budget-sparing order.
 */
export function shiftWithin(state: MatchingState, request: number, budget: WorkBudget): boolean {
  if (!tradesCards(state, request)) return false;
  const { market } = state;
  const first = market.pairStart[request] ?? 0;
  const dearer = state.lastHeldPair(request);
  for (let cheaper = first; cheaper < dearer && budget.attemptsLeft > 0; cheaper += 1) {
    const room = (market.pairMaxCards[cheaper] ?? 0) - (state.pairCards[cheaper] ?? 0);
    if (room <= 0 || (market.pairCostFen[cheaper] ?? 0) >= (market.pairCostFen[dearer] ?? 0))
      continue;
    budget.attemptsLeft -= 1;
    const before = state.objectiveFen;
    const held = state.holdingOf(request);
    const cards = Math.min(state.pairCards[dearer] ?? 0, room);
    state.releaseCards(request, dearer, cards);
    const moved = Math.min(cards, state.available(request, cheaper));
    if (moved > 0) state.hold(request, cheaper, moved);
    const rest = cards - moved;
    const restFits = rest === 0 || state.available(request, dearer) >= rest;
    if (restFits && rest > 0) state.hold(request, dearer, rest);
    if (restFits && moved > 0 && state.objectiveFen < before) return true;
    state.remove(request);
    state.restore(request, held);
    if (moved > 1 && !restFits && shiftFewer(state, request, { cheaper, dearer }, moved - 1))
      return true;
  }
  return false;
}

/**
 * When moving all the cards the cheaper pair could take left the rest no budget to go back on
 * the dearer pair (both charge one program), fewer cards may still move: the most that leave
 * room for the rest, tried from `most` down (the objective is linear in the cards moved).
 */
function shiftFewer(
  state: MatchingState,
  request: number,
  { cheaper, dearer }: { cheaper: number; dearer: number },
  most: number,
): boolean {
  for (let cards = most; cards > 0; cards -= 1) {
    const before = state.objectiveFen;
    state.releaseCards(request, dearer, cards);
    if (state.available(request, cheaper) >= cards) {
      state.hold(request, cheaper, cards);
      if (state.objectiveFen < before) return true;
      state.releaseCards(request, cheaper, cards);
    }
    state.hold(request, dearer, cards);
  }
  return false;
}
