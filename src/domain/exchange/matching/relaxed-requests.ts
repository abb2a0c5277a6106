import { ceilDivide } from './penalty.ts';
import type { PreparedMarket } from './prepare-market.ts';

/**
 * The Lagrangian relaxation's inner problem (congestion-prices.ts): with the capacity and budget
 * rows priced, every request is on its own — its cheapest serving at reduced costs, or its
 * penalty. Solved in one pass over the pairs; keeps what the chosen servings use, for the
 * subgradient.
 */

/**
 * Per offer, the prefix sums of λ over its slots (offer-major, `slotCount + 1` per offer), so
 * that a window's sum is one subtraction.
 */
export function windowPrefixSums(
  market: PreparedMarket,
  slotPrice: Float64Array,
  into: Float64Array = new Float64Array(market.offers.length * (market.slotCount + 1)),
): Float64Array {
  const slots = market.slotCount;
  for (let offer = 0; offer < market.offers.length; offer += 1) {
    let sum = 0;
    for (let slot = 0; slot < slots; slot += 1) {
      sum += slotPrice[offer * slots + slot] ?? 0;
      into[offer * (slots + 1) + slot + 1] = sum;
    }
  }
  return into;
}

/** The relaxed problem at given prices: each request alone, its usage of cards and budgets. */
export class RelaxedRequests {
  /** Per pair: where its window starts and ends in the per-offer prefix sums of λ. */
  private readonly windowFrom: Int32Array;
  private readonly windowTo: Int32Array;
  /** Per pair: cards to serve the whole demand from it. */
  private readonly need: Float64Array;
  private readonly prefix: Float64Array;
  private budgetPrice: Float64Array = new Float64Array(0);
  /** Cards per offer and slot boundary, as differences (offer-major, slotCount + 1 per offer). */
  private readonly usageDelta: Float64Array;
  private readonly spend: Float64Array;
  private readonly taken: Uint8Array;
  private readonly splittable: Uint8Array;
  /** Scratch for a split request's fill: pair and cards, alternately. */
  private readonly chosen: Int32Array;

  private readonly cost: Float64Array;
  private readonly program: Int32Array;
  private readonly subsidy: Float64Array;

  constructor(private readonly market: PreparedMarket) {
    this.cost = market.pairCostFen;
    this.program = market.pairProgram;
    this.subsidy = market.pairSubsidyFen;
    const pairCount = market.pairOffer.length;
    const stride = market.slotCount + 1;
    this.windowFrom = new Int32Array(pairCount);
    this.windowTo = new Int32Array(pairCount);
    this.need = new Float64Array(pairCount);
    for (let request = 0; request < market.requests.length; request += 1) {
      const demand = market.requestDemand[request] ?? 0;
      for (
        let pair = market.pairStart[request] ?? 0;
        pair < (market.pairStart[request + 1] ?? 0);
        pair += 1
      ) {
        const base = (market.pairOffer[pair] ?? 0) * stride;
        this.windowFrom[pair] = base + (market.requestStartSlot[request] ?? 0);
        this.windowTo[pair] = base + (market.requestEndSlot[request] ?? 0);
        this.need[pair] = ceilDivide(demand, market.pairUnits[pair] ?? 1);
      }
    }
    this.prefix = new Float64Array(market.offers.length * stride);
    this.usageDelta = new Float64Array(market.offers.length * stride);
    this.spend = new Float64Array(market.programIds.length);
    this.taken = new Uint8Array(pairCount);
    this.splittable = Uint8Array.from(market.requests, (request) =>
      request.splittableAcrossOffers ? 1 : 0,
    );
    let widest = 0;
    for (let request = 0; request < market.requests.length; request += 1)
      widest = Math.max(
        widest,
        (market.pairStart[request + 1] ?? 0) - (market.pairStart[request] ?? 0),
      );
    this.chosen = new Int32Array(2 * widest);
  }

  /** Solves every request's subproblem; returns the Lagrangian dual value at these prices. */
  solve(slotPrice: Float64Array, budgetPrice: Float64Array): number {
    const { market } = this;
    windowPrefixSums(market, slotPrice, this.prefix);
    this.budgetPrice = budgetPrice;
    this.usageDelta.fill(0);
    this.spend.fill(0);
    let value = 0;
    for (let request = 0; request < market.requests.length; request += 1)
      value += this.solveRequest(request);
    for (let cell = 0; cell < slotPrice.length; cell += 1)
      value -= (slotPrice[cell] ?? 0) * (market.initialFree[cell] ?? 0);
    for (let program = 0; program < budgetPrice.length; program += 1)
      value -= (budgetPrice[program] ?? 0) * (market.initialBudgetFen[program] ?? 0);
    return value;
  }

