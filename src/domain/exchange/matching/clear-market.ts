import { buildResult } from './build-result.ts';
import { insertInOrder, regretOrder } from './construct.ts';
import { improveMatching } from './improve-matching.ts';
import { MatchingState } from './matching-state.ts';
import { prepareMarket } from './prepare-market.ts';
import type { MarketInput, MarketResult } from './types.ts';

/**
 * Clears the compute exchange once (docs/exchange-matching.md): open requests against offers,
 * every hard constraint respected (capacity in every hour of a request's window, accelerator,
 * origin, region, minimum term, node size, split or not, maximum price after subsidy, program
 * budgets), serving as much as it can and then minimising what enterprises pay after subsidy
 * plus the energy term. Pure and deterministic: the same input (in any order) gives the same
 * result.
 *
 * @example
 * const result = clearMarket({ slotCount: 24, offers, requests, subsidies, programs, energyWeightFenPerKwh: 0 });
 * result.assignments[0] // { requestId: 'r1', offerId: 'o7', cards: 8, startSlot: 0, endSlot: 24, subsidyFen: 432000n, … }
 */
export function clearMarket(input: MarketInput): MarketResult {
  const market = prepareMarket(input);
  const state = new MatchingState(market);
  insertInOrder(state, regretOrder(market));
  improveMatching(state);
  // Whatever still fits is served: its penalty exceeds its cost, so this only lowers the objective.
  for (let request = 0; request < market.requests.length; request += 1) {
    if (state.served[request] === 0 && (market.pairStart[request + 1] ?? 0) > (market.pairStart[request] ?? 0)) state.insertCheapest(request);
  }
  return buildResult(input, state);
}
