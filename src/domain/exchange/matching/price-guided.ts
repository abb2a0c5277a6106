import { ceilDivide, compareProducts } from './penalty.ts';
import { insertInOrder, regretOrder } from './construct.ts';
import { improveMatching } from './improve-matching.ts';
import { MatchingState } from './matching-state.ts';
import { sortByKey } from './pair-order.ts';
import type { PreparedMarket } from './prepare-market.ts';

/**
 * A construction guided by congestion prices (congestion-prices.ts): the market is repriced —
 * every pair costs its reduced cost, and each request's pairs are sorted again by it — and the
 * usual regret-ordered construction and local search run on the repriced market. A request whose cheapest offer
 * is contended (high λ) then goes to an offer that is only a little dearer but free, and leaves
 * the contended cards to the request that loses most without them. The result is carried over,
 * card for card, into a state of the true market, where the local search goes on with the true
 * objective.
 */
export function priceGuidedConstruction(
  market: PreparedMarket,
  reducedCost: Float64Array,
  into: MatchingState,
): void {
  const { repriced, originalPair } = repriceMarket(market, reducedCost);
  const guided = new MatchingState(repriced, into.thorough);
  // The requests the relaxation leaves unserved (their cheapest serving at reduced cost is above
  // their penalty) do not take cards here: they are served afterwards, at true costs, in what
  // is left — before them they would push the requests the prices favour onto dearer offers.
  const regret = regretOrder(repriced);
  const order = new Int32Array(regret.length);
  let kept = 0;
  for (const request of regret) {
    const pair = repriced.pairStart[request] ?? 0;
    const cards = ceilDivide(repriced.requestDemand[request] ?? 0, repriced.pairUnits[pair] ?? 1);
    if (cards * (repriced.pairCostFen[pair] ?? 0) < (repriced.requestPenaltyFen[request] ?? 0))
      order[kept++] = request;
  }
  insertInOrder(guided, order.subarray(0, kept));
  // The local search at reduced costs: moving a request off a contended offer onto a dearer
  // free one pays there, which is how the chains of reassignments are found.
  improveMatching(guided);
  into.reset();
  for (let request = 0; request < market.requests.length; request += 1) {
    if (guided.served[request] !== 1) continue;
    const held: number[] = [];
    for (
      let pair = repriced.pairStart[request] ?? 0;
      pair < (repriced.pairStart[request + 1] ?? 0);
      pair += 1
    ) {
      const cards = guided.pairCards[pair] ?? 0;
      if (cards > 0) held.push(originalPair[pair] ?? 0, cards);
    }
    into.restore(request, held);
  }
}

/**
 * The market at reduced costs (rounded to the fen: they only order and rank), each request's
 * pairs sorted by them the way prepare-market sorts true costs (pair-order.ts); `originalPair` maps a repriced
 * pair back to the market's.
 */
function repriceMarket(
  market: PreparedMarket,
  reducedCost: Float64Array,
): { repriced: PreparedMarket; originalPair: Int32Array } {
  const pairCount = market.pairOffer.length;
  const cost = new Float64Array(pairCount);
  for (let pair = 0; pair < pairCount; pair += 1) cost[pair] = Math.round(reducedCost[pair] ?? 0);
  const originalPair = new Int32Array(pairCount);
  let widest = 0;
  for (let request = 0; request < market.requests.length; request += 1)
    widest = Math.max(
      widest,
      (market.pairStart[request + 1] ?? 0) - (market.pairStart[request] ?? 0),
    );
  const order = new Int32Array(widest);
  const key = new Float64Array(widest);
  const scratch = new Int32Array(widest);
  for (let request = 0; request < market.requests.length; request += 1) {
    const first = market.pairStart[request] ?? 0;
    const length = (market.pairStart[request + 1] ?? 0) - first;
    const splittable = market.requestSplittable[request] === 1;
    for (let index = 0; index < length; index += 1) {
      const pair = first + index;
      order[index] = index;
      key[index] = splittable
        ? (cost[pair] ?? 0) / (market.pairUnits[pair] ?? 1)
        : (cost[pair] ?? 0) * (market.pairMaxCards[pair] ?? 0);
    }
    sortByKey(
      order,
      length,
      key,
      (a, b) =>
        (splittable
          ? compareProducts(
              cost[first + a] ?? 0,
              market.pairUnits[first + b] ?? 0,
              cost[first + b] ?? 0,
              market.pairUnits[first + a] ?? 0,
            )
          : compareProducts(
              cost[first + a] ?? 0,
              market.pairMaxCards[first + a] ?? 0,
              cost[first + b] ?? 0,
              market.pairMaxCards[first + b] ?? 0,
            )) || (market.pairOffer[first + a] ?? 0) - (market.pairOffer[first + b] ?? 0),
      scratch,
    );
    for (let index = 0; index < length; index += 1)
      originalPair[first + index] = first + (order[index] ?? 0);
  }
  const permute = <T extends Float64Array | Int32Array>(column: T): T => {
    const permuted = column.slice() as T;
    for (let pair = 0; pair < pairCount; pair += 1)
      permuted[pair] = column[originalPair[pair] ?? 0] ?? 0;
    return permuted;
  };
  return {
    repriced: {
      ...market,
      pairOffer: permute(market.pairOffer),
      pairUnits: permute(market.pairUnits),
      pairCostFen: permute(cost),
      pairSubsidyFen: permute(market.pairSubsidyFen),
      pairProgram: permute(market.pairProgram),
      pairRateBps: permute(market.pairRateBps),
      pairMaxCards: permute(market.pairMaxCards),
      pairEnterpriseFenPerCardHour: permute(market.pairEnterpriseFenPerCardHour),
      pairEnergyFenPerCardHour: permute(market.pairEnergyFenPerCardHour),
    },
    originalPair,
  };
}
