import { expect } from 'vitest';
import type { ApiHarness, TenantLetter } from './api-harness.ts';

/**
 * What the clearing tests (test/exchange-clearing-*.test.ts) share: March 2026 hours, a
 * Chengdu SME's request for 8 domestic cards over a 10-hour window, and an offer listed over
 * HTTP with the terms both tests use (16 cards, 3–20 March, minimum term 2 hours, splittable).
 */

/** `2026-03-<day>T<hour>:00:00.000Z`. */
export const marchHour = (day: string, hour: number): string =>
  `2026-03-${day}T${String(hour).padStart(2, '0')}:00:00.000Z`;

/** A waiting request's body: 80 card-hours (8 cards over hours 0–10 of `day`), domestic, regional, ≤ ¥6 per card-hour after subsidy. */
export const clearingRequestBody = (
  enterpriseId: string,
  grantId: string,
  day: string,
  changes: Record<string, unknown> = {},
) => ({
  enterpriseId,
  grantId,
  quantityUnit: 'card-hours',
  quantity: '80', // 8 cards over the 10-hour window
  domesticOnly: true,
  latencyClass: 'regional',
  window: { from: marchHour(day, 0), to: marchHour(day, 10) },
  maxPriceAfterSubsidy: { per: 'card-hour', fen: '600' },
  splittable: true,
  ...changes,
});

/** Lists an offer as provider tenant `letter`'s admin; `body` names provider, accelerator, region and price. */
export async function listOffer(
  h: ApiHarness,
  letter: TenantLetter,
  body: Record<string, unknown>,
): Promise<string> {
  const created = await h.as(`provider-admin@${letter}`).post('/api/v1/exchange/offers', {
    cardCount: 16,
    pueMilli: 1200,
    greenShareBps: 6000,
    window: { from: marchHour('03', 0), to: marchHour('20', 0) },
    minTermHours: 2,
    splittable: true,
    ...body,
  });
  expect(created.status, created.text).toBe(201);
  return created.json<{ id: string }>().id;
}

/** Ascend 910B cards in the Guizhou hub (520000) at ¥10 per card-hour. */
export const guizhouAscendOffer = (providerId: string) => ({
  providerId,
  acceleratorId: 'ascend-910b',
  regionCode: '520000',
  pricePerCardHourFen: '1000',
});
