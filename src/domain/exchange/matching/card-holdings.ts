import { assert } from '../../shared/assert.ts';
import type { PreparedMarket } from './prepare-market.ts';

/** What a request holds: pair and cards, alternately. */
export type Holding = readonly number[];

/**
 * The cards side of a matching: free cards per offer and slot, budgets left, cards per pair and
 * the objective they add up to. Every change goes through `hold` / `releaseCards`, which keep
 * the four consistent; assertions guard capacity and budgets, which never go negative.
 * MatchingState adds which requests are served and how to serve them.
 */
export class CardHoldings {
  readonly free: Int32Array;
  readonly budgetFen: Float64Array;
  readonly pairCards: Int32Array;
  /** Cost of the cards held plus (kept by MatchingState) the penalties of the unserved. */
  objectiveFen: number;

  /** Counts the times `available` was limited by a program's budget rather than capacity. */
  protected budgetCuts = 0;
  /** Whether the last `available` was limited by a budget. */
  protected lastAvailableCut = false;

  /**
   * Per offer, the pairs holding some of its cards, in ascending pair order (a segment of
   * `holders` from `holderStart[offer]`, `holderCount[offer]` long): the local search looks for
   * an offer's holders often, and an offer has a few holders among hundreds of usable pairs.
   */
  readonly holders: Int32Array;
  readonly holderStart: Int32Array;
  readonly holderCount: Int32Array;

  constructor(readonly market: PreparedMarket) {
    const offerCount = market.offers.length;
    this.holderStart = new Int32Array(offerCount + 1);
    for (const offer of market.pairOffer)
      this.holderStart[offer + 1] = (this.holderStart[offer + 1] ?? 0) + 1;
    for (let offer = 0; offer < offerCount; offer += 1)
      this.holderStart[offer + 1] =
        (this.holderStart[offer + 1] ?? 0) + (this.holderStart[offer] ?? 0);
    this.holders = new Int32Array(market.pairOffer.length);
    this.holderCount = new Int32Array(offerCount);
    this.free = market.initialFree.slice();
    this.budgetFen = market.initialBudgetFen.slice();
    this.pairCards = new Int32Array(market.pairOffer.length);
    this.objectiveFen = market.requestPenaltyFen.reduce((sum, penalty) => sum + penalty, 0);
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
    if ((this.pairCards[pair] ?? 0) === 0) this.addHolder(pair);
    this.pairCards[pair] = (this.pairCards[pair] ?? 0) + cards;
    this.objectiveFen += cards * (market.pairCostFen[pair] ?? 0);
  }

  /** Inserts the pair into its offer's holders, keeping them in ascending order. */
  private addHolder(pair: number): void {
    const offer = this.market.pairOffer[pair] ?? 0;
    const start = this.holderStart[offer] ?? 0;
    const end = start + (this.holderCount[offer] ?? 0);
    const at = this.holderPosition(start, end, pair);
    this.holders.copyWithin(at + 1, at, end);
    this.holders[at] = pair;
    this.holderCount[offer] = (this.holderCount[offer] ?? 0) + 1;
  }

  private removeHolder(pair: number): void {
    const offer = this.market.pairOffer[pair] ?? 0;
    const start = this.holderStart[offer] ?? 0;
    const end = start + (this.holderCount[offer] ?? 0);
    const at = this.holderPosition(start, end, pair);
    this.holders.copyWithin(at, at + 1, end);
    this.holderCount[offer] = (this.holderCount[offer] ?? 0) - 1;
  }

  /** The first position in `holders[start … end)` whose pair is not below `pair` (binary search). */
  private holderPosition(start: number, end: number, pair: number): number {
    let low = start;
    let high = end;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.holders[middle] ?? 0) < pair) low = middle + 1;
      else high = middle;
    }
    return low;
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
    if ((this.pairCards[pair] ?? 0) === 0) this.removeHolder(pair);
    this.objectiveFen -= cards * (market.pairCostFen[pair] ?? 0);
  }

  protected releasePair(request: number, pair: number): number {
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

  /** Gives back everything the request holds (its served flag is the caller's). */
  releaseAll(request: number): void {
    for (
      let pair = this.market.pairStart[request] ?? 0;
      pair < (this.market.pairStart[request + 1] ?? 0);
      pair += 1
    ) {
      this.releasePair(request, pair);
    }
  }
}