  /** The pair's cost per card at the current prices (see `reducedCosts`). */
  private reduced(pair: number): number {
    const program = this.program[pair] ?? -1;
    const window =
      (this.prefix[this.windowTo[pair] ?? 0] ?? 0) - (this.prefix[this.windowFrom[pair] ?? 0] ?? 0);
    const cost = (this.cost[pair] ?? 0) + window;
    return program < 0 ? cost : cost + (this.budgetPrice[program] ?? 0) * (this.subsidy[pair] ?? 0);
  }

  /**
   * One request at reduced costs. Integral choice (used for the subgradient): an unsplittable
   * request its cheapest whole serving; a split one the cheapest pairs per unit filled in turn.
   * Its value for the bound is never above the true subproblem's: the whole serving is exact,
   * the split fill is counted fractionally (the last pair's cards pro rata). Prices are never
   * negative, so a pair's reduced cost is at least its true cost: the scan over the request's
   * pairs (sorted by true cost, per serving or per unit) stops at the first whose true cost
   * alone is no better than the best reduced cost found — exact, and most requests look at a
   * few pairs only.
   */
  private solveRequest(request: number): number {
    const { market, need } = this;
    const first = market.pairStart[request] ?? 0;
    const last = market.pairStart[request + 1] ?? 0;
    const penalty = market.requestPenaltyFen[request] ?? 0;
    if (last === first) return penalty;
    if (this.splittable[request] === 0) {
      let bestPair = -1;
      let bestCost = Infinity;
      for (let pair = first; pair < last; pair += 1) {
        if ((need[pair] ?? 0) * (this.cost[pair] ?? 0) >= bestCost) break;
        const cost = (need[pair] ?? 0) * this.reduced(pair);
        if (cost < bestCost) {
          bestPair = pair;
          bestCost = cost;
        }
      }
      if (bestCost >= penalty) return penalty;
      this.use(bestPair, need[bestPair] ?? 0);
      return bestCost;
    }
    let remaining = market.requestDemand[request] ?? 0;
    let fractional = 0;
    let whole = 0;
    const { chosen } = this;
    let chosenCount = 0;
    while (remaining > 0) {
      let bestPair = -1;
      let bestRate = Infinity;
      for (let pair = first; pair < last; pair += 1) {
        if (this.taken[pair] === 1) continue;
        const units = market.pairUnits[pair] ?? 1;
        if ((market.pairCostFen[pair] ?? 0) >= bestRate * units) break;
        const rate = this.reduced(pair) / units;
        if (rate < bestRate) {
          bestPair = pair;
          bestRate = rate;
        }
      }
      if (bestPair < 0) break;
      this.taken[bestPair] = 1;
      const units = market.pairUnits[bestPair] ?? 1;
      const cards = Math.min(ceilDivide(remaining, units), market.pairMaxCards[bestPair] ?? 0);
      fractional += Math.min(remaining, cards * units) * bestRate;
      whole += cards * bestRate * units;
      remaining -= cards * units;
      chosen[chosenCount] = bestPair;
      chosen[chosenCount + 1] = cards;
      chosenCount += 2;
    }
    for (let index = 0; index < chosenCount; index += 2) this.taken[chosen[index] ?? 0] = 0;
    if (remaining > 0) return penalty;
    if (whole < penalty)
      for (let index = 0; index < chosenCount; index += 2)
        this.use(chosen[index] ?? 0, chosen[index + 1] ?? 0);
    return Math.min(penalty, fractional);
  }

  private use(pair: number, cards: number): void {
    const { market, usageDelta } = this;
    const from = this.windowFrom[pair] ?? 0;
    const to = this.windowTo[pair] ?? 0;
    usageDelta[from] = (usageDelta[from] ?? 0) + cards;
    usageDelta[to] = (usageDelta[to] ?? 0) - cards;
    const program = market.pairProgram[pair] ?? -1;
    if (program >= 0)
      this.spend[program] = (this.spend[program] ?? 0) + cards * (market.pairSubsidyFen[pair] ?? 0);
  }

  /** Cards used minus cards free, per offer and slot. */
  slotExcess(free: Int32Array): Float64Array {
    const { market } = this;
    const slots = market.slotCount;
    const excess = new Float64Array(market.offers.length * slots);
    for (let offer = 0; offer < market.offers.length; offer += 1) {
      let used = 0;
      for (let slot = 0; slot < slots; slot += 1) {
        used += this.usageDelta[offer * (slots + 1) + slot] ?? 0;
        excess[offer * slots + slot] = used - (free[offer * slots + slot] ?? 0);
      }
    }
    return excess;
  }

  /** Subsidy spent minus budget, per program. */
  budgetExcess(budget: Float64Array): Float64Array {
    return Float64Array.from(this.spend, (spent, program) => spent - (budget[program] ?? 0));
  }
}
