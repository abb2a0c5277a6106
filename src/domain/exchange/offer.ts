import { isRegionCode } from '../parties/region.ts';
import { DomainError } from '../shared/errors.ts';
import { checkHourWindow, type HourWindow } from './hours.ts';
import { hubOf, type NationalHub } from './hubs.ts';

/** What a provider lists: capacity of one accelerator kind in one data centre. */
export interface OfferTerms {
  acceleratorId: string;
  cardCount: number;
  /** GB/T 2260 code of the data centre's site. */
  regionCode: string;
  /** Power usage effectiveness × 1000 (1.25 → 1250), from 1000 (ideal) to 3000. */
  pueMilli: number;
  /** Share of the site's energy from renewable sources, basis points. */
  greenShareBps: number;
  pricePerCardHourFen: bigint;
  window: HourWindow;
  /** Shortest order, in hours. */
  minTermHours: number;
  /** Whether one job may run across several nodes of this offer (multi-node training). */
  splittable: boolean;
  /** Cards in one node (default: all of them); a job that may not span nodes gets at most this many. */
  cardsPerNode?: number | undefined;
}

/** Most cards one offer may list (a large data centre's accelerator count). */
export const OFFER_CARDS_MAX = 100_000;
/** Highest price per card-hour accepted: ¥10,000 (a typo guard, far above any market price). */
export const PRICE_PER_CARD_HOUR_MAX_FEN = 1_000_000n;

/**
 * Checks an offer's terms (VALIDATION_FAILED naming the field) and returns the national hub of
 * its region (null outside the eight hubs).
 */
export function checkOfferTerms(terms: OfferTerms): {
  hub: NationalHub | null;
  hours: number;
  cardsPerNode: number;
} {
  const fail = (field: string, rule: string): never => {
    throw new DomainError('VALIDATION_FAILED', `${field}: ${rule}`, { field });
  };
  if (!integer(terms.cardCount, 1, OFFER_CARDS_MAX)) fail('cardCount', `1–${OFFER_CARDS_MAX}`);
  if (!isRegionCode(terms.regionCode)) fail('regionCode', 'a GB/T 2260 code');
  if (!integer(terms.pueMilli, 1000, 3000)) fail('pueMilli', 'PUE × 1000, 1000–3000');
  if (!integer(terms.greenShareBps, 0, 10_000)) fail('greenShareBps', 'basis points, 0–10000');
  if (terms.pricePerCardHourFen < 1n || terms.pricePerCardHourFen > PRICE_PER_CARD_HOUR_MAX_FEN) {
    fail('pricePerCardHourFen', `1–${PRICE_PER_CARD_HOUR_MAX_FEN} fen`);
  }
  const hours = checkHourWindow(terms.window, 'window');
  if (!integer(terms.minTermHours, 1, hours)) fail('minTermHours', 'from 1 to the window’s hours');
  const cardsPerNode = terms.cardsPerNode ?? terms.cardCount;
  if (!integer(cardsPerNode, 1, terms.cardCount)) fail('cardsPerNode', 'from 1 to cardCount');
  return { hub: hubOf(terms.regionCode), hours, cardsPerNode };
}

function integer(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}
