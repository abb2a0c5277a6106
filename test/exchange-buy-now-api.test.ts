import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcileExchange } from '../src/services/exchange/index.ts';
import { verifyLedger } from '../src/services/ledger/index.ts';
import { reconcileVouchers } from '../src/services/vouchers/index.ts';
import { createApiHarness, type ApiHarness } from './support/api-harness.ts';
import {
  approvedGrant,
  moneyFootprint,
  postReport,
  providerKey,
  publishProgram,
  registerComputeCentre,
  registerSme,
  signReport,
  usageReport,
} from './support/exchange-fixtures.ts';
import { ed25519Pair } from './support/signing-keys.ts';

/**
 * End to end over HTTP: a Chengdu SME buys imported compute (NVIDIA H100 in Hangzhou 330100) at
 * once with its Chengdu voucher — 30 % for non-domestic compute, a reimbursement program, so the
 * subsidy is recorded for its claim and it owes the provider the whole amount — the provider
 * reports signed usage, the order settles, the payout run pays the provider, and the ledger
 * verifies. Then every kind of bad report is refused and moves nothing.
 */
describe('exchange: buy-now on an imported offer, signed usage, settlement, payout', () => {
  let h: ApiHarness;
  let providerId: string;
  let enterpriseId: string;
  let key: Awaited<ReturnType<typeof providerKey>>;
  let orderId: string;
  let contractNumber: string;
  let grantId: string;
  const window = { from: '2026-03-03T00:00:00.000Z', to: '2026-03-04T00:00:00.000Z' };

  beforeAll(async () => {
    h = await createApiHarness();
    await publishProgram(h, 'chengdu-compute');
    enterpriseId = await registerSme(h, 'A', '510104');
    providerId = await registerComputeCentre(h, 'B', 'imported', '330100');
    key = await providerKey(h, 'B', providerId);
  });
  afterAll(async () => h.close());

  it('lists the offer with its price per card-hour and per SCU', async () => {
    const created = await h.as('provider-admin@B').post('/api/v1/exchange/offers', {
      providerId,
      acceleratorId: 'nvidia-h100-sxm',
      cardCount: 16,
      regionCode: '330100',
      pueMilli: 1300,
      greenShareBps: 3000,
      pricePerCardHourFen: '2500',
      window: { from: '2026-03-03T00:00:00Z', to: '2026-03-10T00:00:00Z' },
      minTermHours: 4,
      splittable: true,
    });
    expect(created.status, created.text).toBe(201);
    const offer = created.json<{ id: string; hub: string; pricePerScuFen: string }>();
    expect(offer.hub).toBe('yangtze-delta');
    // ¥25 a card-hour on 989 TFLOPS: 2500 × 1000 / 989 = 2527.8… → 2528 fen an SCU (rounded up).
    expect(offer.pricePerScuFen).toBe('2528');
    const listed = await h.as('enterprise-admin@A').get('/api/v1/exchange/offers?origin=imported');
    expect(listed.json<{ items: { id: string; cardsFreeMin: number }[] }>().items).toEqual([
      expect.objectContaining({ id: offer.id, cardsFreeMin: 16 }),
    ]);

    grantId = await approvedGrant(h, 'A', 'chengdu-compute');
    const bought = await h
      .as('enterprise-admin@A')
      .post(`/api/v1/exchange/offers/${offer.id}/buy`, { enterpriseId, cards: 8, window, grantId });
    expect(bought.status, bought.text).toBe(201);
    const order = bought.json<Record<string, string>>();
    orderId = order.id ?? '';
    contractNumber = order.contractNumber ?? '';
    // 8 cards × 24 hours × ¥25 = ¥4,800; Chengdu pays 30 % of non-domestic compute: ¥1,440.
    expect(order).toMatchObject({
      cardHours: '192',
      amountFen: '480000',
      chipOrigin: 'imported',
      subsidyMode: 'reimburse-enterprise',
      programId: 'chengdu-compute',
      subsidyFen: '144000',
      state: 'active',
    });
    const after = await h.as('enterprise-admin@A').get('/api/v1/exchange/offers?origin=imported');
    expect(after.json<{ items: { cardsFreeMin: number }[] }>().items[0]?.cardsFreeMin).toBe(8);
    // More cards than are left in those hours: refused, nothing taken.
    const oversold = await h
      .as('enterprise-admin@A')
      .post(`/api/v1/exchange/offers/${offer.id}/buy`, { enterpriseId, cards: 9, window });
    expect(oversold.status).toBe(409);
    expect(oversold.errorCode).toBe('CAPACITY_EXHAUSTED');
  });

  it('refuses forged, altered, replayed, revoked-key and beyond-order reports, moving nothing', async () => {
    h.clock.advanceSeconds(2 * 86_400);
    await h.relogin();
    const before = await moneyFootprint(h);
    const expectRefused = async (
      report: ReturnType<typeof usageReport>,
      signature: string,
      code: string,
    ) => {
      const response = await postReport(h, 'B', report, signature);
      expect(response.errorCode, response.text).toBe(code);
      expect(await moneyFootprint(h)).toEqual(before);
    };
    const report = () => usageReport(orderId, key.fingerprint, window, 'nvidia-h100-sxm', 100);
    // Forged: signed with a key the platform never saw, naming the registered one.
    const forged = report();
    await expectRefused(
      forged,
      signReport(forged, ed25519Pair().privateKey),
      'USAGE_SIGNATURE_INVALID',
    );
    // Altered: signed, then the card-hours raised.
    const altered = report();
    const signature = signReport(altered, key.privateKey);
    await expectRefused(
      { ...altered, lines: [{ acceleratorId: 'nvidia-h100-sxm', cardHours: '150' }] },
      signature,
      'USAGE_SIGNATURE_INVALID',
    );
    // Signed by a key the provider revoked.
    const revoked = await providerKey(h, 'B', providerId);
    const revokedResponse = await h
      .as('provider-admin@B')
      .delete(`/api/v1/providers/${providerId}/signing-keys/${revoked.id}`);
    expect(revokedResponse.status, revokedResponse.text).toBe(200);
    const byRevoked = { ...report(), keyFingerprint: revoked.fingerprint };
    await expectRefused(
      byRevoked,
      signReport(byRevoked, revoked.privateKey),
      'SIGNING_KEY_REVOKED',
    );
    // Beyond the order: more card-hours than 8 cards over 24 hours, and a period outside it.
    const tooMuch = usageReport(orderId, key.fingerprint, window, 'nvidia-h100-sxm', 193);
    await expectRefused(tooMuch, signReport(tooMuch, key.privateKey), 'USAGE_BEYOND_ORDER');
    const outside = usageReport(
      orderId,
      key.fingerprint,
      { from: '2026-03-04T00:00:00.000Z', to: '2026-03-04T01:00:00.000Z' },
      'nvidia-h100-sxm',
      1,
    );
    await expectRefused(outside, signReport(outside, key.privateKey), 'USAGE_BEYOND_ORDER');
    // Replayed: accepted once, refused the second time.
    const first = usageReport(
      orderId,
      key.fingerprint,
      { from: window.from, to: '2026-03-03T12:00:00.000Z' },
      'nvidia-h100-sxm',
      96,
    );
    const firstSignature = signReport(first, key.privateKey);
    const accepted = await postReport(h, 'B', first, firstSignature);
    expect(accepted.status, accepted.text).toBe(201);
    const afterFirst = await moneyFootprint(h);
    const replayed = await postReport(h, 'B', first, firstSignature);
    expect(replayed.errorCode).toBe('USAGE_REPORT_REPLAYED');
    expect(await moneyFootprint(h)).toEqual(afterFirst);
  });

  it('settles the rest, pays the provider, and the ledger verifies', async () => {
    const rest = usageReport(
      orderId,
      key.fingerprint,
      { from: '2026-03-03T12:00:00.000Z', to: window.to },
      'nvidia-h100-sxm',
      96,
    );
    const settled = await postReport(h, 'B', rest, signReport(rest, key.privateKey));
    expect(settled.status, settled.text).toBe(201);
    // The subsidy's share is earned per card-hour, on the running total: 72,000 + 72,000 fen.
    const result = settled.json<{ order: Record<string, string> } & Record<string, unknown>>();
    expect(result).toMatchObject({
      amountFen: '240000',
      subsidyFen: '72000',
      enterpriseFen: '240000',
    });
    expect(result.order).toMatchObject({
      state: 'completed',
      settledFen: '480000',
      settledSubsidyFen: '144000',
    });
    const paid = await h.as('operator-admin@A').post('/api/v1/exchange/payouts');
    expect(paid.status, paid.text).toBe(200);
    expect(paid.json<{ items: unknown[] }>().items).toEqual([
      expect.objectContaining({ providerId, amountFen: '480000' }),
    ]);
    const again = await h.as('operator-admin@A').post('/api/v1/exchange/payouts');
    expect(again.json<{ items: unknown[] }>().items).toEqual([]);
    const statement = await h
      .as('provider-admin@B')
      .get(`/api/v1/exchange/providers/${providerId}/statement.csv`);
    expect(statement.status, statement.text).toBe(200);
    expect(statement.text.match(/^invoice,/gmu)).toHaveLength(2);
    expect(statement.text).toMatch(/^payout,.*,480000,4800\.00,/mu);
    expect(await verifyLedger({ db: h.db })).toMatchObject({ ok: true });
    expect(await reconcileExchange({ sql: h.db })).toMatchObject({
      ok: true,
      providers: 1,
      enterprises: 1,
      findings: [],
    });
    // The order is the contract the enterprise's reimbursement claim names: it must match it.
    const claim = (contractAmountFen: string, chipOrigin: string) =>
      h.as('enterprise-admin@A').post('/api/v1/claims', {
        grantId,
        providerId,
        contractId: contractNumber,
        contractSignedOn: '2026-03-02',
        contractAmountFen,
        purchase: { kind: 'compute', amountFen: contractAmountFen, chipOrigin },
      });
    expect((await claim('480001', 'imported')).errorCode).toBe('EXCHANGE_CONTRACT_MISMATCH');
    expect((await claim('480000', 'domestic')).errorCode).toBe('EXCHANGE_CONTRACT_MISMATCH');
    const matching = await claim('480000', 'imported');
    expect(matching.status, matching.text).toBe(201);
    expect((await claim('480000', 'imported')).errorCode).toBe('CONFLICT');
    const vouchers = await reconcileVouchers({ sql: h.db, now: h.clock.now() });
    expect(vouchers.findings).toEqual([]);
  });
});
