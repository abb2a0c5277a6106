import type { AcceleratorOrigin } from '../parties/provider.ts';
import { regionContains } from '../parties/region.ts';
import { pricePerScuFen } from './compute-units.ts';
import { HOUR_MS, type HourWindow } from './hours.ts';
import { servesLatencyClass, type LatencyClass } from './hubs.ts';
import type { MaximumPrice, QuantityUnit } from './request.ts';

/**
 * The clearing run's input and output: the place a matcher plugs in. `clearExchange`
 * (src/services/exchange/clear-exchange.ts) builds a `ClearingInput` from the open requests and
 * offers, calls a `ClearMarket` function and turns each assignment into an order through the
 * same path as a buy-now (capacity taken per hour, subsidy decided, order written). Any
 * function of this type may be passed: the optimising matcher (src/domain/exchange/matching/)
 * or `firstFitClearing` below, the simple reference the platform uses until then.
 */
export interface ClearingOffer {
  id: string;
  providerId: string;
  acceleratorId: string;
  origin: AcceleratorOrigin;
  fp16DenseTflops: number;
  regionCode: string;
  pricePerCardHourFen: bigint;
  pueMilli: number;
  greenShareBps: number;
  window: HourWindow;
  minTermHours: number;
  /** Whether one job may span several nodes; if not, it gets at most `cardsPerNode` cards. */
  splittable: boolean;
  cardsPerNode: number;
  /** Free cards in each hour of `window`, in order. */
  freeCards: number[];
}

export interface ClearingRequest {
  id: string;
  enterpriseId: string;
  quantityUnit: QuantityUnit;
  quantity: bigint;
  acceleratorIds: readonly string[];
  domesticOnly: boolean;
  regionCodes: readonly string[];
  latencyClass: LatencyClass;
  /** Where the enterprise is: its latency class is relative to it. */
  enterpriseRegionCode: string;
  window: HourWindow;
  maxPriceAfterSubsidy: MaximumPrice;
  splittable: boolean;
}

export interface ClearingInput {
  requests: readonly ClearingRequest[];
  offers: readonly ClearingOffer[];
}

/** Cards of one offer for a window: one order. */
export interface ClearingAssignment {
  requestId: string;
  offerId: string;
  cards: number;
  window: HourWindow;
}

export interface ClearingResult {
  assignments: ClearingAssignment[];
  unmatched: { requestId: string; reason: string }[];
}

export type ClearMarket = (input: ClearingInput) => ClearingResult;

/** Whether an offer meets a request's hard constraints other than capacity and price. */
export function offerFits(request: ClearingRequest, offer: ClearingOffer): boolean {
  if (request.domesticOnly && offer.origin !== 'domestic') return false;
  if (request.acceleratorIds.length > 0 && !request.acceleratorIds.includes(offer.acceleratorId)) {
    return false;
  }
  const inRegion =
    request.regionCodes.length === 0
      ? servesLatencyClass(offer.regionCode, request.latencyClass, request.enterpriseRegionCode)
      : request.regionCodes.some((code) => regionContains(code, offer.regionCode));
  return inRegion && offer.window.from < request.window.to && request.window.from < offer.window.to;
}

/**
 * The reference clearing: requests in the order given (arrival), each served from the offers
 * that fit, cheapest per SCU first (ties by id), by the fewest cards that cover its card-hours
 * from the start of the shared window with those cards free in every hour. A request that may
 * not be split takes one offer or nothing; the offer's price before subsidy (per card-hour or
 * per SCU, as the request states its maximum) must be within the maximum (a subsidy only lowers
 * it). Deterministic; it does not optimise across requests.
 */
