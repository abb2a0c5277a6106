import { ceilDivide } from './penalty.ts';
import type { PreparedMarket } from './prepare-market.ts';

/**
 * The Lagrangian relaxation's inner problem (congestion-prices.ts): with the capacity and budget
 * rows priced, every request is on its own — its cheapest serving at reduced costs, or its
 * penalty. Solved in one pass over the pairs; keeps what the chosen servings use, for the
 * subgradient.
 *
 * The pass runs 100 times per clearing, so its memory layout matters: what it reads of a pair
 * sits in two short records (four doubles, two integers), in the order the pass scans them, so
 * that it reads memory front to back; a window's λ comes from one Float64Array of prefix sums;
 * nothing is allocated per pass.
 */

/**
 * A pair's record in `RelaxedRequests.record` (doubles) and `RelaxedRequests.place` (integers):
 * 40 bytes a pair.
 */
const COST = 0;
const SUBSIDY = 1;
/** Cards to serve the whole demand (unsplittable) or units of demand per card (split). */
const SIZE = 2;
const MAX_CARDS = 3;
const RECORD_FIELDS = 4;
/** Where the offer's prefix sums of λ start (offer × (slotCount + 1)). */
const OFFER_BASE = 0;
/** The program whose budget the pair's subsidy charges; `programIds.length` (price 0) for none. */
const PROGRAM = 1;
const PLACE_FIELDS = 2;

