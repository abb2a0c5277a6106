import type { PreparedMarket } from './prepare-market.ts';

/** How many of a request's cheapest pairs the budget-aware orders rearrange. */
const REORDERED_PAIRS_MAX = 12;

/**
 * Alternative orders in which to fill a split request when a program's budget limited the
 * cheapest-first fill. Serving a request within a budget is a small knapsack with two
 * constraints (demand, budget); its LP optimum orders the pairs by `cost + λ × subsidy` per
 * unit of demand for some price λ ≥ 0 of the budget, so the orders at every breakpoint of λ
 * (where two pairs swap) are tried, ending with the most budget-sparing order (λ → ∞); without
 * `everyBreakpoint` (large markets, where this runs often) only that last order. Floats
 * only rank candidate orders; ties go to the pair index, and every candidate is judged by the
 * exact objective.
 *
 * @example
 * budgetAwareOrders(market, 3, true) // [[12, 14, 13], [14, 12, 13], …]
 */
export function budgetAwareOrders(
  market: PreparedMarket,
  request: number,
  everyBreakpoint: boolean,
): number[][] {
  const first = market.pairStart[request] ?? 0;
  const last = Math.min(market.pairStart[request + 1] ?? 0, first + REORDERED_PAIRS_MAX);
  const pairs = Array.from({ length: last - first }, (_, index) => first + index);
  const costPerUnit = (pair: number) =>
    (market.pairCostFen[pair] ?? 0) / (market.pairUnits[pair] ?? 1);
  const subsidyPerUnit = (pair: number) =>
    (market.pairProgram[pair] ?? -1) >= 0
      ? (market.pairSubsidyFen[pair] ?? 0) / (market.pairUnits[pair] ?? 1)
      : 0;
  const breakpoints = new Set<number>();
  for (const a of everyBreakpoint ? pairs : []) {
    for (const b of pairs) {
      const subsidyGap = subsidyPerUnit(a) - subsidyPerUnit(b);
      const costGap = costPerUnit(b) - costPerUnit(a);
      if (subsidyGap > 0 && costGap > 0) breakpoints.add(costGap / subsidyGap);
    }
  }
  const orders: number[][] = [];
  const seen = new Set<string>();
  const addOrder = (key: (pair: number) => number, tie: (pair: number) => number) => {
    const order = [...pairs].sort((a, b) => key(a) - key(b) || tie(a) - tie(b) || a - b);
    const name = order.join(',');
    if (!seen.has(name)) {
      seen.add(name);
      orders.push(order);
    }
  };
  // Just past each breakpoint the pair with less subsidy per unit goes first.
  for (const lambda of [...breakpoints].sort((a, b) => a - b)) {
    addOrder((pair) => costPerUnit(pair) + lambda * 1.000001 * subsidyPerUnit(pair), costPerUnit);
  }
  addOrder(subsidyPerUnit, costPerUnit);
  return orders;
}
