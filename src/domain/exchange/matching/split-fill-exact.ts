import type { CardHoldings, Holding } from './card-holdings.ts';
import { ceilDivide } from './penalty.ts';

/** How many of a request's cheapest pairs (per unit) the exact fill combines. */
const EXACT_PAIRS_MAX = 8;

/**
 * The cheapest way to fill a split request from what is free now, found exactly by
 * branch and bound over the cards of each of its (up to eight) cheapest pairs: minimise Σ cost ×
 * cards such that Σ units × cards ≥ demand, each pair within its free cards over the window and
 * its card limit, and the subsidy of the pairs charging each program within what that program
 * has left. The greedy fills miss mixes such as fewer cards of the cheapest pair per unit and
 * more of one whose larger cards round up less, or a dearer pair that spends the budget better.
 *
 * Bounded by `nodesMax` nodes of the search (then the best found so far, if any, is returned),
 * so the matcher stays deterministic and its work bounded. The request must hold nothing.
 * Returns the holding (pair, cards, …) or null when no fill fits.
 */
export function exactSplitFill(
  state: CardHoldings,
  request: number,
  nodesMax: number,
): Holding | null {
  const { market } = state;
  const first = market.pairStart[request] ?? 0;
  const pairs: number[] = [];
  for (let pair = first; pair < (market.pairStart[request + 1] ?? 0); pair += 1) pairs.push(pair);
  const units = (pair: number) => market.pairUnits[pair] ?? 1;
  const cost = (pair: number) => market.pairCostFen[pair] ?? 0;
  pairs.sort((a, b) => cost(a) * units(b) - cost(b) * units(a) || a - b);
  pairs.length = Math.min(pairs.length, EXACT_PAIRS_MAX);
  const demand = market.requestDemand[request] ?? 0;
  const startSlot = market.requestStartSlot[request] ?? 0;
  const endSlot = market.requestEndSlot[request] ?? 0;
  const limit = pairs.map((pair) =>
    Math.min(
      state.minFree(market.pairOffer[pair] ?? 0, startSlot, endSlot),
      market.pairMaxCards[pair] ?? 0,
      ceilDivide(demand, units(pair)),
    ),
  );
  // The cheapest rate per unit among the pairs from `index` on: a lower bound on what is left.
  const suffixRate = new Float64Array(pairs.length + 1).fill(Infinity);
  for (let index = pairs.length - 1; index >= 0; index -= 1) {
    const pair = pairs[index] ?? 0;
    suffixRate[index] = Math.min(suffixRate[index + 1] ?? Infinity, cost(pair) / units(pair));
  }
  const budget = Float64Array.from(state.budgetFen);
  const cards = new Int32Array(pairs.length);
  let best: Holding | null = null;
  let bestCost = Infinity;
  let nodes = 0;

  const search = (index: number, remaining: number, spent: number): void => {
    nodes += 1;
    if (remaining <= 0) {
      if (spent < bestCost) {
        bestCost = spent;
        best = pairs.flatMap((pair, at) => ((cards[at] ?? 0) > 0 ? [pair, cards[at] ?? 0] : []));
      }
      return;
    }
    if (index >= pairs.length || nodes > nodesMax) return;
    // An equal cost is pruned too: ties keep the first fill found (most cards on cheaper pairs).
    if (spent + remaining * (suffixRate[index] ?? Infinity) >= bestCost) return;
    const pair = pairs[index] ?? 0;
    const program = market.pairProgram[pair] ?? -1;
    const subsidy = market.pairSubsidyFen[pair] ?? 0;
    let most = Math.min(limit[index] ?? 0, ceilDivide(remaining, units(pair)));
    if (program >= 0 && subsidy > 0)
      most = Math.min(most, Math.floor((budget[program] ?? 0) / subsidy));
    for (let taken = most; taken >= 0; taken -= 1) {
      cards[index] = taken;
      if (program >= 0) budget[program] = (budget[program] ?? 0) - taken * subsidy;
      search(index + 1, remaining - taken * units(pair), spent + taken * cost(pair));
      if (program >= 0) budget[program] = (budget[program] ?? 0) + taken * subsidy;
    }
    cards[index] = 0;
  };
  search(0, demand, 0);
  return best;
}
