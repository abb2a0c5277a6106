import { assert } from '../../shared/assert.ts';
import type { PreparedMarket } from './prepare-market.ts';

/** What a request holds: pair and cards, alternately. */
export type Holding = readonly number[];

/** `heldFrom` of a request that holds nothing: above every pair. */
export const HELD_NONE = 0x7fffffff;

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
   * Per offer, its usable pairs in ascending order (`offerPairs` from `offerPairStart[offer]`),
   * and which of them hold some of its cards: one bit each, in the same order (`holderBits`
   * from word `holderWordStart[offer]`; a pair's bit is `holderRank[pair]`). The local search
   * looks for an offer's holders often (`blockersOf`, in ascending pair order), and holders
   * come and go with every move: setting a bit costs nothing, where a sorted list of holders
   * had to be searched and shifted.
   */
  readonly offerPairStart: Int32Array;
  readonly offerPairs: Int32Array;
  readonly holderRank: Int32Array;
  readonly holderWordStart: Int32Array;
  readonly holderBits: Int32Array;

  /**
   * Per request, its pairs `heldFrom … heldTo − 1` include every pair it holds cards of (more,
   * when cards went back pair by pair; none, `heldFrom ≥ heldTo`, after `releaseAll`): what a
   * request holds is looked up there, not among all its usable pairs (hundreds for some).
   */
  readonly heldFrom: Int32Array;
  readonly heldTo: Int32Array;

  constructor(readonly market: PreparedMarket) {
    this.heldFrom = new Int32Array(market.requests.length).fill(HELD_NONE);
    this.heldTo = new Int32Array(market.requests.length);
    const offerCount = market.offers.length;
    const pairCount = market.pairOffer.length;
    this.offerPairStart = new Int32Array(offerCount + 1);
    for (const offer of market.pairOffer)
      this.offerPairStart[offer + 1] = (this.offerPairStart[offer + 1] ?? 0) + 1;
    this.holderWordStart = new Int32Array(offerCount + 1);
    for (let offer = 0; offer < offerCount; offer += 1) {
      const users = this.offerPairStart[offer + 1] ?? 0;
      this.offerPairStart[offer + 1] = users + (this.offerPairStart[offer] ?? 0);
      this.holderWordStart[offer + 1] = (this.holderWordStart[offer] ?? 0) + ((users + 31) >>> 5);
    }
    this.offerPairs = new Int32Array(pairCount);
    this.holderRank = new Int32Array(pairCount);
    const usersSoFar = new Int32Array(offerCount);
    for (let pair = 0; pair < pairCount; pair += 1) {
      const offer = market.pairOffer[pair] ?? 0;
      const rank = usersSoFar[offer] ?? 0;
      usersSoFar[offer] = rank + 1;
      this.holderRank[pair] = rank;
      this.offerPairs[(this.offerPairStart[offer] ?? 0) + rank] = pair;
    }
    this.holderBits = new Int32Array(this.holderWordStart[offerCount] ?? 0);
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
    if ((this.pairCards[pair] ?? 0) === 0) this.flipHolder(pair);
    if (pair < (this.heldFrom[request] ?? 0)) this.heldFrom[request] = pair;
    if (pair >= (this.heldTo[request] ?? 0)) this.heldTo[request] = pair + 1;
    this.pairCards[pair] = (this.pairCards[pair] ?? 0) + cards;
    this.objectiveFen += cards * (market.pairCostFen[pair] ?? 0);
  }

  /** The pair starts or stops holding cards of its offer: its holder bit flips. */
  private flipHolder(pair: number): void {
    const rank = this.holderRank[pair] ?? 0;
    const word = (this.holderWordStart[this.market.pairOffer[pair] ?? 0] ?? 0) + (rank >>> 5);
    this.holderBits[word] = (this.holderBits[word] ?? 0) ^ (1 << (rank & 31));
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
    if ((this.pairCards[pair] ?? 0) === 0) this.flipHolder(pair);
    this.objectiveFen -= cards * (market.pairCostFen[pair] ?? 0);
  }

  /** What a served request holds now, in the form `remove` returns. */
  holdingOf(request: number): Holding {
    const held: number[] = [];
    const { pairCards } = this;
    const last = this.heldTo[request] ?? 0;
    for (let pair = this.heldFrom[request] ?? 0; pair < last; pair += 1) {
      const cards = pairCards[pair] ?? 0;
      if (cards > 0) held.push(pair, cards);
    }
    return held;
  }

  /** Gives back everything the request holds (its served flag is the caller's). */
  releaseAll(request: number): void {
    const { pairCards } = this;
    const last = this.heldTo[request] ?? 0;
    for (let pair = this.heldFrom[request] ?? 0; pair < last; pair += 1) {
      const cards = pairCards[pair] ?? 0;
      if (cards > 0) this.releaseCards(request, pair, cards);
    }
    this.heldFrom[request] = HELD_NONE;
    this.heldTo[request] = 0;
  }

  /** The last pair the request holds cards of, or -1. */
  lastHeldPair(request: number): number {
    for (
      let pair = (this.heldTo[request] ?? 0) - 1;
      pair >= (this.heldFrom[request] ?? 0);
      pair -= 1
    )
      if ((this.pairCards[pair] ?? 0) > 0) return pair;
    return -1;
  }
}
