import { assert } from '../../shared/assert.ts';
import { ceilDivide, compareProducts } from './penalty.ts';
import type { PreparedMarket } from './prepare-market.ts';

/** What a request held before it was taken out: pair and cards, alternately. */
export type Holding = readonly number[];

/**
 * A matching under construction: free cards per offer and slot, budgets left, cards per pair,
 * and the objective (cost of the served plus penalties of the unserved). Every change goes
 * through `hold`/`release`, which keep the four consistent; assertions guard capacity and
 * budgets, which never go negative.
 */
export class MatchingState {
  readonly free: Int32Array;
  readonly budgetFen: Float64Array;
  readonly pairCards: Int32Array;
  readonly served: Uint8Array;
  objectiveFen: number;

  constructor(readonly market: PreparedMarket) {
    this.free = market.initialFree.slice();
    this.budgetFen = market.initialBudgetFen.slice();
    this.pairCards = new Int32Array(market.pairOffer.length);
    this.served = new Uint8Array(market.requests.length);
    this.objectiveFen = market.requestPenaltyFen.reduce((sum, penalty) => sum + penalty, 0);
  }

  /** Back to nothing served. */
  reset(): void {
    this.free.set(this.market.initialFree);
    this.budgetFen.set(this.market.initialBudgetFen);
    this.pairCards.fill(0);
    this.served.fill(0);
    this.objectiveFen = this.market.requestPenaltyFen.reduce((sum, penalty) => sum + penalty, 0);
  }

  /** Copies another state of the same market into this one (keeping the best of several runs). */
  copyFrom(other: MatchingState): void {
    this.free.set(other.free);
    this.budgetFen.set(other.budgetFen);
    this.pairCards.set(other.pairCards);
    this.served.set(other.served);
    this.objectiveFen = other.objectiveFen;
  }

  /** Least free cards of an offer over slots `start … end − 1`. */
  minFree(offer: number, start: number, end: number): number {
    const base = offer * this.market.slotCount;
    let least = Number.MAX_SAFE_INTEGER;
    for (let slot = base + start; slot < base + end; slot += 1) {
      const free = this.free[slot] ?? 0;
      if (free < least) least = free;
    }
    return least;
  }

  /** Cards the pair could still take: free capacity, the node limit and the program budget. */
  available(request: number, pair: number): number {
    const { market } = this;
    const startSlot = market.requestStartSlot[request] ?? 0;
    const endSlot = market.requestEndSlot[request] ?? 0;
    let cards = Math.min(this.minFree(market.pairOffer[pair] ?? 0, startSlot, endSlot), (market.pairMaxCards[pair] ?? 0) - (this.pairCards[pair] ?? 0));
    const program = market.pairProgram[pair] ?? -1;
    if (program >= 0) {
      const affordable = Math.floor((this.budgetFen[program] ?? 0) / (market.pairSubsidyFen[pair] ?? 1));
      if (affordable < cards) {
        cards = affordable;
        this.budgetCuts += 1;
      }
    }
    return cards;
  }

  /** Adds cards to a pair of a request (capacity and budget asserted). */
  hold(request: number, pair: number, cards: number): void {
    const { market } = this;
    const startSlot = market.requestStartSlot[request] ?? 0;
    const endSlot = market.requestEndSlot[request] ?? 0;
    const base = (market.pairOffer[pair] ?? 0) * market.slotCount;
    for (let slot = base + startSlot; slot < base + endSlot; slot += 1) {
      const left = (this.free[slot] ?? 0) - cards;
      assert(left >= 0, 'MatchingState: an offer would be used beyond its capacity');
      this.free[slot] = left;
    }
    const program = market.pairProgram[pair] ?? -1;
    if (program >= 0) {
      const left = (this.budgetFen[program] ?? 0) - cards * (market.pairSubsidyFen[pair] ?? 0);
      assert(left >= 0, 'MatchingState: a program budget would go negative');
      this.budgetFen[program] = left;
    }
    this.pairCards[pair] = (this.pairCards[pair] ?? 0) + cards;
    this.objectiveFen += cards * (market.pairCostFen[pair] ?? 0);
  }

  /** Gives back `cards` of what a pair holds (the caller keeps the request's demand met). */
  releaseCards(request: number, pair: number, cards: number): void {
    const { market } = this;
    assert(cards > 0 && cards <= (this.pairCards[pair] ?? 0), 'MatchingState.releaseCards: more than the pair holds');
    const startSlot = market.requestStartSlot[request] ?? 0;
    const endSlot = market.requestEndSlot[request] ?? 0;
    const base = (market.pairOffer[pair] ?? 0) * market.slotCount;
    for (let slot = base + startSlot; slot < base + endSlot; slot += 1) this.free[slot] = (this.free[slot] ?? 0) + cards;
    const program = market.pairProgram[pair] ?? -1;
    if (program >= 0) this.budgetFen[program] = (this.budgetFen[program] ?? 0) + cards * (market.pairSubsidyFen[pair] ?? 0);
    this.pairCards[pair] = (this.pairCards[pair] ?? 0) - cards;
    this.objectiveFen -= cards * (market.pairCostFen[pair] ?? 0);
  }

