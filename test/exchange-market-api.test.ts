import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedAccelerators } from '../src/domain/exchange/accelerators.ts';
import { createApiHarness, type ApiHarness } from './support/api-harness.ts';
import {
  approvedGrant,
  moneyFootprint,
  publishProgram,
  registerComputeCentre,
  registerSme,
} from './support/exchange-fixtures.ts';

/**
 * The exchange's catalog and market over HTTP: the seeded accelerator table, an operator's edit,
 * offers and requests refused with a stable code when wrong, the clearing run turning a request
 * into an order within its constraints, and cancellation after an order started.
 */
let h: ApiHarness;
let enterpriseId: string;
let domesticProvider: string;
let importedProvider: string;
const at = (day: string, hour: number): string =>
  `2026-03-${day}T${String(hour).padStart(2, '0')}:00:00.000Z`;

beforeAll(async () => {
  h = await createApiHarness();
  enterpriseId = await registerSme(h, 'A', '510104');
  domesticProvider = await registerComputeCentre(h, 'A', 'domestic', '520100');
  importedProvider = await registerComputeCentre(h, 'B', 'imported', '330100');
});
afterAll(async () => h.close());

function offerBody(providerId: string, changes: Record<string, unknown> = {}) {
  return {
    providerId,
    acceleratorId: 'ascend-910b',
    cardCount: 8,
    regionCode: '520000',
    pueMilli: 1200,
    greenShareBps: 6000,
    pricePerCardHourFen: '1000',
    window: { from: at('03', 0), to: at('05', 0) },
    minTermHours: 2,
    splittable: true,
    ...changes,
  };
}

