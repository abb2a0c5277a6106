import type { MatchingState } from './matching-state.ts';
import type { PreparedMarket } from './prepare-market.ts';

/**
 * What the local search's moves share: the work budget, who holds an offer's cards, and which
 * requests may trade cards. A file of its own so that the moves' files import it and not each
 * other.
 */

/** Attempts left to the whole local search. */
export interface WorkBudget {
  attemptsLeft: number;
}

/** Offer → the pairs that use it (CSR), to find who holds an offer's cards. */
export interface OfferUsers {
  readonly start: Int32Array;
  readonly pairs: Int32Array;
  readonly requestOfPair: Int32Array;
}

export function pairsByOffer(market: PreparedMarket): OfferUsers {
  const offerCount = market.offers.length;
  const start = new Int32Array(offerCount + 1);
  for (const offer of market.pairOffer) start[offer + 1] = (start[offer + 1] ?? 0) + 1;
  for (let offer = 0; offer < offerCount; offer += 1)
    start[offer + 1] = (start[offer + 1] ?? 0) + (start[offer] ?? 0);
  const next = start.slice(0, offerCount);
  const pairs = new Int32Array(market.pairOffer.length);
  const requestOfPair = new Int32Array(market.pairOffer.length);
  for (let request = 0; request < market.requests.length; request += 1) {
    for (
      let pair = market.pairStart[request] ?? 0;
      pair < (market.pairStart[request + 1] ?? 0);
      pair += 1
    ) {
      requestOfPair[pair] = request;
      const offer = market.pairOffer[pair] ?? 0;
      pairs[next[offer] ?? 0] = pair;
      next[offer] = (next[offer] ?? 0) + 1;
    }
  }
  return { start, pairs, requestOfPair };
}

/**
 * The requests (other than `request`) holding cards of the pair's offer in its window, in the
 * order of their pairs (the state's holder index, not a scan of every user); when `heldPairs`
 * is given, the pair each holds there is pushed onto it, in the same order.
 */
export function blockersOf(
  state: MatchingState,
  users: OfferUsers,
  request: number,
  pair: number,
  max: number,
  heldPairs: number[] | null = null,
): number[] {
  const { market } = state;
  const offer = market.pairOffer[pair] ?? 0;
  const start = market.requestStartSlot[request] ?? 0;
  const end = market.requestEndSlot[request] ?? 0;
  const found: number[] = [];
  const firstWord = state.holderWordStart[offer] ?? 0;
  const lastWord = state.holderWordStart[offer + 1] ?? 0;
  const offerPairs = (state.offerPairStart[offer] ?? 0) - 32 * firstWord;
  for (let word = firstWord; word < lastWord && found.length < max; word += 1) {
    // The word's set bits, lowest (the smallest pair) first.
    for (let bits = state.holderBits[word] ?? 0; bits !== 0 && found.length < max;) {
      const lowest = bits & -bits;
      bits ^= lowest;
      const other = state.offerPairs[offerPairs + 32 * word + 31 - Math.clz32(lowest)] ?? 0;
      const holder = users.requestOfPair[other] ?? 0;
      if (holder === request) continue;
      if (
        (market.requestStartSlot[holder] ?? 0) < end &&
        (market.requestEndSlot[holder] ?? 0) > start
      ) {
        found.push(holder);
        heldPairs?.push(other);
      }
    }
  }
  return found;
}

/** Card-hour requests split across offers can trade cards (see improve-exchange.ts). */
export function tradesCards(state: MatchingState, request: number): boolean {
  const { market } = state;
  return (
    market.requestSplittable[request] === 1 &&
    market.requestInCardHours[request] === 1 &&
    state.served[request] === 1
  );
}
