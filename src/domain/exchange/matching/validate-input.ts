import type { MarketInput, MarketOffer, MarketRequest } from './types.ts';

/**
 * Bounds that keep every product the matcher forms (price × cards × hours, fen × TFLOPS) exact
 * in a JavaScript number (below 2^53), so its decisions never depend on float rounding.
 */
export const MATCHING_LIMITS = {
  slotCountMax: 744, // a month of hours
  cardsMax: 1_000_000,
  priceFenPerCardHourMax: 100_000_000, // ¥1 000 000 per card-hour
  maximumPriceFenMax: 10_000_000_000,
  tflopsMax: 100_000,
  powerWattsMax: 100_000,
  demandUnitsMax: 1_000_000_000,
} as const;

const isCount = (value: number, max: number): boolean =>
  Number.isSafeInteger(value) && value >= 0 && value <= max;

function offerProblem(offer: MarketOffer, slotCount: number): string | null {
  const limits = MATCHING_LIMITS;
  if (offer.freeCardsBySlot.length !== slotCount)
    return 'freeCardsBySlot must have slotCount entries';
  if (!offer.freeCardsBySlot.every((cards) => isCount(cards, limits.cardsMax))) {
    return 'free cards must be whole numbers from 0 to 1 000 000';
  }
  if (
    offer.priceFenPerCardHour < 0n ||
    offer.priceFenPerCardHour > BigInt(limits.priceFenPerCardHourMax)
  ) {
    return 'price per card-hour out of range';
  }
  if (!isCount(offer.fp16DenseTflops, limits.tflopsMax) || offer.fp16DenseTflops === 0)
    return 'TFLOPS must be 1 to 100 000';
  if (!isCount(offer.powerWatts, limits.powerWattsMax)) return 'power out of range';
  if (!isCount(offer.pueMilli, 10_000) || offer.pueMilli < 1000)
    return 'PUE must be 1.000 to 10.000';
  if (!isCount(offer.greenShareBps, 10_000)) return 'green share must be 0 to 10 000 bps';
  if (!isCount(offer.minimumTermHours, limits.slotCountMax)) return 'minimum term out of range';
  if (!isCount(offer.cardsPerNode, limits.cardsMax) || offer.cardsPerNode === 0)
    return 'cards per node must be positive';
  return null;
}

function requestProblem(request: MarketRequest, slotCount: number): string | null {
  const { startSlot, endSlot, amount, maximumPrice } = request;
  if (!Number.isSafeInteger(startSlot) || !Number.isSafeInteger(endSlot))
    return 'window slots must be integers';
  if (startSlot < 0 || endSlot > slotCount || endSlot <= startSlot)
    return 'window must be a non-empty part of the horizon';
  const units = amount.unit === 'card-hours' ? amount.cardHours : amount.milliScu;
  if (!isCount(units, MATCHING_LIMITS.demandUnitsMax) || units === 0)
    return 'amount must be a positive whole number';
  if (maximumPrice.fen < 0n || maximumPrice.fen > BigInt(MATCHING_LIMITS.maximumPriceFenMax))
    return 'maximum price out of range';
  return null;
}

/**
 * The first reason the input cannot be matched, or `null`. The services validate requests and
 * offers at their own boundary; `clearMarket` asserts this is `null` (a bad input is a bug).
 *
 * @example
 * marketInputProblem({ ...input, slotCount: 0 }) // 'slotCount must be 1 to 744'
 */
export function marketInputProblem(input: MarketInput): string | null {
  if (!isCount(input.slotCount, MATCHING_LIMITS.slotCountMax) || input.slotCount === 0) {
    return `slotCount must be 1 to ${MATCHING_LIMITS.slotCountMax}`;
  }
  if (!isCount(input.energyWeightFenPerKwh, 1_000_000)) return 'energy weight out of range';
  const seen = {
    offers: new Set<string>(),
    requests: new Set<string>(),
    programs: new Set<string>(),
  };
  for (const offer of input.offers) {
    if (seen.offers.has(offer.id)) return `offer ${offer.id} appears twice`;
    seen.offers.add(offer.id);
    const problem = offerProblem(offer, input.slotCount);
    if (problem) return `offer ${offer.id}: ${problem}`;
  }
  for (const request of input.requests) {
    if (seen.requests.has(request.id)) return `request ${request.id} appears twice`;
    seen.requests.add(request.id);
    const problem = requestProblem(request, input.slotCount);
    if (problem) return `request ${request.id}: ${problem}`;
  }
  for (const program of input.programs) {
    if (seen.programs.has(program.programId)) return `program ${program.programId} appears twice`;
    seen.programs.add(program.programId);
    if (program.remainingFen < 0n)
      return `program ${program.programId}: remaining budget is negative`;
  }
  const terms = new Set<string>();
  for (const term of input.subsidies) {
    const key = `${term.requestId}\u0000${term.offerId ?? ''}\u0000${term.origin ?? ''}`;
    if (terms.has(key))
      return `request ${term.requestId} has two subsidy terms for the same offer or origin`;
    terms.add(key);
    if (!seen.requests.has(term.requestId)) return `subsidy for unknown request ${term.requestId}`;
    if (!seen.programs.has(term.programId))
      return `subsidy charges unknown program ${term.programId}`;
    if (!isCount(term.rateBps, 10_000)) return 'subsidy rate must be 0 to 10 000 bps';
    if ((term.offerId === null) === (term.origin === null))
      return 'a subsidy term names an offer or an origin';
  }
  return null;
}
