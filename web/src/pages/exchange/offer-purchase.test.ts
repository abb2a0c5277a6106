import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Offer } from '../../api/exchange.ts';
import { purchaseAmountFen, purchaseWindow } from './offer-purchase.ts';

const HOUR_MS = 3_600_000;

function offerOf(priceFen: bigint, from: Date): Offer {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    providerId: '00000000-0000-4000-8000-000000000002',
    accelerator: {
      id: 'ascend-910b',
      vendor: 'Huawei',
      model: 'Ascend 910B',
      origin: 'domestic',
      memoryGb: 64,
      fp16DenseTflops: 320,
      powerWatts: 400,
    },
    cardCount: 256,
    regionCode: '520000',
    hub: null,
    pueMilli: 1200,
    greenShareBps: 6500,
    pricePerCardHourFen: priceFen.toString(),
    pricePerScuFen: '0',
    window: {
      from: from.toISOString(),
      to: new Date(from.getTime() + 30 * 24 * HOUR_MS).toISOString(),
    },
    minTermHours: 1,
    splittable: true,
    cardsPerNode: 256,
    state: 'open',
    clearing: null,
  };
}

describe('a buy-now purchase as the console prices it', () => {
  it('costs cards × hours × price exactly, over whole hours from the next one or the offer’s start', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 9n }),
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1_700_000_000_000, max: 1_900_000_000_000 }),
        fc.integer({ min: -100, max: 100 }),
        (price, cards, hours, nowMs, offerStartHours) => {
          const now = new Date(nowMs);
          const offerStart = new Date(
            Math.floor(nowMs / HOUR_MS) * HOUR_MS + offerStartHours * HOUR_MS,
          );
          const offer = offerOf(price, offerStart);
          expect(purchaseAmountFen(offer, { cards, hours })).toBe(
            BigInt(cards) * BigInt(hours) * price,
          );
          const window = purchaseWindow(offer, hours, now);
          const from = new Date(window.from).getTime();
          const to = new Date(window.to).getTime();
          expect(from % HOUR_MS).toBe(0);
          expect(from).toBeGreaterThan(nowMs);
          expect(from).toBeGreaterThanOrEqual(offerStart.getTime());
          expect(to - from).toBe(hours * HOUR_MS);
        },
      ),
    );
  });
});