  private releasePair(request: number, pair: number): number {
    const cards = this.pairCards[pair] ?? 0;
    if (cards > 0) this.releaseCards(request, pair, cards);
    return cards;
  }

  /** What a served request holds now, in the form `remove` returns. */
  holdingOf(request: number): Holding {
    const held: number[] = [];
    for (let pair = this.market.pairStart[request] ?? 0; pair < (this.market.pairStart[request + 1] ?? 0); pair += 1) {
      const cards = this.pairCards[pair] ?? 0;
      if (cards > 0) held.push(pair, cards);
    }
    return held;
  }

  /** Takes a served request out (its penalty comes back); returns what it held, for `restore`. */
  remove(request: number): Holding {
    if (this.served[request] !== 1) return [];
    const held: number[] = [];
    for (let pair = this.market.pairStart[request] ?? 0; pair < (this.market.pairStart[request + 1] ?? 0); pair += 1) {
      const cards = this.releasePair(request, pair);
      if (cards > 0) held.push(pair, cards);
    }
    this.served[request] = 0;
    this.objectiveFen += this.market.requestPenaltyFen[request] ?? 0;
    return held;
  }

  /** Puts back exactly what `remove` took out (the request must be unserved now). */
  restore(request: number, held: Holding): void {
    if (held.length === 0) return;
    assert(this.served[request] === 0, 'MatchingState.restore: request is served');
    for (let index = 0; index < held.length; index += 2) this.hold(request, held[index] ?? 0, held[index + 1] ?? 0);
    this.served[request] = 1;
    this.objectiveFen -= this.market.requestPenaltyFen[request] ?? 0;
  }

  /**
   * Serves an unserved request the cheapest way the state allows: the first pair (in the
   * request's cost order) with room for all of it, or, for a splittable request, the cheapest
   * pairs filled in turn. When a program's budget cut a splittable fill short, it tries once
   * more with the pairs that spend the least subsidy per unit first (a budget-sparing mix can
   * serve what the cheapest mix cannot). All or nothing: returns false and changes nothing
   * when it cannot.
   */
  insertCheapest(request: number): boolean {
    assert(this.served[request] === 0, 'MatchingState.insertCheapest: request already served');
    const { market } = this;
    const first = market.pairStart[request] ?? 0;
    const last = market.pairStart[request + 1] ?? 0;
    const splittable = market.requests[request]?.splittableAcrossOffers === true;
    const cutsBefore = this.budgetCuts;
    let served = this.fill(request, splittable, null);
    if (!served && splittable && this.budgetCuts > cutsBefore) {
      const order = Array.from({ length: last - first }, (_, index) => first + index);
      const sparing = (pair: number) => (market.pairProgram[pair] ?? -1) >= 0 ? (market.pairSubsidyFen[pair] ?? 0) : 0;
      order.sort((a, b) => compareProducts(sparing(a), market.pairUnits[b] ?? 1, sparing(b), market.pairUnits[a] ?? 1) || a - b);
      served = this.fill(request, splittable, order);
    }
    if (!served) return false;
    this.served[request] = 1;
    this.objectiveFen -= market.requestPenaltyFen[request] ?? 0;
    return true;
  }

  /** Counts the times `available` was limited by a program's budget rather than capacity. */
  private budgetCuts = 0;

  /** Fills the request's demand from its pairs in the given order (its cost order if null); all or nothing. */
  private fill(request: number, splittable: boolean, order: readonly number[] | null): boolean {
    const { market } = this;
    const first = market.pairStart[request] ?? 0;
    const last = market.pairStart[request + 1] ?? 0;
    let remaining = market.requestDemand[request] ?? 0;
    for (let at = 0; at < last - first && remaining > 0; at += 1) {
      const pair = order === null ? first + at : (order[at] ?? first);
      const needed = ceilDivide(remaining, market.pairUnits[pair] ?? 1);
      const cards = Math.min(needed, this.available(request, pair));
      if (cards <= 0 || (!splittable && cards < needed)) continue;
      this.hold(request, pair, cards);
      remaining -= cards * (market.pairUnits[pair] ?? 0);
    }
    if (remaining <= 0) return true;
    for (let pair = first; pair < last; pair += 1) this.releasePair(request, pair);
    return false;
  }
}
