import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/client.ts';
import { walletAccountIds } from '../src/domain/gateway/account-plan.ts';
import { Meter } from '../src/services/gateway/metering/index.ts';
import { getBalances, verifyLedger } from '../src/services/ledger/index.ts';
import { reconcileVouchers } from '../src/services/vouchers/index.ts';
import { setUpGatewayMoney, type GatewayMoneyWorld } from './support/gateway-money-fixtures.ts';
import { createTestPglite } from './support/test-database.ts';

let db: Database;
let world: GatewayMoneyWorld;
beforeAll(async () => {
  db = await createTestPglite();
  world = await setUpGatewayMoney(db, { voucherFen: 3_000n, walletFen: 7_000n });
});
afterAll(async () => {
  await db.close();
});

async function grantAccount(): Promise<string> {
  const [row] = await db.query<{ account_id: string }>(
    'select account_id from voucher_grants where id = $1',
    [world.grantId],
  );
  if (!row) throw new Error('no grant');
  return row.account_id;
}

describe('the meter on one process', () => {
  it('splits each call at the program rate, settles whole fen with its records, and returns the lease on close', async () => {
    const meter = new Meter({ db, leaseSliceFen: 500n, leaseTimeoutSeconds: 30 });
    const worstCase = { inputTokens: 20_000, outputTokens: 10_000 };
    const costs = [];
    for (let index = 0; index < 40; index += 1) {
      const reservation = await meter.reserve({
        enterpriseId: world.enterpriseId,
        requestId: `one-${index}`,
        model: index % 4 === 3 ? world.unfiledModel : world.filedModel,
        worstCase,
      });
      costs.push(
        reservation.settle({
          usage: { inputTokens: 10_000 + index, outputTokens: 5_000 },
          latencyMs: 10,
        }),
      );
    }
    // Filed model: 30 % from the voucher; the other: none.
    expect(costs[0]).toMatchObject({
      totalMicroFen: 10_000_000n,
      voucherMicroFen: 3_000_000n,
      rateBps: 3000,
    });
    expect(costs[3]).toMatchObject({ voucherMicroFen: 0n, rateBps: 0 });
    const wallet = walletAccountIds(world.enterpriseId).wallet;
    const grant = await grantAccount();
    const [leased] = await getBalances({ sql: db, ids: [wallet] });
    expect(leased?.inFlightFen).toBeGreaterThan(0n);
    await meter.close();
    const records = await db.query<{ n: bigint; billed: bigint; voucher: bigint; wallet: bigint }>(
      `select count(*)::int8 as n, sum(billed_fen)::int8 as billed, sum(billed_voucher_fen)::int8 as voucher,
              sum(billed_wallet_fen)::int8 as wallet from gateway_usage_records where enterprise_id = $1`,
      [world.enterpriseId],
    );
    expect(records[0]?.n).toBe(40n);
    const [walletAfter, grantAfter] = await getBalances({ sql: db, ids: [wallet, grant] });
    expect(walletAfter?.inFlightFen).toBe(0n);
    expect(grantAfter?.inFlightFen).toBe(0n);
    expect(7_000n - (walletAfter?.settledFen ?? 0n)).toBe(records[0]?.wallet);
    expect(3_000n - (grantAfter?.settledFen ?? 0n)).toBe(records[0]?.voucher);
    const exact = costs.reduce((sum, cost) => sum + cost.totalMicroFen, 0n);
    expect(records[0]?.billed).toBe((exact + 999_999n) / 1_000_000n);
    expect(await verifyLedger({ db })).toMatchObject({ ok: true });
    // The voucher's share stayed in the program's accounts: its identity and grants reconcile.
    const report = await reconcileVouchers({
      sql: db,
      now: new Date(),
      programId: world.programId,
    });
    expect(report.findings).toEqual([]);
  });

  it('bills a released call nothing, a re-priced call once at the model that answered, and refuses what no balance covers', async () => {
    const small = await setUpGatewayMoney(db, { voucherFen: 10n, walletFen: 20n });
    const meter = new Meter({ db, leaseSliceFen: 5n, leaseTimeoutSeconds: 30 });
    const worstCase = { inputTokens: 2_000, outputTokens: 1_000 }; // 2 fen at most
    const released = await meter.reserve({
      enterpriseId: small.enterpriseId,
      requestId: 'small-released',
      model: small.filedModel,
      worstCase,
    });
    released.release();
    released.release(); // a second release does nothing
    const moved = await meter.reserve({
      enterpriseId: small.enterpriseId,
      requestId: 'small-fallback',
      model: small.filedModel,
      worstCase,
    });
    await moved.reprice({ model: small.unfiledModel, worstCase });
    const cost = moved.settle({ usage: { inputTokens: 1_000, outputTokens: 500 }, latencyMs: 5 });
    expect(cost).toMatchObject({ totalMicroFen: 1_000_000n, voucherMicroFen: 0n, rateBps: 0 });
    expect(() =>
      moved.settle({ usage: { inputTokens: 1, outputTokens: 1 }, latencyMs: 1 }),
    ).toThrow(/already settled/);
    // ¥0.30 in all cannot hold a call that may cost ¥1.00.
    await expect(
      meter.reserve({
        enterpriseId: small.enterpriseId,
        requestId: 'small-too-big',
        model: small.filedModel,
        worstCase: { inputTokens: 100_000, outputTokens: 50_000 },
      }),
    ).rejects.toMatchObject({ code: 'INSUFFICIENT_BALANCE' });
    await meter.close();
    const rows = await db.query<{ request_id: string; model_id: string; billed_fen: bigint }>(
      'select request_id, model_id, billed_fen from gateway_usage_records where enterprise_id = $1',
      [small.enterpriseId],
    );
    expect(rows).toEqual([
      { request_id: 'small-fallback', model_id: 'demo-unfiled', billed_fen: 1n },
    ]);
    const wallet = walletAccountIds(small.enterpriseId).wallet;
    const [balance] = await getBalances({ sql: db, ids: [wallet] });
    expect(balance).toMatchObject({ settledFen: 19n, inFlightFen: 0n });
  });
});
