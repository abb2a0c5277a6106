import { compareProducts } from './penalty.ts';
import type { MatchingState } from './matching-state.ts';
import type { PreparedMarket } from './prepare-market.ts';

/**
 * The cost of serving a request wholly from one pair, ignoring what others take: the pair's
 * cost per card times the cards it would need. Used to rank requests, never to decide money.
 */
function wholeCost(market: PreparedMarket, request: number, pair: number): number {
  const units = market.pairUnits[pair] ?? 1;
  const cards = Math.ceil((market.requestDemand[request] ?? 0) / units);
  return (market.pairCostFen[pair] ?? 0) * cards;
}

/**
 * Regret order: the requests that lose most by not getting their best offer go first — the
 * difference between their second-best and best whole cost (a request with a single usable
 * offer loses its penalty), larger first, ties by request id (index). Requests no offer can
 * serve are left out.
 */
export function regretOrder(market: PreparedMarket): Int32Array {
  const regret: number[] = [];
  const candidates: number[] = [];
  for (let request = 0; request < market.requests.length; request += 1) {
    const first = market.pairStart[request] ?? 0;
    const last = market.pairStart[request + 1] ?? 0;
    if (last === first) continue;
    const best = wholeCost(market, request, first);
    const second = last - first > 1 ? wholeCost(market, request, first + 1) : (market.requestPenaltyFen[request] ?? 0);
    candidates.push(request);
    regret[request] = Math.max(0, second - best);
  }
  candidates.sort((a, b) => compareProducts(regret[b] ?? 0, 1, regret[a] ?? 0, 1) || a - b);
  return Int32Array.from(candidates);
}

/** Serves the requests in the given order, each the cheapest way what is left allows. */
export function insertInOrder(state: MatchingState, order: Int32Array): void {
  for (const request of order) {
    if (state.served[request] === 0) state.insertCheapest(request);
  }
}
