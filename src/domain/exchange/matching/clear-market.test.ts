import { describe, expect, it } from 'vitest';
import { checkMatching } from '../../../../test/support/matching/check-matching.ts';
import { generateMarket } from '../../../../test/support/matching/generate-market.ts';
import { market, offer, request } from '../../../../test/support/matching/market-fixtures.ts';
import { clearMarket } from './clear-market.ts';
import { hubsWithinLatency } from '../hubs.ts';
import type { MarketInput } from './types.ts';

/** Clears and checks the result with the independent checker before any assertion. */
function clear(input: MarketInput) {
  const result = clearMarket(input);
  expect(checkMatching(input, result)).toEqual([]);
  return result;
}

const guizhou910b = offer('guizhou-910b');
const hangzhouH100 = offer('hangzhou-h100', {
  acceleratorId: 'nvidia-h100',
  origin: 'imported',
  fp16DenseTflops: 989,
  powerWatts: 700,
  regionCode: '330100',
  hubId: 'yangtze-delta',
  priceFenPerCardHour: 2200n,
});
const chengduDomesticRate = {
  offerId: null,
  origin: 'domestic' as const,
  rateBps: 5000,
  programId: 'chengdu-compute',
};

describe('clearMarket', () => {
  it('serves a Chengdu SME asking for domestic compute from Guizhou 910B cards, at the domestic rate', () => {
    const result = clear(
      market({
        offers: [hangzhouH100, guizhou910b],
        requests: [
          request('chengdu-sme', {
            domesticOnly: true,
            hubIds: hubsWithinLatency('510104', 'regional'),
          }),
        ],
        subsidies: [{ requestId: 'chengdu-sme', ...chengduDomesticRate }],
        programs: [{ programId: 'chengdu-compute', remainingFen: 1_000_000n }],
      }),
    );
    expect(result.assignments).toEqual([
      {
        requestId: 'chengdu-sme',
        offerId: 'guizhou-910b',
        cards: 8,
        startSlot: 0,
        endSlot: 4,
        cardHours: 32,
        priceFenPerCardHour: 800n,
        subsidyFenPerCardHour: 400n,
        amountFen: 25_600n,
        subsidyFen: 12_800n,
        enterprisePaysFen: 12_800n,
        programId: 'chengdu-compute',
        rateBps: 5000,
      },
    ]);
    expect(result.programs).toEqual([
      { programId: 'chengdu-compute', committedFen: 12_800n, remainingFen: 987_200n },
    ]);
    expect(result.requests).toEqual([
      { requestId: 'chengdu-sme', served: true, binding: null, nextBest: null },
    ]);
    expect(result.offers.find((entry) => entry.offerId === 'hangzhou-h100')?.binding).toEqual({
      kind: 'origin',
    });
  });

  it('leaves a request that may not be split unserved when no single offer is big enough, and splits one that may', () => {
    const offers = [
      offer('a', { priceFenPerCardHour: 800n }),
      offer('b', { priceFenPerCardHour: 900n }),
    ];
    const whole = clear(
      market({
        offers,
        requests: [request('big', { amount: { unit: 'card-hours', cardHours: 96 } })],
      }),
    );
    expect(whole.assignments).toEqual([]);
    expect(whole.unservedRequestIds).toEqual(['big']);
    expect(whole.requests[0]?.binding).toEqual({
      kind: 'no-single-offer-big-enough',
      largestCards: 16,
      neededCards: 24,
    });

    const split = clear(
      market({
        offers,
        requests: [
          request('big', {
            amount: { unit: 'card-hours', cardHours: 96 },
            splittableAcrossOffers: true,
          }),
        ],
      }),
    );
    expect(split.assignments.map(({ offerId, cards }) => ({ offerId, cards }))).toEqual([
      { offerId: 'a', cards: 16 },
      { offerId: 'b', cards: 8 },
    ]);
  });

  it('names the slot where a cheaper offer was full and that offer as the next best', () => {
    const offers = [
      offer('cheap', { priceFenPerCardHour: 700n, freeCardsBySlot: [8, 8, 8, 8] }),
      offer('dear', { priceFenPerCardHour: 900n }),
    ];
    const result = clear(
      market({
        offers,
        requests: [
          request('all-day'),
          request('late', {
            startSlot: 2,
            endSlot: 4,
            amount: { unit: 'card-hours', cardHours: 16 },
          }),
        ],
      }),
    );
    expect(result.assignments.map(({ requestId, offerId }) => `${requestId}→${offerId}`)).toEqual([
      'all-day→cheap',
      'late→dear',
    ]);
    expect(result.requests[1]).toEqual({
      requestId: 'late',
      served: true,
      binding: { kind: 'capacity', offerId: 'cheap', slot: 2, freeCards: 0 },
      nextBest: { offerId: 'cheap', enterpriseFenPerCardHour: 700n },
    });
    expect(result.offers).toEqual([
      {
        offerId: 'cheap',
        cardHoursSold: 32,
        cardHoursFree: 0,
        binding: { kind: 'capacity', offerId: 'cheap', slot: 0, freeCards: 0 },
        nextBest: null,
      },
      {
        offerId: 'dear',
        cardHoursSold: 16,
        cardHoursFree: 48,
        binding: { kind: 'cheaper-offers-won' },
        nextBest: { offerId: 'cheap', enterpriseFenPerCardHour: 700n },
      },
    ]);
  });

  it('never commits more subsidy than a program has left: the second request waits, with the budget named', () => {
    const result = clear(
      market({
        offers: [guizhou910b],
        requests: ['first', 'second'].map((id) =>
          request(id, { maximumPrice: { per: 'card-hour', fen: 500n } }),
        ),
        subsidies: ['first', 'second'].map((requestId) => ({ requestId, ...chengduDomesticRate })),
        programs: [{ programId: 'chengdu-compute', remainingFen: 12_800n }],
      }),
    );
    expect(result.assignments).toHaveLength(1);
    expect(result.programs).toEqual([
      { programId: 'chengdu-compute', committedFen: 12_800n, remainingFen: 0n },
    ]);
    const waiting = result.requests.find((entry) => !entry.served);
    expect(waiting?.binding).toEqual({
      kind: 'budget',
      programId: 'chengdu-compute',
      remainingFen: 0n,
    });
  });

  it('explains each hard refusal: maximum price, minimum term, node size, region, accelerator', () => {
    const refusal = (
      overrides: Parameters<typeof request>[1],
      offerOverrides: Parameters<typeof offer>[1] = {},
    ) =>
      clear(market({ offers: [offer('o', offerOverrides)], requests: [request('r', overrides)] }))
        .requests[0]?.binding;
    expect(refusal({ maximumPrice: { per: 'card-hour', fen: 700n } })).toEqual({
      kind: 'maximum-price',
      offerId: 'o',
      enterpriseFenPerCardHour: 800n,
    });
    expect(refusal({}, { minimumTermHours: 8 })).toEqual({
      kind: 'minimum-term',
      offerId: 'o',
      minimumTermHours: 8,
    });
    expect(
      refusal({ amount: { unit: 'card-hours', cardHours: 48 } }, { splittableAcrossNodes: false }),
    ).toEqual({
      kind: 'node-size',
      offerId: 'o',
      cardsPerNode: 8,
    });
    expect(refusal({ regionPrefixes: ['51'] })).toEqual({ kind: 'region' });
    expect(refusal({ regionPrefixes: ['520000'] })).toBeNull();
    expect(refusal({ acceleratorIds: ['nvidia-h100'] })).toEqual({ kind: 'accelerator' });
  });

  it('counts SCU by each accelerator’s TFLOPS: one H100 card-hour outweighs four 910B ones when cheaper per SCU', () => {
    const result = clear(
      market({
        offers: [guizhou910b, hangzhouH100],
        requests: [
          request('scu', {
            amount: { unit: 'scu', milliScu: 989 * 4 },
            maximumPrice: { per: 'scu', fen: 3000n },
          }),
        ],
      }),
    );
    expect(result.assignments.map(({ offerId, cards }) => ({ offerId, cards }))).toEqual([
      { offerId: 'hangzhou-h100', cards: 1 },
    ]);
    expect(result.requests[0]?.nextBest).toEqual({
      offerId: 'guizhou-910b',
      enterpriseFenPerCardHour: 800n,
    });
  });

  it('weighs energy: at equal prices the lower-PUE, greener data centre wins', () => {
    const result = clear(
      market({
        offers: [
          offer('coal', { pueMilli: 1500, greenShareBps: 0 }),
          offer('green', { pueMilli: 1100, greenShareBps: 8000 }),
        ],
        requests: [request('r')],
        energyWeightFenPerKwh: 100,
      }),
    );
    expect(result.assignments[0]?.offerId).toBe('green');
    // 0.4 kW × 1.1 × 20 % non-green × 100 fen/kWh = 8.8 fen per card-hour, rounded down: 8 × 32.
    expect(result.objective.energyFen).toBe(256n);
  });

  it('gives the same result for the same market in any order', () => {
    const input = generateMarket({
      seed: 7,
      requestCount: 300,
      offerCount: 40,
      slotCount: 12,
      nodesPerOfferMax: 4,
      cardsPerRequestMax: 12,
      budgetShareBps: 5000,
      energyWeightFenPerKwh: 50,
      demand: 'broad',
    });
    const first = clear(input);
    const reversed = {
      ...input,
      offers: [...input.offers].reverse(),
      requests: [...input.requests].reverse(),
      subsidies: [...input.subsidies].reverse(),
    };
    expect(clearMarket(reversed)).toEqual(first);
    expect(clearMarket(input)).toEqual(first);
    expect(first.assignments.length).toBeGreaterThan(50);
    expect(first.unservedRequestIds.length).toBeGreaterThan(0);
  });

  it('refuses an invalid market as a bug (the services validate first)', () => {
    expect(() => clearMarket(market({ slotCount: 0 }))).toThrow(/slotCount/);
    expect(() => clearMarket(market({ requests: [request('r', { endSlot: 9 })] }))).toThrow(
      /window/,
    );
  });
});
