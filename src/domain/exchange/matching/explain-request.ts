import type { MatchingState } from './matching-state.ts';
import type { PreparedMarket } from './prepare-market.ts';
import { tightestSlot } from './screen-offers.ts';
import { screenRefusal } from './screen-refusal.ts';
import type { BindingConstraint, MarketOffer, NextBestOffer, RequestExplanation } from './types.ts';

/**
 * Why a request got what it got, from the final state: for a served request the constraint that
 * kept it off a cheaper offer (none when it got its cheapest), for an unserved one what stopped
 * it; and the cheapest offer it did not get, at the enterprise's price after subsidy.
 */
export function explainRequest(state: MatchingState, request: number): RequestExplanation {
  const { market } = state;
  const first = market.pairStart[request] ?? 0;
  const last = market.pairStart[request + 1] ?? 0;
  const requestId = market.requests[request]?.id ?? '';
  const served = state.served[request] === 1;
  let nextBest: NextBestOffer | null = null;
  for (let pair = first; pair < last && nextBest === null; pair += 1) {
    if ((state.pairCards[pair] ?? 0) === 0) nextBest = offerPrice(market, pair);
  }
  if (!served) {
    // Unserved: the cheapest pair's budget binds if it cannot pay for the cards the request needs.
    const cardsNeeded = Math.ceil(
      (market.requestDemand[request] ?? 0) / (market.pairUnits[first] ?? 1),
    );
    const binding =
      last > first ? whyNotMore(state, request, first, cardsNeeded) : refusal(market, request);
    return { requestId, served, binding, nextBest };
  }
  let lastUsed = first;
  for (let pair = first; pair < last; pair += 1)
    if ((state.pairCards[pair] ?? 0) > 0) lastUsed = pair;
  for (let pair = first; pair < lastUsed; pair += 1) {
    if ((state.pairCards[pair] ?? 0) < (market.pairMaxCards[pair] ?? 0)) {
      return { requestId, served, binding: whyNotMore(state, request, pair), nextBest };
    }
  }
  return { requestId, served, binding: null, nextBest };
}

function offerPrice(market: PreparedMarket, pair: number): NextBestOffer {
  return {
    offerId: market.offers[market.pairOffer[pair] ?? 0]?.id ?? '',
    enterpriseFenPerCardHour: BigInt(market.pairEnterpriseFenPerCardHour[pair] ?? 0),
  };
}

/**
 * Why the pair could not take `cardsWanted` more cards in the final state (one, for a served
 * request; all it needs, for an unserved one): its program's budget, or capacity.
 */
function whyNotMore(
  state: MatchingState,
  request: number,
  pair: number,
  cardsWanted = 1,
): BindingConstraint {
  const { market } = state;
  const program = market.pairProgram[pair] ?? -1;
  const subsidyWantedFen = cardsWanted * (market.pairSubsidyFen[pair] ?? 0);
  if (program >= 0 && (state.budgetFen[program] ?? 0) < subsidyWantedFen) {
    return {
      kind: 'budget',
      programId: market.programIds[program] ?? '',
      remainingFen: BigInt(state.budgetFen[program] ?? 0),
    };
  }
  const offer = market.pairOffer[pair] ?? 0;
  const start = market.requestStartSlot[request] ?? 0;
  const end = market.requestEndSlot[request] ?? 0;
  let slot = start;
  for (let hour = start; hour < end; hour += 1) {
    if (
      (state.free[offer * market.slotCount + hour] ?? 0) <
      (state.free[offer * market.slotCount + slot] ?? 0)
    )
      slot = hour;
  }
  return {
    kind: 'capacity',
    offerId: market.offers[offer]?.id ?? '',
    slot,
    freeCards: state.free[offer * market.slotCount + slot] ?? 0,
  };
}

/** A request no offer could serve at all: the furthest any offer got through the screen. */
function refusal(market: PreparedMarket, request: number): BindingConstraint {
  const offerIndex = market.refusalOffer[request] ?? -1;
  const offer = market.offers[offerIndex];
  const target = market.requests[request];
  if (offer === undefined || target === undefined) return { kind: 'no-offer' };
  const price = BigInt(market.refusalEnterpriseFenPerCardHour[request] ?? 0);
  return (
    screenRefusal(market.refusalStage[request], offer, price) ??
    capacityRefusal(market, request, offer)
  );
}

function capacityRefusal(
  market: PreparedMarket,
  request: number,
  offer: MarketOffer,
): BindingConstraint {
  const target = market.requests[request];
  if (target === undefined) return { kind: 'no-offer' };
  const { slot, freeCards } = tightestSlot(offer, target);
  if (target.splittableAcrossOffers)
    return { kind: 'capacity', offerId: offer.id, slot, freeCards };
  const units =
    target.amount.unit === 'card-hours'
      ? target.endSlot - target.startSlot
      : (target.endSlot - target.startSlot) * offer.fp16DenseTflops;
  return {
    kind: 'no-single-offer-big-enough',
    largestCards: freeCards,
    neededCards: Math.ceil((market.requestDemand[request] ?? 0) / units),
  };
}