export const firstFitClearing: ClearMarket = (input) => {
  const free = new Map(input.offers.map((offer) => [offer.id, [...offer.freeCards]]));
  const result: ClearingResult = { assignments: [], unmatched: [] };
  const byPrice = [...input.offers].sort((a, b) => {
    const difference =
      pricePerScuFen(a.pricePerCardHourFen, a.fp16DenseTflops) -
      pricePerScuFen(b.pricePerCardHourFen, b.fp16DenseTflops);
    return difference < 0n ? -1 : difference > 0n ? 1 : a.id < b.id ? -1 : 1;
  });
  for (const request of input.requests) {
    const placed: ClearingAssignment[] = [];
    let leftMilliScu = request.quantityUnit === 'scu' ? request.quantity * 1000n : null;
    let leftCardHours = request.quantityUnit === 'card-hours' ? request.quantity : null;
    for (const offer of byPrice) {
      if ((leftMilliScu ?? leftCardHours ?? 0n) <= 0n) break;
      if (!offerFits(request, offer) || !withinMaximumPrice(request, offer)) continue;
      if (!request.splittable && placed.length > 0) break;
      const tflops = BigInt(offer.fp16DenseTflops);
      // Card-hours that cover what is left, rounded up (compute-units.ts: a card-hour is TFLOPS milli-SCU).
      const needed = leftCardHours ?? ((leftMilliScu ?? 0n) + tflops - 1n) / tflops;
      const slot = placeOn(offer, request, needed, free.get(offer.id) ?? []);
      if (slot === null) continue;
      if (!request.splittable && slot.cardHours < needed) continue;
      placed.push({
        requestId: request.id,
        offerId: offer.id,
        cards: slot.cards,
        window: slot.window,
      });
      if (leftCardHours !== null) leftCardHours -= slot.cardHours;
      if (leftMilliScu !== null) leftMilliScu -= slot.cardHours * BigInt(offer.fp16DenseTflops);
    }
    if ((leftMilliScu ?? leftCardHours ?? 0n) > 0n) {
      result.unmatched.push({
        requestId: request.id,
        reason: 'no offers with enough capacity within its constraints and price',
      });
      continue; // nothing taken: `free` is only updated for requests served whole
    }
    for (const assignment of placed) take(free, input.offers, assignment);
    result.assignments.push(...placed);
  }
  return result;
};

function withinMaximumPrice(request: ClearingRequest, offer: ClearingOffer): boolean {
  const { per, fen } = request.maxPriceAfterSubsidy;
  const price =
    per === 'card-hour'
      ? offer.pricePerCardHourFen
      : pricePerScuFen(offer.pricePerCardHourFen, offer.fp16DenseTflops);
  return price <= fen;
}

function placeOn(
  offer: ClearingOffer,
  request: ClearingRequest,
  neededCardHours: bigint,
  free: number[],
): { cards: number; window: HourWindow; cardHours: bigint } | null {
  const from = Math.max(offer.window.from.getTime(), request.window.from.getTime());
  const to = Math.min(offer.window.to.getTime(), request.window.to.getTime());
  const first = (from - offer.window.from.getTime()) / HOUR_MS;
  const hoursAvailable = (to - from) / HOUR_MS;
  if (hoursAvailable < offer.minTermHours) return null;
  const cardsMax = Math.min(Math.max(...free, 0), offer.splittable ? Infinity : offer.cardsPerNode);
  for (let cards = 1; cards <= cardsMax; cards += 1) {
    let hours = Number((neededCardHours + BigInt(cards) - 1n) / BigInt(cards));
    hours = Math.max(hours, offer.minTermHours);
    if (hours > hoursAvailable) continue;
    if (free.slice(first, first + hours).every((count) => count >= cards)) {
      const window = { from: new Date(from), to: new Date(from + hours * HOUR_MS) };
      return { cards, window, cardHours: BigInt(cards * hours) };
    }
  }
  return null;
}

function take(
  free: Map<string, number[]>,
  offers: readonly ClearingOffer[],
  assignment: ClearingAssignment,
): void {
  const offer = offers.find((candidate) => candidate.id === assignment.offerId);
  const hours = free.get(assignment.offerId);
  if (offer === undefined || hours === undefined) return;
  const first = (assignment.window.from.getTime() - offer.window.from.getTime()) / HOUR_MS;
  const last = (assignment.window.to.getTime() - offer.window.from.getTime()) / HOUR_MS;
  for (let hour = first; hour < last; hour += 1)
    hours[hour] = (hours[hour] ?? 0) - assignment.cards;
}
