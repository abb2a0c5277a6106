import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstFitClearing, type ClearingInput, type ClearingOffer } from './clearing.ts';
import { HOUR_MS } from './hours.ts';

const T0 = Date.UTC(2026, 2, 3);
const hourAt = (hour: number): Date => new Date(T0 + hour * HOUR_MS);

const offerArbitrary = fc.record({
  accelerator: fc.constantFrom(
    { id: 'ascend-910b', origin: 'domestic' as const, tflops: 320 },
    { id: 'nvidia-h100-sxm', origin: 'imported' as const, tflops: 989 },
  ),
  regionCode: fc.constantFrom('520000', '330100', '510100', '420100'),
  price: fc.bigInt({ min: 500n, max: 3000n }),
  start: fc.integer({ min: 0, max: 12 }),
  hours: fc.integer({ min: 4, max: 24 }),
  cards: fc.integer({ min: 1, max: 8 }),
  splittable: fc.boolean(),
  minTermHours: fc.integer({ min: 1, max: 4 }),
});

const requestArbitrary = fc.record({
  unit: fc.constantFrom('scu' as const, 'card-hours' as const),
  quantity: fc.bigInt({ min: 1n, max: 60n }),
  domesticOnly: fc.boolean(),
  latency: fc.constantFrom('local' as const, 'regional' as const, 'national' as const),
  start: fc.integer({ min: 0, max: 12 }),
  hours: fc.integer({ min: 2, max: 24 }),
  splittable: fc.boolean(),
  maxPerCardHour: fc.bigInt({ min: 400n, max: 4000n }),
});

const inputArbitrary = fc
  .record({
    offers: fc.array(offerArbitrary, { minLength: 1, maxLength: 6 }),
    requests: fc.array(requestArbitrary, { minLength: 1, maxLength: 8 }),
  })
  .map(({ offers, requests }): ClearingInput => ({
    offers: offers.map((offer, index): ClearingOffer => ({
      id: `offer-${index}`,
      providerId: `provider-${index}`,
      acceleratorId: offer.accelerator.id,
      origin: offer.accelerator.origin,
      fp16DenseTflops: offer.accelerator.tflops,
      regionCode: offer.regionCode,
      pricePerCardHourFen: offer.price,
      pueMilli: 1200,
      greenShareBps: 5000,
      window: { from: hourAt(offer.start), to: hourAt(offer.start + offer.hours) },
      minTermHours: offer.minTermHours,
      splittable: offer.splittable,
      cardsPerNode: Math.max(1, Math.floor(offer.cards / 2)),
      freeCards: Array.from({ length: offer.hours }, () => offer.cards),
    })),
    requests: requests.map((request, index) => ({
      id: `request-${index}`,
      enterpriseId: `enterprise-${index}`,
      quantityUnit: request.unit,
      quantity: request.quantity,
      acceleratorIds: [],
      domesticOnly: request.domesticOnly,
      regionCodes: [],
      latencyClass: request.latency,
      enterpriseRegionCode: '510104',
      window: { from: hourAt(request.start), to: hourAt(request.start + request.hours) },
      maxPriceAfterSubsidy: { per: 'card-hour', fen: request.maxPerCardHour },
      splittable: request.splittable,
    })),
  }));

describe('firstFitClearing (the reference the matcher replaces)', () => {
  it('respects origin, capacity in every hour, node size, splitting and price, and is deterministic', () => {
    fc.assert(
      fc.property(inputArbitrary, (input) => {
        const result = firstFitClearing(input);
        expect(firstFitClearing(input)).toEqual(result);
        const offers = new Map(input.offers.map((offer) => [offer.id, offer]));
        const used = new Map<string, number[]>();
        for (const assignment of result.assignments) {
          const offer = offers.get(assignment.offerId);
          const request = input.requests.find((item) => item.id === assignment.requestId);
          if (offer === undefined || request === undefined) throw new Error('unknown ids');
          if (request.domesticOnly) expect(offer.origin).toBe('domestic');
          expect(offer.pricePerCardHourFen).toBeLessThanOrEqual(request.maxPriceAfterSubsidy.fen);
          if (!offer.splittable) expect(assignment.cards).toBeLessThanOrEqual(offer.cardsPerNode);
          expect(assignment.window.from >= request.window.from).toBe(true);
          expect(assignment.window.to <= request.window.to).toBe(true);
          const first = (assignment.window.from.getTime() - offer.window.from.getTime()) / HOUR_MS;
          const last = (assignment.window.to.getTime() - offer.window.from.getTime()) / HOUR_MS;
          expect(last - first).toBeGreaterThanOrEqual(offer.minTermHours);
          const hours = used.get(offer.id) ?? offer.freeCards.map(() => 0);
          for (let hour = first; hour < last; hour += 1)
            hours[hour] = (hours[hour] ?? 0) + assignment.cards;
          used.set(offer.id, hours);
        }
        for (const [offerId, hours] of used) {
          const free = offers.get(offerId)?.freeCards ?? [];
          hours.forEach((cards, hour) => expect(cards).toBeLessThanOrEqual(free[hour] ?? 0));
        }
        for (const request of input.requests) {
          const mine = result.assignments.filter((item) => item.requestId === request.id);
          if (!request.splittable) expect(mine.length).toBeLessThanOrEqual(1);
          const served = mine.length > 0;
          const unmatched = result.unmatched.some((item) => item.requestId === request.id);
          expect(served).toBe(!unmatched);
          if (served && request.quantityUnit === 'card-hours') {
            const cardHours = mine.reduce(
              (sum, item) =>
                sum +
                BigInt(item.cards) *
                  BigInt((item.window.to.getTime() - item.window.from.getTime()) / HOUR_MS),
              0n,
            );
            expect(cardHours).toBeGreaterThanOrEqual(request.quantity);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
