import type { MatchingState } from './matching-state.ts';
import { blockersOf, type OfferUsers, type WorkBudget } from './offer-holders.ts';
import type { MoveLimits } from './improve-moves.ts';
import { ceilDivide } from './penalty.ts';

/**
 * Forced placement (thorough states, i.e. small markets): put a request that may not be split on
 * a cheaper pair of its own that is not its cheapest — after taking out one holder of that
 * offer's cards — and serve the holder again the cheapest way. The ejection move cannot find
 * this: it reinserts the request at its cheapest pair, which may be the very offer the holder
 * then needs. Example: A (whole) sits on a dear offer; the optimum puts A on its second-cheapest
 * offer and lets B, a split request, take the cheapest offer's cards A would have wanted.
 */
export function forcePlacement(
  state: MatchingState,
  users: OfferUsers,
  request: number,
  limits: MoveLimits,
  budget: WorkBudget,
): boolean {
  const { market } = state;
  if (!state.thorough || market.requestSplittable[request] !== 0) return false;
  const first = market.pairStart[request] ?? 0;
  let current = market.pairStart[request + 1] ?? 0;
  for (let pair = first; pair < current; pair += 1)
    if ((state.pairCards[pair] ?? 0) > 0) current = pair;
  const cards = (pair: number) =>
    ceilDivide(market.requestDemand[request] ?? 0, market.pairUnits[pair] ?? 1);
  // Pairs cheaper than where the request is now (every pair when it is unserved), but not the
  // cheapest: the ejection move already tries that one.
  for (let pair = first + 1; pair < Math.min(current, first + limits.targetsMax); pair += 1) {
    for (const holder of blockersOf(state, users, request, pair, limits.blockersMax)) {
      if (budget.attemptsLeft <= 0) return false;
      budget.attemptsLeft -= 1;
      const before = state.objectiveFen;
      const holderHeld = state.remove(holder);
      const requestHeld = state.remove(request);
      if (state.available(request, pair) >= cards(pair)) {
        state.restore(request, [pair, cards(pair)]);
        state.insertCheapest(holder);
        if (state.objectiveFen < before) return true;
        state.remove(holder);
        state.remove(request);
      }
      state.restore(holder, holderHeld);
      state.restore(request, requestHeld);
    }
  }
  return false;
}