describe('exchange catalog and market', () => {
  it('serves the seeded accelerator catalog, and an operator edits it', async () => {
    const listed = await h.as('anonymous').get('/api/v1/exchange/accelerators');
    const items = listed.json<{ items: { id: string }[] }>().items;
    expect(items).toEqual(
      [...seedAccelerators].sort((a, b) => (a.id < b.id ? -1 : 1)).map((item) => ({ ...item })),
    );
    const edited = await h.as('operator-admin@A').put('/api/v1/exchange/accelerators/ascend-910c', {
      vendor: 'Huawei',
      model: 'Ascend 910C',
      origin: 'domestic',
      memoryGb: 128,
      fp16DenseTflops: 800,
      powerWatts: 600,
    });
    expect(edited.status, edited.text).toBe(200);
    const bad = await h.as('operator-admin@A').put('/api/v1/exchange/accelerators/x', {
      vendor: 'X',
      model: 'X',
      origin: 'domestic',
      memoryGb: 1,
      fp16DenseTflops: 0,
      powerWatts: 1,
    });
    expect(bad.errorCode).toBe('VALIDATION_FAILED');
  });

  it('refuses bad offers with a stable code and writes nothing', async () => {
    const provider = h.as('provider-admin@A');
    const before = await h.db.query('select count(*)::int as n from exchange_offers');
    const cases: [Record<string, unknown>, string][] = [
      [{ window: { from: '2026-03-03T00:30:00Z', to: at('05', 0) } }, 'window'],
      [{ acceleratorId: 'nvidia-h100-sxm' }, 'acceleratorId'], // a domestic-only provider
      [{ acceleratorId: 'no-such-chip' }, 'acceleratorId'],
      [{ regionCode: '999999' }, 'regionCode'],
      [{ minTermHours: 49 }, 'minTermHours'],
    ];
    for (const [changes, field] of cases) {
      const response = await provider.post(
        '/api/v1/exchange/offers',
        offerBody(domesticProvider, changes),
      );
      expect([response.status, response.errorCode], response.text).toEqual([
        400,
        'VALIDATION_FAILED',
      ]);
      expect(response.json<{ error: { details: { field: string } } }>().error.details.field).toBe(
        field,
      );
    }
    expect(await h.db.query('select count(*)::int as n from exchange_offers')).toEqual(before);
  });

  it('sells a job that may not span nodes at most one node of cards', async () => {
    const offer = await h.as('provider-admin@A').post(
      '/api/v1/exchange/offers',
      offerBody(domesticProvider, {
        splittable: false,
        cardsPerNode: 4,
        window: { from: at('06', 0), to: at('06', 8) },
      }),
    );
    expect(offer.status, offer.text).toBe(201);
    expect(offer.json<{ cardsPerNode: number }>().cardsPerNode).toBe(4);
    const buy = (cards: number) =>
      h
        .as('enterprise-admin@A')
        .post(`/api/v1/exchange/offers/${offer.json<{ id: string }>().id}/buy`, {
          enterpriseId,
          cards,
          window: { from: at('06', 0), to: at('06', 4) },
        });
    const tooMany = await buy(5);
    expect([
      tooMany.errorCode,
      tooMany.json<{ error: { details: { field: string } } }>().error.details.field,
    ]).toEqual(['VALIDATION_FAILED', 'cards']);
    expect((await buy(4)).status).toBe(201);
  });

  it('clears a domestic-only request onto the domestic offer, never the cheaper imported one', async () => {
    const domestic = await h
      .as('provider-admin@A')
      .post('/api/v1/exchange/offers', offerBody(domesticProvider));
    expect(domestic.status, domestic.text).toBe(201);
    const imported = await h.as('provider-admin@B').post(
      '/api/v1/exchange/offers',
      offerBody(importedProvider, {
        acceleratorId: 'nvidia-h100-sxm',
        regionCode: '330100',
        pricePerCardHourFen: '500',
      }),
    );
    expect(imported.status, imported.text).toBe(201);
    await publishProgram(h, 'chengdu-compute');
    const grantId = await approvedGrant(h, 'A', 'chengdu-compute');
    const asked = await h.as('enterprise-admin@A').post('/api/v1/exchange/requests', {
      enterpriseId,
      grantId,
      quantityUnit: 'scu',
      quantity: '32', // 100 card-hours of Ascend 910B (320 TFLOPS)
      domesticOnly: true,
      latencyClass: 'national',
      window: { from: at('03', 0), to: at('05', 0) },
      maxPriceAfterSubsidy: { per: 'scu', fen: '4000' },
      splittable: true,
    });
    expect(asked.status, asked.text).toBe(201);
    // Another operator tenant's admin runs it: the run acts for the platform on every program.
    const cleared = await h.as('operator-admin@B').post('/api/v1/exchange/clearing');
    expect(cleared.status, cleared.text).toBe(200);
    const orders = cleared.json<{
      ordersCreated: {
        offerId: string;
        chipOrigin: string;
        cardHours: string;
        amountFen: string;
        subsidyFen: string;
        subsidyMode: string;
      }[];
    }>().ordersCreated;
    expect(orders.length).toBeGreaterThan(0);
    for (const order of orders) {
      expect(order).toMatchObject({
        offerId: domestic.json<{ id: string }>().id,
        chipOrigin: 'domestic',
        subsidyMode: 'reimburse-enterprise',
      });
      // Chengdu: 50 % of domestic compute, rounded down.
      expect(BigInt(order.subsidyFen)).toBe(BigInt(order.amountFen) / 2n);
    }
    const cardHours = orders.reduce((sum, order) => sum + Number(order.cardHours), 0);
    expect(cardHours).toBeGreaterThanOrEqual(100);
    const open = await h.as('enterprise-admin@A').get('/api/v1/exchange/requests?state=matched');
    expect(open.json<{ items: unknown[] }>().items).toHaveLength(1);
  });

  it('cancels a started order at the next whole hour and gives the later hours back', async () => {
    const offer = await h.as('provider-admin@A').post(
      '/api/v1/exchange/offers',
      offerBody(domesticProvider, {
        window: { from: at('02', 9), to: at('02', 19) },
        minTermHours: 1,
      }),
    );
    expect(offer.status, offer.text).toBe(201);
    const offerId = offer.json<{ id: string }>().id;
    const bought = await h.as('enterprise-admin@A').post(`/api/v1/exchange/offers/${offerId}/buy`, {
      enterpriseId,
      cards: 4,
      window: { from: at('02', 9), to: at('02', 19) },
    });
    expect(bought.status, bought.text).toBe(201);
    h.clock.advanceSeconds(2.5 * 3600); // 11:30: two and a half hours used
    await h.relogin('enterprise-admin@A');
    const before = await moneyFootprint(h);
    const cancelled = await h
      .as('enterprise-admin@A')
      .post(`/api/v1/exchange/orders/${bought.json<{ id: string }>().id}/cancel`);
    expect(cancelled.status, cancelled.text).toBe(200);
    // Kept: 09:00–12:00, 4 cards × 3 hours at ¥10.
    expect(cancelled.json<Record<string, unknown>>()).toMatchObject({
      window: { from: at('02', 9), to: at('02', 12) },
      cardHours: '12',
      amountFen: '12000',
      state: 'active',
    });
    expect(await moneyFootprint(h)).toEqual(before);
    const listing = await h
      .as('enterprise-admin@A')
      .get(`/api/v1/exchange/offers?providerId=${domesticProvider}`);
    const mine = listing
      .json<{ items: { id: string; cardsFreeMin: number }[] }>()
      .items.find((item) => item.id === offerId);
    expect(mine?.cardsFreeMin).toBe(4); // the current hour (11:00) is still taken
    const again = await h
      .as('enterprise-admin@A')
      .post(`/api/v1/exchange/orders/${bought.json<{ id: string }>().id}/cancel`);
    expect(again.errorCode).toBe('INVALID_STATE_TRANSITION');
  });
});
