import { assert } from '../../shared/assert.ts';
import { ceilDivide } from './penalty.ts';
import { CardHoldings, HELD_NONE, type Holding } from './card-holdings.ts';
import type { PreparedMarket } from './prepare-market.ts';
import { exactSplitFill } from './split-fill-exact.ts';
import { budgetAwareOrders } from './split-fill-orders.ts';

/** Search nodes the exact fill of a split request may spend (thorough states only). */
const EXACT_FILL_NODES_MAX = 4_000;

export type { Holding } from './card-holdings.ts';

/**
 * A matching under construction: the cards held (CardHoldings), which requests are served, and
 * the objective — cost of the served plus penalties of the unserved — kept up to date by every
 * change. A request is served in full or not at all.
 */
export class MatchingState extends CardHoldings {
  readonly served: Uint8Array;

  /**
   * @param thorough try more ways to fill each split request (a small market can afford it;
   *   clearMarket decides by the number of pairs, so the result stays deterministic)
   */
  constructor(
    market: PreparedMarket,
    readonly thorough = false,
  ) {
    super(market);
    this.served = new Uint8Array(market.requests.length);
  }

  /** Back to nothing served. */
  reset(): void {
    this.free.set(this.market.initialFree);
    this.budgetFen.set(this.market.initialBudgetFen);
    this.pairCards.fill(0);
    this.holderBits.fill(0);
    this.heldFrom.fill(HELD_NONE);
    this.heldTo.fill(0);
    this.served.fill(0);
    this.objectiveFen = this.market.requestPenaltyFen.reduce((sum, penalty) => sum + penalty, 0);
  }

  /** Copies another state of the same market into this one (keeping the best of several runs). */
  copyFrom(other: MatchingState): void {
    this.free.set(other.free);
    this.budgetFen.set(other.budgetFen);
    this.pairCards.set(other.pairCards);
    this.holderBits.set(other.holderBits);
    this.heldFrom.set(other.heldFrom);
    this.heldTo.set(other.heldTo);
    this.served.set(other.served);
    this.objectiveFen = other.objectiveFen;
  }

  /** Takes a served request out (its penalty comes back); returns what it held, for `restore`. */
  remove(request: number): Holding {
    if (this.served[request] !== 1) return [];
    const held = this.holdingOf(request);
    this.releaseAll(request);
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
   * when cards of different sizes round up) and an exact fill by branch and bound
   * (split-fill-exact.ts), and keeps the cheapest fill. All or nothing:
   * returns false and changes nothing when it cannot.
   */
  insertCheapest(request: number): boolean {
    assert(this.served[request] === 0, 'MatchingState.insertCheapest: request already served');
    const { market } = this;
    const splittable = market.requestSplittable[request] === 1;
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
    if (this.thorough) {
      const exact = exactSplitFill(this, request, EXACT_FILL_NODES_MAX);
      if (exact !== null) {
        const before = this.objectiveFen;
        for (let index = 0; index < exact.length; index += 2)
          this.hold(request, exact[index] ?? 0, exact[index + 1] ?? 0);
        if (this.objectiveFen - before < bestCost) {
          bestCost = this.objectiveFen - before;
          best = exact;
        }
        this.releaseAll(request);
      }
    }
    if (best === null) return false;
    for (let index = 0; index < best.length; index += 2)
      this.hold(request, best[index] ?? 0, best[index + 1] ?? 0);
    return true;
  }

  /** In the current fill: the first pair a budget limited, and the cards it then took. */
  private firstCut = -1;
  private firstCutCards = 0;

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
