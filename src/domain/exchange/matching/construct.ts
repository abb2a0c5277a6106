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
export function regretOrder(
  market: PreparedMarket,
  noise: (() => number) | null = null,
): Int32Array {
  const regret: number[] = [];
  const candidates: number[] = [];
  for (let request = 0; request < market.requests.length; request += 1) {
    const first = market.pairStart[request] ?? 0;
    const last = market.pairStart[request + 1] ?? 0;
    if (last === first) continue;
    const best = wholeCost(market, request, first);
    const second =
      last - first > 1
        ? wholeCost(market, request, first + 1)
        : (market.requestPenaltyFen[request] ?? 0);
    candidates.push(request);
    // A restart scales each regret by a seeded factor in [0.5, 1.5) to try other orders.
    regret[request] = Math.max(0, second - best) * (noise === null ? 1 : 0.5 + noise());
  }
  candidates.sort((a, b) => compareProducts(regret[b] ?? 0, 1, regret[a] ?? 0, 1) || a - b);
  return Int32Array.from(candidates);
}

/**
 * mulberry32: a seeded generator for the restarts' perturbations, so that a restart is as
 * deterministic as the rest of the matcher.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/** Serves the requests in the given order, each the cheapest way what is left allows. */
export function insertInOrder(state: MatchingState, order: Int32Array): void {
  for (const request of order) {
    if (state.served[request] === 0) state.insertCheapest(request);
  }
}
