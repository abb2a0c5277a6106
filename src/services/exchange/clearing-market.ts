import type { Sql } from '../../db/client.ts';
import { HOUR_MS } from '../../domain/exchange/hours.ts';
import {
  MATCHING_LIMITS,
  type MarketOffer,
  type MarketRequest,
} from '../../domain/exchange/matching/index.ts';
import { hubsWithinLatency } from '../../domain/exchange/hubs.ts';
import type { ComputeRequest } from './create-request.ts';
import { loadAccelerators, OFFER_COLUMNS, toOffer, type OfferRow } from './rows.ts';

/** Most open offers one clearing run considers (the rest wait for the next). */
export const CLEARING_OFFERS_MAX = 1_000;

/** A hub id no request names: offers outside the eight hubs serve requests by region code or `national` only. */
const OUTSIDE_HUBS = 'outside-hubs';

/** The clearing horizon: hourly slots from `from`. */
export interface ClearingHorizon {
  from: Date;
  slotCount: number;
}

/** The slot of a whole-hour instant within the horizon. */
export function slotOf(horizon: ClearingHorizon, instant: Date): number {
  return (instant.getTime() - horizon.from.getTime()) / HOUR_MS;
}

/** The instant a slot starts. */
export function slotStart(horizon: ClearingHorizon, slot: number): Date {
  return new Date(horizon.from.getTime() + slot * HOUR_MS);
}

/**
 * The horizon covering every request's window from `from` on, at most the matcher's 744 slots
 * (a month): a request ending later waits (`requestOutsideHorizon`).
 */
export function clearingHorizon(from: Date, requests: readonly ComputeRequest[]): ClearingHorizon {
  const ends = requests.map((request) => slotOf({ from, slotCount: 0 }, request.window.to));
  const slotCount = Math.min(MATCHING_LIMITS.slotCountMax, Math.max(1, ...ends));
  return { from, slotCount };
}

/** Why a request cannot go to this run's matcher, or null. */
export function requestOutsideHorizon(
  horizon: ClearingHorizon,
  request: ComputeRequest,
): string | null {
  if (slotOf(horizon, request.window.to) > horizon.slotCount) {
    return `its window ends more than ${MATCHING_LIMITS.slotCountMax} hours from the next hour; the matcher clears at most that far ahead`;
  }
  const units = request.quantityUnit === 'scu' ? request.quantity * 1000n : request.quantity;
  if (units > BigInt(MATCHING_LIMITS.demandUnitsMax))
    return 'its quantity exceeds what one clearing run matches';
  return null;
}

/** A region code as the prefix it covers: 510000 → 51, 510100 → 5101, 510104 → 510104. */
function regionPrefixOf(code: string): string {
  return code.replace(/(00)+$/u, '');
}

/**
 * A stored request as the matcher sees it: its window from the horizon's start on (it holds the
 * same cards in every hour of it), regions as prefixes or its latency class as hubs relative to
 * the enterprise's region, the maximum price capped at the matcher's bound.
 */
export function marketRequestOf(
  horizon: ClearingHorizon,
  request: ComputeRequest,
  enterpriseRegionCode: string,
): MarketRequest {
  const byRegion = request.regionCodes.length > 0;
  return {
    id: request.id,
    enterpriseId: request.enterpriseId,
    amount:
      request.quantityUnit === 'scu'
        ? { unit: 'scu', milliScu: Number(request.quantity * 1000n) }
        : { unit: 'card-hours', cardHours: Number(request.quantity) },
    startSlot: Math.max(0, slotOf(horizon, request.window.from)),
    endSlot: slotOf(horizon, request.window.to),
    acceleratorIds: request.acceleratorIds.length === 0 ? null : [...request.acceleratorIds],
    domesticOnly: request.domesticOnly,
    regionPrefixes: byRegion ? request.regionCodes.map(regionPrefixOf) : null,
    hubIds:
      byRegion || request.latencyClass === 'national'
        ? null
        : hubsWithinLatency(enterpriseRegionCode, request.latencyClass),
    maximumPrice: {
      per: request.maxPriceAfterSubsidy.per,
      fen: minBigint(request.maxPriceAfterSubsidy.fen, BigInt(MATCHING_LIMITS.maximumPriceFenMax)),
    },
    splittableAcrossOffers: request.splittable,
  };
}

function minBigint(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

/** Open offers with their free cards in each slot of the horizon (0 outside their window). */
export async function clearingOffers(sql: Sql, horizon: ClearingHorizon): Promise<MarketOffer[]> {
  const horizonEnd = slotStart(horizon, horizon.slotCount);
  const rows = await sql.query<OfferRow & { free: number[]; first_hour: Date | null }>(
    `select ${OFFER_COLUMNS},
            array(select h.cards_free from exchange_offer_hours h
                   where h.offer_id = o.id and h.hour_start >= $1 and h.hour_start < $2
                   order by h.hour_start) as free,
            (select min(h.hour_start) from exchange_offer_hours h
              where h.offer_id = o.id and h.hour_start >= $1) as first_hour
       from exchange_offers o
      where o.state = 'open' and o.available_to > $1 and o.available_from < $2
      order by o.id limit $3`,
    [horizon.from, horizonEnd, CLEARING_OFFERS_MAX],
  );
  const accelerators = new Map((await loadAccelerators(sql)).map((item) => [item.id, item]));
  return rows.flatMap((row) => {
    const offer = toOffer(row);
    const accelerator = accelerators.get(offer.acceleratorId);
    if (accelerator === undefined || row.first_hour === null) return [];
    const freeCardsBySlot = new Array<number>(horizon.slotCount).fill(0);
    // The hour rows are consecutive from the first one (an offer's window has one row an hour).
    const first = slotOf(horizon, row.first_hour);
    row.free.forEach((cards, index) => {
      if (first + index < horizon.slotCount) freeCardsBySlot[first + index] = cards;
    });
    return [
      {
        id: offer.id,
        providerId: offer.providerId,
        acceleratorId: offer.acceleratorId,
        origin: accelerator.origin,
        fp16DenseTflops: accelerator.fp16DenseTflops,
        powerWatts: accelerator.powerWatts,
        regionCode: offer.regionCode,
        hubId: offer.hub ?? OUTSIDE_HUBS,
        pueMilli: offer.pueMilli,
        greenShareBps: offer.greenShareBps,
        priceFenPerCardHour: offer.pricePerCardHourFen,
        freeCardsBySlot,
        minimumTermHours: offer.minTermHours,
        cardsPerNode: offer.cardsPerNode,
        splittableAcrossNodes: offer.splittable,
      },
    ];
  });
}
