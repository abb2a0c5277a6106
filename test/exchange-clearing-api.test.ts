import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcileExchange } from '../src/services/exchange/index.ts';
import { verifyLedger } from '../src/services/ledger/index.ts';
import { createApiHarness, type ApiHarness } from './support/api-harness.ts';
import {
  approvedGrant,
  postReport,
  providerKey,
  publishProgram,
  registerComputeCentre,
  registerSme,
  signReport,
  usageReport,
} from './support/exchange-fixtures.ts';
import {
  clearingRequestBody,
  guizhouAscendOffer,
  listOffer,
  marchHour,
} from './support/exchange-clearing-fixture.ts';

/**
 * The clearing run end to end over HTTP: a provider lists Ascend 910B capacity in the Guizhou
 * hub (520000), a Chengdu SME asks for domestic compute within its region's latency class, the
 * operator's clearing assigns it across regions to Guizhou at Chengdu's domestic rate (50 %),
 * both sides read why, usage is signed and settled, the provider is paid, the ledger verifies.
 * (exchange-clearing-budget.test.ts: determinism and a nearly spent grant.)
 */
describe('exchange clearing: request → match → signed usage → settlement → payout', () => {
  let h: ApiHarness;
  let chengduSme: string;
  let guizhouProvider: string;
  let guizhouOffer: string;
  let importedOffer: string;

  beforeAll(async () => {
    h = await createApiHarness();
    await publishProgram(h, 'chengdu-compute');
    chengduSme = await registerSme(h, 'A', '510104');
    guizhouProvider = await registerComputeCentre(h, 'A', 'domestic', '520100');
    const hangzhouProvider = await registerComputeCentre(h, 'B', 'imported', '330100');
    guizhouOffer = await listOffer(h, 'A', guizhouAscendOffer(guizhouProvider));
    // Cheaper, but imported and outside the SME's latency class: never its match.
    importedOffer = await listOffer(h, 'B', {
      providerId: hangzhouProvider,
      acceleratorId: 'nvidia-h100-sxm',
      regionCode: '330100',
      pricePerCardHourFen: '500',
    });
  });
  afterAll(async () => h.close());

  it('matches a Chengdu request to Guizhou at the domestic rate, settles it and pays the provider', async () => {
    const grantId = await approvedGrant(h, 'A', 'chengdu-compute');
    const enterprise = h.as('enterprise-admin@A');
    const asked = await enterprise.post(
      '/api/v1/exchange/requests',
      clearingRequestBody(chengduSme, grantId, '03'),
    );
    expect(asked.status, asked.text).toBe(201);
    // ¥10 a card-hour less 50 % is ¥5: above a maximum of ¥4, so this one waits.
    const tooCheap = await enterprise.post(
      '/api/v1/exchange/requests',
      clearingRequestBody(chengduSme, grantId, '03', {
        maxPriceAfterSubsidy: { per: 'card-hour', fen: '400' },
      }),
    );
    expect(tooCheap.status, tooCheap.text).toBe(201);

    const cleared = await h.as('operator-admin@A').post('/api/v1/exchange/clearing');
    expect(cleared.status, cleared.text).toBe(200);
    const report = cleared.json<{
      ordersCreated: Record<string, unknown>[];
      unmatched: { requestId: string }[];
    }>();
    expect(report.ordersCreated).toEqual([
      expect.objectContaining({
        requestId: asked.json<{ id: string }>().id,
        offerId: guizhouOffer,
        chipOrigin: 'domestic',
        cards: 8,
        window: { from: marchHour('03', 0), to: marchHour('03', 10) },
        cardHours: '80',
        amountFen: '80000',
        // Chengdu: 50 % of domestic compute, recorded for the enterprise's reimbursement claim.
        subsidyMode: 'reimburse-enterprise',
        programId: 'chengdu-compute',
        subsidyFen: '40000',
      }),
    ]);
    expect(report.unmatched).toEqual([
      expect.objectContaining({ requestId: tooCheap.json<{ id: string }>().id }),
    ]);
    const orderId = String(report.ordersCreated[0]?.id);

    // Each side reads why it got what it got.
    const requests = await enterprise.get('/api/v1/exchange/requests');
    const views = requests.json<{ items: { id: string; state: string; clearing: unknown }[] }>();
    expect(views.items.find((item) => item.id === asked.json<{ id: string }>().id)).toMatchObject({
      state: 'matched',
      clearing: { served: true, refusal: null },
    });
    expect(
      views.items.find((item) => item.id === tooCheap.json<{ id: string }>().id),
    ).toMatchObject({
      state: 'open',
      clearing: {
        served: false,
        binding: { kind: 'maximum-price', offerId: guizhouOffer, enterpriseFenPerCardHour: '500' },
      },
    });
    const offers = await h
      .as('provider-admin@A')
      .get(`/api/v1/exchange/offers?providerId=${guizhouProvider}`);
    expect(offers.json<{ items: { clearing: unknown }[] }>().items[0]?.clearing).toMatchObject({
      cardHoursSold: 80,
    });
    const imported = await h
      .as('enterprise-admin@A')
      .get('/api/v1/exchange/offers?origin=imported');
    expect(imported.json<{ items: { id: string; clearing: unknown }[] }>().items).toMatchObject([
      { id: importedOffer, clearing: { cardHoursSold: 0 } },
    ]);

    // The job ran: the provider reports signed usage after the window, the order settles.
    h.clock.advanceSeconds(27 * 3600);
    await h.relogin();
    const key = await providerKey(h, 'A', guizhouProvider);
    const usage = usageReport(
      orderId,
      key.fingerprint,
      { from: marchHour('03', 0), to: marchHour('03', 10) },
      'ascend-910b',
      80,
    );
    const settled = await postReport(h, 'A', usage, signReport(usage, key.privateKey));
    expect(settled.status, settled.text).toBe(201);
    expect(settled.json<{ order: unknown }>().order).toMatchObject({
      state: 'completed',
      settledFen: '80000',
      settledSubsidyFen: '40000',
    });
    const paid = await h.as('operator-admin@A').post('/api/v1/exchange/payouts');
    expect(paid.status, paid.text).toBe(200);
    expect(paid.json<{ items: unknown[] }>().items).toEqual([
      expect.objectContaining({ providerId: guizhouProvider, amountFen: '80000' }),
    ]);
    expect(await verifyLedger({ db: h.db })).toMatchObject({ ok: true });
    expect(await reconcileExchange({ sql: h.db })).toMatchObject({ ok: true, findings: [] });
  });
});
