import type {
  MarketInput,
  MarketOffer,
  MarketRequest,
  SubsidyTerm,
} from '../../../src/domain/exchange/matching/types.ts';

/**
 * The market's rules written a second time, from docs/exchange-matching.md and the types only
 * (nothing of the matcher's code): which (request, offer) pairs are allowed and what one card
 * held over the window costs. The checker and the HiGHS models both use it, so a matcher that
 * misreads a rule disagrees with both. Plain loops and bigint, not speed.
 */

export interface ReferencePair {
  readonly request: MarketRequest;
  readonly offer: MarketOffer;
  readonly hours: number;
  /** Demand units one card over the window delivers: hours, or hours × TFLOPS (milli-SCU). */
  readonly unitsPerCard: bigint;
  readonly subsidyPerCardHour: bigint;
  readonly enterprisePerCardHour: bigint;
  readonly energyPerCardHour: bigint;
  /** Objective per card over the window: (enterprise price + energy) × hours. */
  readonly costPerCard: bigint;
  readonly programId: string | null;
  readonly rateBps: number;
  /** Most cards the pair may hold: node size (if the job may not span nodes), least free slot, cards for all demand. */
  readonly maxCards: number;
}

export const referenceDemand = (request: MarketRequest): bigint =>
  BigInt(request.amount.unit === 'card-hours' ? request.amount.cardHours : request.amount.milliScu);

const ceilBig = (a: bigint, b: bigint): bigint => (a + b - 1n) / b;

export function referenceSubsidyTerm(
  input: MarketInput,
  request: MarketRequest,
  offer: MarketOffer,
): SubsidyTerm | undefined {
  const own = input.subsidies.filter((term) => term.requestId === request.id);
  return (
    own.find((term) => term.offerId === offer.id) ??
    own.find((term) => term.offerId === null && term.origin === offer.origin)
  );
}

/** Whether the offer's region is acceptable: a prefix (a full code's trailing 00 pairs dropped) or a hub. */
export function referenceRegionAllowed(request: MarketRequest, offer: MarketOffer): boolean {
  if (request.regionPrefixes === null && request.hubIds === null) return true;
  if ((request.hubIds ?? []).includes(offer.hubId)) return true;
  return (request.regionPrefixes ?? []).some((prefix) => {
    let significant = prefix;
    while (significant.length > 2 && significant.endsWith('00'))
      significant = significant.slice(0, -2);
    return offer.regionCode.startsWith(significant);
  });
}

/** The pair if every static rule allows it and it could hold at least one card (all of it, unsplit), else null. */
export function referencePair(
  input: MarketInput,
  request: MarketRequest,
  offer: MarketOffer,
): ReferencePair | null {
  if (request.acceleratorIds !== null && !request.acceleratorIds.includes(offer.acceleratorId))
    return null;
  if (request.domesticOnly && offer.origin !== 'domestic') return null;
  if (!referenceRegionAllowed(request, offer)) return null;
  const hours = request.endSlot - request.startSlot;
  if (hours < offer.minimumTermHours) return null;
  const term = referenceSubsidyTerm(input, request, offer);
  const price = offer.priceFenPerCardHour;
  const subsidyPerCardHour = term === undefined ? 0n : (price * BigInt(term.rateBps)) / 10_000n;
  const enterprisePerCardHour = price - subsidyPerCardHour;
  const maximum = request.maximumPrice;
  const priceOk =
    maximum.per === 'card-hour'
      ? enterprisePerCardHour <= maximum.fen
      : enterprisePerCardHour * 1000n <= maximum.fen * BigInt(offer.fp16DenseTflops);
  if (!priceOk) return null;
  const unitsPerCard = BigInt(
    request.amount.unit === 'card-hours' ? hours : hours * offer.fp16DenseTflops,
  );
  const cardsForAll = Number(ceilBig(referenceDemand(request), unitsPerCard));
  const leastFree = Math.min(...offer.freeCardsBySlot.slice(request.startSlot, request.endSlot));
  const nodeLimit = offer.splittableAcrossNodes ? Infinity : offer.cardsPerNode;
  const maxCards = Math.min(leastFree, nodeLimit, cardsForAll);
  if (maxCards <= 0 || (!request.splittableAcrossOffers && maxCards < cardsForAll)) return null;
  const weight = BigInt(input.energyWeightFenPerKwh);
  const energyPerCardHour =
    (BigInt(offer.powerWatts) *
      BigInt(offer.pueMilli) *
      BigInt(10_000 - offer.greenShareBps) *
      weight) /
    10_000_000_000n;
  return {
    request,
    offer,
    hours,
    unitsPerCard,
    subsidyPerCardHour,
    enterprisePerCardHour,
    energyPerCardHour,
    costPerCard: (enterprisePerCardHour + energyPerCardHour) * BigInt(hours),
    programId: term !== undefined && subsidyPerCardHour > 0n ? term.programId : null,
    rateBps: term?.rateBps ?? 0,
    maxCards,
  };
}

export function referencePairs(input: MarketInput, request: MarketRequest): ReferencePair[] {
  return input.offers.flatMap((offer) => referencePair(input, request, offer) ?? []);
}

/**
 * docs/exchange-matching.md: penalty = 1 + max cost per card × ceil((demand + max units per card)
 * / min units per card); 0 when no offer can serve the request.
 */
export function referencePenalty(request: MarketRequest, pairs: readonly ReferencePair[]): bigint {
  if (pairs.length === 0) return 0n;
  const costs = pairs.map((pair) => pair.costPerCard);
  const units = pairs.map((pair) => pair.unitsPerCard);
  const maxCost = costs.reduce((a, b) => (a > b ? a : b));
  const maxUnits = units.reduce((a, b) => (a > b ? a : b));
  const minUnits = units.reduce((a, b) => (a < b ? a : b));
  return 1n + maxCost * ceilBig(referenceDemand(request) + maxUnits, minUnits);
}
