import { assert } from '../../shared/assert.ts';
import { ceilDivide } from './penalty.ts';
import type { PreparedMarket } from './prepare-market.ts';
import { budgetAwareOrders } from './split-fill-orders.ts';

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

  /**
   * @param thorough try more ways to fill each split request (a small market can afford it;
   *   clearMarket decides by the number of pairs, so the result stays deterministic)
   */
  constructor(
    readonly market: PreparedMarket,
    readonly thorough = false,
  ) {
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
    let cards = Math.min(
      this.minFree(market.pairOffer[pair] ?? 0, startSlot, endSlot),
      (market.pairMaxCards[pair] ?? 0) - (this.pairCards[pair] ?? 0),
    );
    const program = market.pairProgram[pair] ?? -1;
    if (program >= 0) {
      const affordable = Math.floor(
        (this.budgetFen[program] ?? 0) / (market.pairSubsidyFen[pair] ?? 1),
      );
      this.lastAvailableCut = affordable < cards;
      if (affordable < cards) {
        cards = affordable;
        this.budgetCuts += 1;
      }
    } else {
      this.lastAvailableCut = false;
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
    assert(
      cards > 0 && cards <= (this.pairCards[pair] ?? 0),
      'MatchingState.releaseCards: more than the pair holds',
    );
    const startSlot = market.requestStartSlot[request] ?? 0;
    const endSlot = market.requestEndSlot[request] ?? 0;
    const base = (market.pairOffer[pair] ?? 0) * market.slotCount;
    for (let slot = base + startSlot; slot < base + endSlot; slot += 1)
      this.free[slot] = (this.free[slot] ?? 0) + cards;
    const program = market.pairProgram[pair] ?? -1;
    if (program >= 0)
      this.budgetFen[program] =
        (this.budgetFen[program] ?? 0) + cards * (market.pairSubsidyFen[pair] ?? 0);
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
    for (
      let pair = this.market.pairStart[request] ?? 0;
      pair < (this.market.pairStart[request + 1] ?? 0);
      pair += 1
    ) {
      const cards = this.pairCards[pair] ?? 0;
      if (cards > 0) held.push(pair, cards);
    }
    return held;
  }

  /** Takes a served request out (its penalty comes back); returns what it held, for `restore`. */
  remove(request: number): Holding {
    if (this.served[request] !== 1) return [];
    const held: number[] = [];
    for (
      let pair = this.market.pairStart[request] ?? 0;
      pair < (this.market.pairStart[request + 1] ?? 0);
      pair += 1
    ) {
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
    for (let index = 0; index < held.length; index += 2)
      this.hold(request, held[index] ?? 0, held[index + 1] ?? 0);
    this.served[request] = 1;
    this.objectiveFen -= this.market.requestPenaltyFen[request] ?? 0;
  }

  /**
   * Serves an unserved request the cheapest way the state allows: the first pair (in the
   * request's cost order) with room for all of it, or, for a splittable request, the cheapest
   * pairs filled in turn. When a program's budget cut a splittable fill short, budget-aware
   * orders are tried too (split-fill-orders.ts); a `thorough` state also tries holding one or
   * two cards fewer on the first pair (the cheapest per unit is not always the cheapest whole,
   * when cards of different sizes round up) and keeps the cheapest fill. All or nothing:
   * returns false and changes nothing when it cannot.
   */
  insertCheapest(request: number): boolean {
    assert(this.served[request] === 0, 'MatchingState.insertCheapest: request already served');
    const { market } = this;
    const splittable = market.requests[request]?.splittableAcrossOffers === true;
    const cutsBefore = this.budgetCuts;
    const before = this.objectiveFen;
    let served = this.fill(request, splittable, null, -1, 0);
    if (
      splittable &&
      (this.thorough || !served) &&
      (this.budgetCuts > cutsBefore || this.thorough)
    ) {
      served = this.cheapestVariant(
        request,
        served ? this.objectiveFen - before : Infinity,
        this.budgetCuts > cutsBefore,
      );
    }
    if (!served) return false;
    this.served[request] = 1;
    this.objectiveFen -= market.requestPenaltyFen[request] ?? 0;
    return true;
  }

  /**
   * Tries the alternative fills of a split request (the cheapest-first fill, if it succeeded,
   * is held now and costs `heldCost`) and leaves the cheapest one held. Returns whether any fill
   * serves the request.
   */
  private cheapestVariant(request: number, heldCost: number, budgetCut: boolean): boolean {
    const { market } = this;
    let best: Holding | null = heldCost < Infinity ? this.holdingOf(request) : null;
    let bestCost = heldCost;
    const first = market.pairStart[request] ?? 0;
    const firstUsed = best === null ? -1 : (best[0] ?? -1);
    const firstCards = best === null ? 0 : (best[1] ?? 0);
    this.releaseAll(request);
    const attempts: { order: readonly number[] | null; capPair: number; capCards: number }[] = [];
    // The cheapest-first order again only for its capped variants (thorough); it was just tried.
    const orders: (readonly number[] | null)[] = [
      ...(this.thorough ? [null] : []),
      ...(budgetCut ? budgetAwareOrders(market, request, this.thorough) : []),
    ];
    for (const order of orders) attempts.push({ order, capPair: -1, capCards: 0 });
    if (this.thorough && firstUsed >= first) {
      for (const fewer of [1, 2])
        if (firstCards - fewer >= 0)
          attempts.push({ order: null, capPair: firstUsed, capCards: firstCards - fewer });
    }
    // A bounded list: each uncapped attempt may add two capped ones (below), never more.
    for (let index = 0; index < attempts.length; index += 1) {
      const { order, capPair, capCards } = attempts[index] ?? {
        order: null,
        capPair: -1,
        capCards: 0,
      };
      const before = this.objectiveFen;
      this.firstCut = -1;
      const filled = this.fill(request, true, order, capPair, capCards);
      // Taking all a budget allows on one pair can starve the pairs after it: try one or two fewer.
      if (this.thorough && capPair < 0 && this.firstCut >= 0) {
        for (const fewer of [1, 2])
          if (this.firstCutCards - fewer >= 0)
            attempts.push({ order, capPair: this.firstCut, capCards: this.firstCutCards - fewer });
      }
      if (!filled) continue;
      const cost = this.objectiveFen - before;
      if (cost < bestCost) {
        bestCost = cost;
        best = this.holdingOf(request);
      }
      this.releaseAll(request);
    }
    if (best === null) return false;
    for (let index = 0; index < best.length; index += 2)
      this.hold(request, best[index] ?? 0, best[index + 1] ?? 0);
    return true;
  }

  private releaseAll(request: number): void {
    for (
      let pair = this.market.pairStart[request] ?? 0;
      pair < (this.market.pairStart[request + 1] ?? 0);
      pair += 1
    ) {
      this.releasePair(request, pair);
    }
  }

  /** Counts the times `available` was limited by a program's budget rather than capacity. */
  private budgetCuts = 0;
  /** In the current fill: the first pair a budget limited, and the cards it then took. */
  private firstCut = -1;
  private firstCutCards = 0;
  /** Whether the last `available` was limited by a budget. */
  private lastAvailableCut = false;

  /**
   * Fills the request's demand from its pairs in the given order (its cost order if null),
   * holding at most `capCards` on `capPair`; all or nothing.
   */
  private fill(
    request: number,
    splittable: boolean,
    order: readonly number[] | null,
    capPair: number,
    capCards: number,
  ): boolean {
    const { market } = this;
    const first = market.pairStart[request] ?? 0;
    const last = market.pairStart[request + 1] ?? 0;
    let remaining = market.requestDemand[request] ?? 0;
    for (let at = 0; at < last - first && remaining > 0; at += 1) {
      const pair = order === null ? first + at : (order[at] ?? first);
      const needed = ceilDivide(remaining, market.pairUnits[pair] ?? 1);
      const cards = Math.min(
        needed,
        this.available(request, pair),
        pair === capPair ? capCards : Number.MAX_SAFE_INTEGER,
      );
      if (this.firstCut < 0 && this.lastAvailableCut) {
        this.firstCut = pair;
        this.firstCutCards = Math.max(0, cards);
      }
      if (cards <= 0 || (!splittable && cards < needed)) continue;
      this.hold(request, pair, cards);
      remaining -= cards * (market.pairUnits[pair] ?? 0);
    }
    if (remaining <= 0) return true;
    this.releaseAll(request);
    return false;
  }
}
