import type { Database } from '../db/client.ts';
import { systemActor } from '../services/authz/index.ts';
import {
  createComputeRequest,
  createOffer,
  type ComputeRequest,
  type Offer,
} from '../services/exchange/index.ts';
import type { DemoParties } from './demo-parties.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export interface DemoExchange {
  offers: Offer[];
  requests: ComputeRequest[];
}

/**
 * The exchange's first-start data: the Chengdu compute centre lists domestic Ascend 910B capacity
 * in its data centre in the Guizhou hub (520000, "East Data, West Computing") and the Hangzhou
 * provider imported H100 capacity in Hangzhou (330100), for the next 30 days. Two requests wait:
 * the Chengdu firm's, for domestic compute within its region's latency class from tomorrow, which
 * the first clearing run (at start) matches across regions to Guizhou, so the console shows a
 * matched order; and the Hangzhou SME's, for H100s close by in Shanghai, where nobody lists, so
 * it stays open and its view says why (the region).
 */
export async function createDemoExchange(options: {
  db: Database;
  parties: DemoParties;
  now: Date;
}): Promise<DemoExchange> {
  const { db, parties, now } = options;
  const actor = systemActor;
  const start = new Date(Math.ceil(now.getTime() / HOUR_MS) * HOUR_MS);
  const window = { from: start, to: new Date(start.getTime() + 30 * DAY_MS) };
  const offers = [
    await createOffer({
      db,
      actor,
      providerId: parties.chengduProviderId,
      terms: {
        acceleratorId: 'ascend-910b',
        cardCount: 256,
        regionCode: '520000',
        pueMilli: 1200,
        greenShareBps: 6500,
        pricePerCardHourFen: 980n,
        window,
        minTermHours: 4,
        splittable: true,
      },
      now,
    }),
    await createOffer({
      db,
      actor,
      providerId: parties.hangzhouProviderId,
      terms: {
        acceleratorId: 'nvidia-h100-sxm',
        cardCount: 64,
        regionCode: '330100',
        pueMilli: 1350,
        greenShareBps: 3000,
        pricePerCardHourFen: 2800n,
        window,
        minTermHours: 2,
        splittable: false,
      },
      now,
    }),
  ];
  const tomorrow = new Date(start.getTime() + DAY_MS);
  const requests = [
    await createComputeRequest({
      db,
      actor,
      enterpriseId: parties.chengduFirmId,
      terms: {
        // 2 000 SCU over five days: 53 Ascend 910B cards (320 TFLOPS) held for 120 hours.
        quantityUnit: 'scu',
        quantity: 2_000n,
        acceleratorIds: [],
        domesticOnly: true,
        regionCodes: [],
        latencyClass: 'regional',
        window: { from: tomorrow, to: new Date(tomorrow.getTime() + 5 * DAY_MS) },
        maxPriceAfterSubsidy: { per: 'scu', fen: 4_000n },
        splittable: true,
      },
      now,
    }),
    await createComputeRequest({
      db,
      actor,
      enterpriseId: parties.hangzhouSmeId,
      terms: {
        quantityUnit: 'card-hours',
        quantity: 200n,
        acceleratorIds: ['nvidia-h100-sxm', 'nvidia-h800-sxm'],
        domesticOnly: false,
        regionCodes: ['310000'],
        latencyClass: 'local',
        window: { from: start, to: new Date(start.getTime() + 7 * DAY_MS) },
        maxPriceAfterSubsidy: { per: 'card-hour', fen: 4_000n },
        splittable: false,
      },
      now,
    }),
  ];
  return { offers, requests };
}
