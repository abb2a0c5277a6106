import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHarness, type ApiHarness } from './support/api-harness.ts';
import {
  moneyFootprint,
  postReport,
  providerKey,
  registerComputeCentre,
  registerSme,
  signReport,
  usageReport,
} from './support/exchange-fixtures.ts';
import { ed25519Pair } from './support/signing-keys.ts';

interface Received {
  reportId: string;
  outcome: string;
  refusalCode: string | null;
  cardHours: string;
  amountFen: string | null;
}

/**
 * What the provider looks back on per order: every usage report it sent, accepted with its
 * invoice or refused with the code (a refusal moves no money; its receipt is all it leaves), and
 * its payouts. Reports about another provider's order leave nothing.
 */
describe('exchange: an order’s received usage reports, accepted and refused', () => {
  let h: ApiHarness;
  let orderId: string;
  let providerId: string;
  let key: Awaited<ReturnType<typeof providerKey>>;
  const window = { from: '2026-03-03T00:00:00.000Z', to: '2026-03-04T00:00:00.000Z' };

  beforeAll(async () => {
    h = await createApiHarness();
    const enterpriseId = await registerSme(h, 'A', '330106');
    providerId = await registerComputeCentre(h, 'B', 'imported', '330100');
    key = await providerKey(h, 'B', providerId);
    const offer = await h.as('provider-admin@B').post('/api/v1/exchange/offers', {
      providerId,
      acceleratorId: 'nvidia-h100-sxm',
      cardCount: 8,
      regionCode: '330100',
      pueMilli: 1300,
      greenShareBps: 3000,
      pricePerCardHourFen: '2500',
      window,
      minTermHours: 4,
      splittable: true,
    });
    expect(offer.status, offer.text).toBe(201);
    const bought = await h
      .as('enterprise-admin@A')
      .post(`/api/v1/exchange/offers/${offer.json<{ id: string }>().id}/buy`, {
        enterpriseId,
        cards: 4,
        window,
      });
    expect(bought.status, bought.text).toBe(201);
    orderId = bought.json<{ id: string }>().id;
    h.clock.advanceSeconds(2 * 86_400);
    await h.relogin();
  });
  afterAll(async () => h.close());

  it('lists accepted reports with their invoices and refused ones with the code, in order', async () => {
    const report = (cardHours: number) =>
      usageReport(orderId, key.fingerprint, window, 'nvidia-h100-sxm', cardHours);
    const tooMuch = report(97);
    const before = await moneyFootprint(h);
    const refused = await postReport(h, 'B', tooMuch, signReport(tooMuch, key.privateKey));
    expect(refused.errorCode).toBe('USAGE_BEYOND_ORDER');
    // A minute apart: the list is in the order the reports arrived.
    h.clock.advanceSeconds(60);
    const forged = report(10);
    const forgedResponse = await postReport(
      h,
      'B',
      forged,
      signReport(forged, ed25519Pair().privateKey),
    );
    expect(forgedResponse.errorCode).toBe('USAGE_SIGNATURE_INVALID');
    h.clock.advanceSeconds(60);
    // The receipts move no money.
    expect(await moneyFootprint(h)).toEqual(before);
    const good = report(96);
    const accepted = await postReport(h, 'B', good, signReport(good, key.privateKey));
    expect(accepted.status, accepted.text).toBe(201);

    for (const reader of ['provider-admin@B', 'enterprise-admin@A', 'auditor@A'] as const) {
      const listed = await h.as(reader).get(`/api/v1/exchange/orders/${orderId}/usage-reports`);
      expect(listed.status, listed.text).toBe(200);
      expect(
        listed
          .json<{ items: Received[] }>()
          .items.map((item) => [
            item.reportId,
            item.outcome,
            item.refusalCode,
            item.cardHours,
            item.amountFen,
          ]),
      ).toEqual([
        [tooMuch.reportId, 'refused', 'USAGE_BEYOND_ORDER', '97', null],
        [forged.reportId, 'refused', 'USAGE_SIGNATURE_INVALID', '10', null],
        // 96 card-hours × ¥25.
        [good.reportId, 'accepted', null, '96', '240000'],
      ]);
    }
  });

  it('keeps no receipt of a report about another provider’s order', async () => {
    const otherId = await registerComputeCentre(h, 'A', 'imported', '330100');
    const otherKey = await providerKey(h, 'A', otherId);
    const stranger = usageReport(orderId, otherKey.fingerprint, window, 'nvidia-h100-sxm', 1);
    const response = await postReport(h, 'A', stranger, signReport(stranger, otherKey.privateKey));
    expect(response.status).toBe(404);
    const [count] = await h.db.query<{ n: number }>(
      'select count(*)::int as n from exchange_usage_refusals where report_id = $1',
      [stranger.reportId],
    );
    expect(count?.n).toBe(0);
  });

  it('lists the provider’s payouts after the payout run', async () => {
    const run = await h.as('operator-admin@A').post('/api/v1/exchange/payouts');
    expect(run.status, run.text).toBe(200);
    const paid = run.json<{ items: { id: string; providerId: string; amountFen: string }[] }>()
      .items;
    const listed = await h
      .as('provider-admin@B')
      .get(`/api/v1/exchange/providers/${providerId}/payouts`);
    expect(listed.status).toBe(200);
    const listedPairs = listed
      .json<{ items: { id: string; amountFen: string }[] }>()
      .items.map((payout) => [payout.id, payout.amountFen]);
    expect(listedPairs).toEqual(
      paid
        .filter((payout) => payout.providerId === providerId)
        .map((payout) => [payout.id, payout.amountFen]),
    );
    expect(paid.some((payout) => payout.providerId === providerId)).toBe(true);
  });
});
