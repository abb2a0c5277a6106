import type {
  MarketInput,
  MarketOffer,
  MarketRequest,
} from '../../../src/domain/exchange/matching/types.ts';

/**
 * Hand-written offers and requests for the matcher's example tests: one field changed from a
 * sensible default at a time, so each test reads as the one rule it is about.
 */

export function offer(id: string, overrides: Partial<MarketOffer> = {}): MarketOffer {
  return {
    id,
    providerId: 'provider-guizhou',
    acceleratorId: 'huawei-ascend-910b',
    origin: 'domestic',
    fp16DenseTflops: 320,
    powerWatts: 400,
    regionCode: '520100',
    hubId: 'guizhou',
    pueMilli: 1200,
    greenShareBps: 5000,
    priceFenPerCardHour: 800n,
    freeCardsBySlot: [16, 16, 16, 16],
    minimumTermHours: 1,
    cardsPerNode: 8,
    splittableAcrossNodes: true,
    ...overrides,
  };
}

export function request(id: string, overrides: Partial<MarketRequest> = {}): MarketRequest {
  return {
    id,
    enterpriseId: 'enterprise-chengdu',
    amount: { unit: 'card-hours', cardHours: 32 },
    startSlot: 0,
    endSlot: 4,
    acceleratorIds: null,
    domesticOnly: false,
    regionPrefixes: null,
    hubIds: null,
    maximumPrice: { per: 'card-hour', fen: 1000n },
    splittableAcrossOffers: false,
    ...overrides,
  };
}

export function market(overrides: Partial<MarketInput> = {}): MarketInput {
  return {
    slotCount: 4,
    offers: [],
    requests: [],
    subsidies: [],
    programs: [],
    energyWeightFenPerKwh: 0,
    ...overrides,
  };
}
