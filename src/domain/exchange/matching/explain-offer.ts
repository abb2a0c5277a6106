import type { MatchingState } from './matching-state.ts';
import type { PreparedMarket } from './prepare-market.ts';
import { Stage, STAGE_COUNT } from './screen-offers.ts';
import { screenRefusal } from './screen-refusal.ts';
import type { BindingConstraint, MarketOffer, NextBestOffer, OfferExplanation } from './types.ts';

/**
 * Why each offer sold what it sold: sold out in some slot (the first such slot), or the reason
 * most requests refused it, or — when requests could have used it — that cheaper offers won
 * them, naming the offer that won the most of them and its price to the enterprise.
 */
export function explainOffers(state: MatchingState): OfferExplanation[] {
  const { market } = state;
  const sold = new Float64Array(market.offers.length);
  const usableBy = new Int32Array(market.offers.length);
  const offerCount = market.offers.length;
  /** Requests each (loser, winner) offer pair counts, keyed `loser × offers + winner`. */
  const wins = new Map<number, number>();
  const winnerPair = new Map<number, number>();
  for (let request = 0; request < market.requests.length; request += 1) {
    const hours = (market.requestEndSlot[request] ?? 0) - (market.requestStartSlot[request] ?? 0);
    const first = market.pairStart[request] ?? 0;
    const last = market.pairStart[request + 1] ?? 0;
    let main = -1;
    for (let pair = first; pair < last; pair += 1) {
      const cards = state.pairCards[pair] ?? 0;
      const offer = market.pairOffer[pair] ?? 0;
      sold[offer] = (sold[offer] ?? 0) + cards * hours;
      usableBy[offer] = (usableBy[offer] ?? 0) + 1;
      if (cards > (main < 0 ? 0 : (state.pairCards[main] ?? 0))) main = pair;
    }
    if (main < 0) continue;
    const winner = market.pairOffer[main] ?? 0;
    if (!winnerPair.has(winner)) winnerPair.set(winner, main);
    for (let pair = first; pair < last; pair += 1) {
      if ((state.pairCards[pair] ?? 0) > 0) continue;
      const key = (market.pairOffer[pair] ?? 0) * offerCount + winner;
      wins.set(key, (wins.get(key) ?? 0) + 1);
    }
  }
  const topWinner = topWinners(wins, offerCount);
  return market.offers.map((offer, index) => {
    const free = freeCardHours(state, index);
    const soldOut = soldOutSlot(state, index);
    const cardHoursSold = sold[index] ?? 0;
    if (soldOut >= 0) {
      return {
        offerId: offer.id,
        cardHoursSold,
        cardHoursFree: free,
        binding: { kind: 'capacity', offerId: offer.id, slot: soldOut, freeCards: 0 },
        nextBest: null,
      };
    }
    if ((usableBy[index] ?? 0) === 0) {
      return {
        offerId: offer.id,
        cardHoursSold,
        cardHoursFree: free,
        binding: mostCommonRefusal(market, index, offer),
        nextBest: null,
      };
    }
    const best = topWinner[index] ?? -1;
    const pair = best < 0 ? undefined : winnerPair.get(best);
    const nextBest: NextBestOffer | null =
      pair === undefined
        ? null
        : {
            offerId: market.offers[best]?.id ?? '',
            enterpriseFenPerCardHour: BigInt(market.pairEnterpriseFenPerCardHour[pair] ?? 0),
          };
    const binding: BindingConstraint | null =
      nextBest === null ? null : { kind: 'cheaper-offers-won' };
    return { offerId: offer.id, cardHoursSold, cardHoursFree: free, binding, nextBest };
  });
}

function freeCardHours(state: MatchingState, offer: number): number {
  let total = 0;
  for (let slot = 0; slot < state.market.slotCount; slot += 1)
    total += state.free[offer * state.market.slotCount + slot] ?? 0;
  return total;
}

/** The first slot the offer had cards in and has none left, or −1. */
function soldOutSlot(state: MatchingState, offer: number): number {
  const base = offer * state.market.slotCount;
  for (let slot = 0; slot < state.market.slotCount; slot += 1) {
    if ((state.market.initialFree[base + slot] ?? 0) > 0 && (state.free[base + slot] ?? 0) === 0)
      return slot;
  }
  return -1;
}

/** Per loser, the winner with the most requests, ties by offer index (id order); −1 for none. */
function topWinners(wins: ReadonlyMap<number, number>, offerCount: number): Int32Array {
  const best = new Int32Array(offerCount).fill(-1);
  const bestCount = new Int32Array(offerCount);
  for (const [key, count] of wins) {
    const loser = Math.floor(key / offerCount);
    const offer = key - loser * offerCount;
    const top = best[loser] ?? -1;
    const topCount = bestCount[loser] ?? 0;
    if (count > topCount || (count === topCount && offer < top)) {
      best[loser] = offer;
      bestCount[loser] = count;
    }
  }
  return best;
}

function mostCommonRefusal(
  market: PreparedMarket,
  index: number,
  offer: MarketOffer,
): BindingConstraint {
  if (market.requests.length === 0) return { kind: 'no-compatible-request' };
  let stage: number = Stage.accelerator;
  for (let candidate = 1; candidate < STAGE_COUNT; candidate += 1) {
    if (
      (market.offerRefusals[index * STAGE_COUNT + candidate] ?? 0) >
      (market.offerRefusals[index * STAGE_COUNT + stage] ?? 0)
    )
      stage = candidate;
  }
  return (
    screenRefusal(stage, offer, offer.priceFenPerCardHour) ?? { kind: 'no-compatible-request' }
  );
}
