import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Meter } from '../src/services/gateway/metering/index.ts';
import { createApiHarness, type ApiHarness } from './support/api-harness.ts';
import { setUpGatewayMoney, type GatewayMoneyWorld } from './support/gateway-money-fixtures.ts';

/**
 * The enterprise sees its model calls and their voucher / wallet split over REST, and its
 * balances settled / in flight / committed move while a gateway process holds a lease.
 */

let h: ApiHarness;
let world: GatewayMoneyWorld;
beforeAll(async () => {
  h = await createApiHarness();
  world = await setUpGatewayMoney(h.db, {
    voucherFen: 3_000n,
    walletFen: 0n,
    enterprise: h.tenants.enterpriseA,
    now: h.clock.now(),
  });
});
afterAll(async () => {
  await h.close();
});

interface Balances {
  wallet: { settledFen: string; inFlightFen: string; committedFen: string };
  vouchers: { grantId: string; settledFen: string; inFlightFen: string; committedFen: string }[];
  spendableFen: string;
}

const period = () => {
  const now = h.clock.now().getTime();
  return `from=${encodeURIComponent(new Date(now - 3_600_000).toISOString())}&to=${encodeURIComponent(new Date(now + 3_600_000).toISOString())}`;
};

describe('MaaS money over REST', () => {
  it('records deposits, shows leases in flight while calls run, and every call with its split', async () => {
    const enterprise = h.tenants.enterpriseA.id;
    const deposit = await h
      .as('operator-admin@A')
      .post(`/api/v1/enterprises/${enterprise}/gateway-wallet/deposits`, {
        amountFen: '7000',
        reference: 'bank transfer 1',
      });
    expect(deposit.status, deposit.text).toBe(201);
    const refused = await h
      .as('operator-admin@A')
      .post(`/api/v1/enterprises/${enterprise}/gateway-wallet/deposits`, {
        amountFen: '0',
        reference: 'nothing',
      });
    expect(refused.status).toBe(400);
    const admin = h.as('enterprise-admin@A');
    const before = (
      await admin.get(`/api/v1/enterprises/${enterprise}/gateway-wallet`)
    ).json<Balances>();
    expect(before.wallet).toMatchObject({
      settledFen: '7000',
      inFlightFen: '0',
      committedFen: '7000',
    });
    expect(before.vouchers).toHaveLength(1);

    const meter = new Meter({ db: h.db, clock: h.clock.now, leaseSliceFen: 500n });
    for (let index = 0; index < 12; index += 1) {
      const reservation = await meter.reserve({
        enterpriseId: enterprise,
        keyId: index % 2 === 0 ? 'key-even' : 'key-odd',
        requestId: `api-${index}`,
        model: world.filedModel,
        worstCase: { inputTokens: 100_000, outputTokens: 50_000 },
      });
      reservation.settle({ usage: { inputTokens: 50_000, outputTokens: 25_000 }, latencyMs: 40 });
    }
    await meter.flush();
    const during = (
      await admin.get(`/api/v1/enterprises/${enterprise}/gateway-wallet`)
    ).json<Balances>();
    // The process holds leases: money in flight, settled down by what was billed so far.
    expect(BigInt(during.wallet.inFlightFen)).toBeGreaterThan(0n);
    expect(BigInt(during.vouchers[0]?.inFlightFen ?? '0')).toBeGreaterThan(0n);
    expect(BigInt(during.wallet.settledFen)).toBeLessThan(7000n);

    const calls = await admin.get(`/api/v1/enterprises/${enterprise}/gateway-usage?${period()}`);
    expect(calls.status, calls.text).toBe(200);
    const items = calls.json<{
      items: { costMicroFen: string; voucherMicroFen: string; rateBps: number }[];
    }>().items;
    expect(items).toHaveLength(12);
    // 50,000 × 400 + 25,000 × 1,200 µfen = 50 fen; the filed model's voucher pays 30 %.
    expect(items[0]).toMatchObject({
      costMicroFen: '50000000',
      voucherMicroFen: '15000000',
      rateBps: 3000,
    });

    const byKey = await admin.get(`/api/v1/gateway-usage/summary?by=key&${period()}`);
    expect(
      byKey.json<{ groups: { group: string; calls: string; billedFen: string }[] }>().groups,
    ).toEqual([
      expect.objectContaining({ group: 'key-even', calls: '6', billedFen: '300' }),
      expect.objectContaining({ group: 'key-odd', calls: '6', billedFen: '300' }),
    ]);
    const csv = await admin.get(`/api/v1/enterprises/${enterprise}/gateway-usage.csv?${period()}`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('x-row-count')).toBe('12');
    const other = await h
      .as('enterprise-admin@B')
      .get(`/api/v1/enterprises/${enterprise}/gateway-usage?${period()}`);
    expect(other.status).toBe(404);

    await meter.close();
    const after = (
      await admin.get(`/api/v1/enterprises/${enterprise}/gateway-wallet`)
    ).json<Balances>();
    expect(after.wallet.inFlightFen).toBe('0');
    expect(after.vouchers[0]?.inFlightFen).toBe('0');
    // 12 calls of 50 fen: 180 from the voucher, 420 from the wallet.
    expect(after.wallet.settledFen).toBe('6580');
    expect(after.vouchers[0]?.settledFen).toBe('2820');
  });

  it('shows as spendable the voucher and the wallet before any call, unchanged by a lease, less what calls spent', async () => {
    const other = await setUpGatewayMoney(h.db, {
      voucherFen: 3_000n,
      walletFen: 7_000n,
      now: h.clock.now(),
    });
    const operator = h.as('operator-admin@A');
    const spendable = async () => {
      const response = await operator.get(
        `/api/v1/enterprises/${other.enterpriseId}/gateway-wallet`,
      );
      expect(response.status, response.text).toBe(200);
      return response.json<Balances>().spendableFen;
    };
    // No call yet: the grant's own reservation is still pending from the program's budget.
    expect(await spendable()).toBe('10000');
    const meter = new Meter({ db: h.db, clock: h.clock.now, leaseSliceFen: 500n });
    const reservation = await meter.reserve({
      enterpriseId: other.enterpriseId,
      requestId: 'spendable-1',
      model: other.filedModel,
      worstCase: { inputTokens: 100_000, outputTokens: 50_000 },
    });
    // A lease is open on both sides and a call holds from it: nothing is spent yet.
    expect(await spendable()).toBe('10000');
    reservation.settle({ usage: { inputTokens: 50_000, outputTokens: 25_000 }, latencyMs: 40 });
    await meter.flush();
    // One call of 50 fen (15 from the voucher, 35 from the wallet), posted by the round.
    expect(await spendable()).toBe('9950');
    await meter.close();
    expect(await spendable()).toBe('9950');
  });
});