/**
 * Per offer, the prefix sums of λ over its slots (offer-major, `slotCount + 1` per offer), so
 * that a window's sum is one subtraction. λ ≥ 0, so the sums never decrease and a window's sum
 * is never negative, even in floating point.
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
  /** Per pair, `RECORD_FIELDS` doubles (see the field offsets above), in the market's pair order. */
  private readonly record: Float64Array;
  /** Per pair, `PLACE_FIELDS` integers, in the same order. */
  private readonly place: Int32Array;
  private readonly prefix: Float64Array;
  /** μ per program, and 0 after them for the pairs that charge none. */
  private readonly budgetPrice: Float64Array;
  /** Cards per offer and slot boundary, as differences (offer-major, slotCount + 1 per offer). */
  private readonly usageDelta: Float64Array;
  /** Subsidy per program (and the pairs that charge none after them). */
  private readonly spend: Float64Array;
  private readonly slotExcessBuffer: Float64Array;
  private readonly budgetExcessBuffer: Float64Array;
  private readonly splittable: Uint8Array;
  /** Per pair of the split request being filled: whether it is already in the fill. */
  private readonly taken: Uint8Array;
  /**
   * Per pair of the split request being filled, its reduced cost per unit once computed: a fill
   * of several pairs scans the request's pairs once per pair it takes.
   */
  private readonly rate: Float64Array;
  /** Scratch for a split request's fill: pair and cards, alternately. */
  private readonly chosen: Int32Array;

  constructor(private readonly market: PreparedMarket) {
    const pairCount = market.pairOffer.length;
    const stride = market.slotCount + 1;
    const noProgram = market.programIds.length;
    this.splittable = market.requestSplittable;
    const record = new Float64Array(pairCount * RECORD_FIELDS);
    const place = new Int32Array(pairCount * PLACE_FIELDS);
    let widest = 0;
    for (let request = 0; request < market.requests.length; request += 1) {
      const demand = market.requestDemand[request] ?? 0;
      const first = market.pairStart[request] ?? 0;
      const last = market.pairStart[request + 1] ?? 0;
      widest = Math.max(widest, last - first);
      const splittable = this.splittable[request] === 1;
      for (let pair = first; pair < last; pair += 1) {
        const units = market.pairUnits[pair] ?? 1;
        const program = market.pairProgram[pair] ?? -1;
        record[pair * RECORD_FIELDS + COST] = market.pairCostFen[pair] ?? 0;
        record[pair * RECORD_FIELDS + SUBSIDY] = market.pairSubsidyFen[pair] ?? 0;
        record[pair * RECORD_FIELDS + SIZE] = splittable ? units : ceilDivide(demand, units);
        record[pair * RECORD_FIELDS + MAX_CARDS] = market.pairMaxCards[pair] ?? 0;
        place[pair * PLACE_FIELDS + OFFER_BASE] = (market.pairOffer[pair] ?? 0) * stride;
        place[pair * PLACE_FIELDS + PROGRAM] = program < 0 ? noProgram : program;
      }
    }
    this.record = record;
    this.place = place;
    this.prefix = new Float64Array(market.offers.length * stride);
    this.budgetPrice = new Float64Array(noProgram + 1);
    this.usageDelta = new Float64Array(market.offers.length * stride);
    this.spend = new Float64Array(noProgram + 1);
    this.slotExcessBuffer = new Float64Array(market.offers.length * market.slotCount);
    this.budgetExcessBuffer = new Float64Array(noProgram);
    this.taken = new Uint8Array(widest);
    this.rate = new Float64Array(widest);
    this.chosen = new Int32Array(2 * widest);
  }

  /** Solves every request's subproblem; returns the Lagrangian dual value at these prices. */
  solve(slotPrice: Float64Array, budgetPrice: Float64Array): number {
    const { market } = this;
    windowPrefixSums(market, slotPrice, this.prefix);
    this.budgetPrice.set(budgetPrice);
    this.usageDelta.fill(0);
    this.spend.fill(0);
    let value = 0;
    for (let request = 0; request < market.requests.length; request += 1)
      value += this.splittable[request] === 0 ? this.solveWhole(request) : this.solveSplit(request);
    for (let cell = 0; cell < slotPrice.length; cell += 1)
      value -= (slotPrice[cell] ?? 0) * (market.initialFree[cell] ?? 0);
    for (let program = 0; program < budgetPrice.length; program += 1)
      value -= (budgetPrice[program] ?? 0) * (market.initialBudgetFen[program] ?? 0);
    return value;
  }

  /**
   * The pair's cost per card at the current prices over the window `start … end − 1`:
   * `(cost + Σ λ) + μ · subsidy`. A pair that charges no program gets μ = 0, and `x + 0 · s`
   * is `x` exactly, so it costs `cost + Σ λ` as before the sentinel.
   */
  private reduced(pair: number, start: number, end: number): number {
    const { record, place } = this;
    const base = place[pair * PLACE_FIELDS + OFFER_BASE] ?? 0;
    const window = (this.prefix[base + end] ?? 0) - (this.prefix[base + start] ?? 0);
    const cost = (record[pair * RECORD_FIELDS + COST] ?? 0) + window;
    return (
      cost +
      (this.budgetPrice[place[pair * PLACE_FIELDS + PROGRAM] ?? 0] ?? 0) *
        (record[pair * RECORD_FIELDS + SUBSIDY] ?? 0)
    );
  }

  /**
   * An unsplittable request at reduced costs: its cheapest whole serving (exact). Prices are
   * never negative, so a pair's reduced cost is at least its true cost: the scan over the
   * request's pairs (sorted by the true cost of the whole serving) stops at the first whose true
   * cost alone is no better than the best reduced cost found — exact, and most requests look at
   * a few pairs only.
   */
  private solveWhole(request: number): number {
    const { market, record } = this;
    const first = market.pairStart[request] ?? 0;
    const last = market.pairStart[request + 1] ?? 0;
    const penalty = market.requestPenaltyFen[request] ?? 0;
    if (last === first) return penalty;
    const start = market.requestStartSlot[request] ?? 0;
    const end = market.requestEndSlot[request] ?? 0;
    let bestPair = -1;
    let bestCost = Infinity;
    for (let pair = first; pair < last; pair += 1) {
      const need = record[pair * RECORD_FIELDS + SIZE] ?? 0;
      if (need * (record[pair * RECORD_FIELDS + COST] ?? 0) >= bestCost) break;
      const cost = need * this.reduced(pair, start, end);
      if (cost < bestCost) {
        bestPair = pair;
        bestCost = cost;
      }
    }
    if (bestCost >= penalty) return penalty;
    this.use(request, bestPair, record[bestPair * RECORD_FIELDS + SIZE] ?? 0);
    return bestCost;
  }

  /**
   * A split request at reduced costs: the cheapest pairs per unit filled in turn (its integral
   * choice, used for the subgradient). Its value for the bound is never above the true
   * subproblem's: the fill is counted fractionally (the last pair's cards pro rata). The scan
   * stops, as for a whole serving, at the first pair whose true cost per unit is no better than
   * the best reduced one; a rate computed in one turn is kept for the next.
   */
  private solveSplit(request: number): number {
    const { market, record, taken, rate } = this;
    const first = market.pairStart[request] ?? 0;
    const last = market.pairStart[request + 1] ?? 0;
    const penalty = market.requestPenaltyFen[request] ?? 0;
    if (last === first) return penalty;
    const start = market.requestStartSlot[request] ?? 0;
    const end = market.requestEndSlot[request] ?? 0;
    let remaining = market.requestDemand[request] ?? 0;
    let fractional = 0;
    let whole = 0;
    const { chosen } = this;
    let chosenCount = 0;
    /** Rates are known for the request's pairs `first … known − 1`. */
    let known = first;
    while (remaining > 0) {
      let bestPair = -1;
      let bestRate = Infinity;
      for (let pair = first; pair < last; pair += 1) {
        if (taken[pair - first] === 1) continue;
        const units = record[pair * RECORD_FIELDS + SIZE] ?? 1;
        if ((record[pair * RECORD_FIELDS + COST] ?? 0) >= bestRate * units) break;
        if (pair === known) {
          rate[pair - first] = this.reduced(pair, start, end) / units;
          known += 1;
        }
        const pairRate = rate[pair - first] ?? 0;
        if (pairRate < bestRate) {
          bestPair = pair;
          bestRate = pairRate;
        }
      }
      if (bestPair < 0) break;
      taken[bestPair - first] = 1;
      const units = record[bestPair * RECORD_FIELDS + SIZE] ?? 1;
      const cards = Math.min(
        ceilDivide(remaining, units),
        record[bestPair * RECORD_FIELDS + MAX_CARDS] ?? 0,
      );
      fractional += Math.min(remaining, cards * units) * bestRate;
      whole += cards * bestRate * units;
      remaining -= cards * units;
      chosen[chosenCount] = bestPair;
      chosen[chosenCount + 1] = cards;
      chosenCount += 2;
    }
    for (let index = 0; index < chosenCount; index += 2) taken[(chosen[index] ?? 0) - first] = 0;
    if (remaining > 0) return penalty;
    if (whole < penalty)
      for (let index = 0; index < chosenCount; index += 2)
        this.use(request, chosen[index] ?? 0, chosen[index + 1] ?? 0);
    return Math.min(penalty, fractional);
  }

  /** Records `cards` of the pair as used over the request's window. */
  private use(request: number, pair: number, cards: number): void {
    const { market, place, usageDelta } = this;
    const base = place[pair * PLACE_FIELDS + OFFER_BASE] ?? 0;
    const from = base + (market.requestStartSlot[request] ?? 0);
    const to = base + (market.requestEndSlot[request] ?? 0);
    usageDelta[from] = (usageDelta[from] ?? 0) + cards;
    usageDelta[to] = (usageDelta[to] ?? 0) - cards;
    const program = place[pair * PLACE_FIELDS + PROGRAM] ?? 0;
    this.spend[program] =
      (this.spend[program] ?? 0) + cards * (this.record[pair * RECORD_FIELDS + SUBSIDY] ?? 0);
  }

  /** Cards used minus cards free, per offer and slot (a buffer the next `solve` overwrites). */
  slotExcess(free: Int32Array): Float64Array {
    const { market } = this;
    const slots = market.slotCount;
    const excess = this.slotExcessBuffer;
    for (let offer = 0; offer < market.offers.length; offer += 1) {
      let used = 0;
      for (let slot = 0; slot < slots; slot += 1) {
        used += this.usageDelta[offer * (slots + 1) + slot] ?? 0;
        excess[offer * slots + slot] = used - (free[offer * slots + slot] ?? 0);
      }
    }
    return excess;
  }

  /** Subsidy spent minus budget, per program (a buffer the next `solve` overwrites). */
  budgetExcess(budget: Float64Array): Float64Array {
    const excess = this.budgetExcessBuffer;
    for (let program = 0; program < excess.length; program += 1)
      excess[program] = (this.spend[program] ?? 0) - (budget[program] ?? 0);
    return excess;
  }
}
