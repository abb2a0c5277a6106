import type { MarketOffer, MarketRequest } from './types.ts';

/**
 * The per-card-hour figures the objective is made of, in integer fen, and the request's demand
 * in its own unit. Shared by the matcher's preparation and its explanations; the independent
 * checker in test/support/matching recomputes them from docs/exchange-matching.md on its own.
 */

/** 100 % in basis points. */
const FULL_BPS = 10_000;

/**
 * Subsidy on one card-hour: `floor(price × rate / 10 000)`, rounded **down** to the fen so the
 * program never over-pays; an assignment's subsidy is this times its card-hours, which keeps
 * the subsidy linear in the cards (the matcher's budgets and HiGHS's rows are linear).
 *
 * @example
 * subsidyFenPerCardHour(1999, 3000) // 599 (599.7 rounded down)
 */
export function subsidyFenPerCardHour(priceFenPerCardHour: number, rateBps: number): number {
  return Math.floor((priceFenPerCardHour * rateBps) / FULL_BPS);
}

/**
 * The energy term of one card-hour: kWh of non-green energy (card power × PUE × (1 − green
 * share)) times the configured weight, rounded down to the fen. A weight, not money moved.
 *
 * @example
 * energyFenPerCardHour({ powerWatts: 400, pueMilli: 1250, greenShareBps: 2000 }, 100) // 40
 */
export function energyFenPerCardHour(
  offer: Pick<MarketOffer, 'powerWatts' | 'pueMilli' | 'greenShareBps'>,
  weightFenPerKwh: number,
): number {
  // watts × thousandths × basis points: divide by 1 000 (W→kW) × 1 000 × 10 000 at the end.
  const scaled = offer.powerWatts * offer.pueMilli * (FULL_BPS - offer.greenShareBps);
  return Math.floor((scaled * weightFenPerKwh) / 10_000_000_000);
}

/** Hours in the request's window. */
export function windowHours(request: Pick<MarketRequest, 'startSlot' | 'endSlot'>): number {
  return request.endSlot - request.startSlot;
}

/**
 * Demand in the request's unit (card-hours, or milli-SCU = TFLOPS-hours) and what one card of
 * the offer held over the whole window contributes to it.
 */
export function demandUnits(request: MarketRequest): number {
  return request.amount.unit === 'card-hours' ? request.amount.cardHours : request.amount.milliScu;
}

export function unitsPerCard(request: MarketRequest, fp16DenseTflops: number): number {
  const hours = windowHours(request);
  return request.amount.unit === 'card-hours' ? hours : hours * fp16DenseTflops;
}

/**
 * Whether the enterprise's price after subsidy is within its maximum. Per SCU: one card-hour
 * delivers `tflops / 1 000` SCU, so the price per SCU is `fen × 1 000 / tflops`, compared
 * without division.
 */
export function withinMaximumPrice(
  per: MarketRequest['maximumPrice']['per'],
  maximumFen: number,
  enterpriseFenPerCardHour: number,
  fp16DenseTflops: number,
): boolean {
  return per === 'card-hour'
    ? enterpriseFenPerCardHour <= maximumFen
    : enterpriseFenPerCardHour * 1000 <= maximumFen * fp16DenseTflops;
}
