import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../src/services/authz/index.ts';
import { clearExchange } from '../src/services/exchange/index.ts';
import { verifyLedger } from '../src/services/ledger/index.ts';
import { createDemoHarness, type DemoHarness } from './support/demo-harness.ts';

/**
 * `npm start` seeds the exchange: offers from two providers — domestic Ascend 910B in the
 * Guizhou hub (520000), imported H100 in Hangzhou (330100) — and open requests, so the exchange
 * has data on the first start; the clearing job that runs at start matches the Chengdu firm's
 * request to Guizhou (an order the console shows) and leaves the Hangzhou SME's open, saying why.
 */
let demo: DemoHarness;

beforeAll(async () => {
  demo = await createDemoHarness();
}, 120_000);
afterAll(async () => demo.close());

describe('the demo exchange', () => {
  it('lists a domestic offer in Guizhou and an imported one in Hangzhou, priced per SCU', async () => {
    const enterprise = await demo.signIn('chengdu@suanli-demo.test');
    const offers = await enterprise.get('/api/v1/exchange/offers');
    expect(offers.status, offers.text).toBe(200);
    const items = offers.json<{
      items: {
        regionCode: string;
        hub: string;
        accelerator: { id: string; origin: string };
        pricePerScuFen: string;
      }[];
    }>().items;
    const guizhou = items.find((item) => item.regionCode === '520000');
    expect(guizhou).toMatchObject({ hub: 'guizhou', pricePerScuFen: '3063' });
    // ¥9.80 a card-hour × 1000 / 320 TFLOPS = 3062.5 → 3063 fen an SCU.
    expect(guizhou?.accelerator).toMatchObject({ id: 'ascend-910b', origin: 'domestic' });
    const hangzhou = items.find((item) => item.regionCode === '330100');
    expect(hangzhou).toMatchObject({ hub: 'yangtze-delta' });
    expect(hangzhou?.accelerator).toMatchObject({ id: 'nvidia-h100-sxm', origin: 'imported' });
  });

  it('has open requests; the first clearing run matches the Chengdu one to Guizhou', async () => {
    const operator = await demo.signIn('operator@suanli-demo.test');
    const requests = await operator.get('/api/v1/exchange/requests?state=open');
    const open = requests.json<{ items: { id: string; enterpriseId: string }[] }>().items;
    expect(open).toHaveLength(2);
    const report = await clearExchange({
      db: demo.harness.db,
      actor: systemActor,
      now: demo.harness.clock.now(),
    });
    const offers = await operator.get('/api/v1/exchange/offers');
    const guizhou = offers
      .json<{ items: { id: string; regionCode: string }[] }>()
      .items.find((item) => item.regionCode === '520000');
    // 2 000 SCU over 120 hours on 320-TFLOPS cards: 53 cards (6 360 card-hours ≥ 6 250).
    expect(report.ordersCreated).toEqual([
      expect.objectContaining({ offerId: guizhou?.id, chipOrigin: 'domestic', cards: 53 }),
    ]);
    expect(report.unmatched).toHaveLength(1);
    const after = await operator.get('/api/v1/exchange/requests?state=open');
    expect(after.json<{ items: { clearing: unknown }[] }>().items).toMatchObject([
      { clearing: { served: false, binding: { kind: 'region' } } },
    ]);
    expect(await verifyLedger({ db: demo.harness.db })).toMatchObject({ ok: true });
  });
});
