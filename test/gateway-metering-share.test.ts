import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/client.ts';
import { Meter } from '../src/services/gateway/metering/index.ts';
import { topUpFen } from '../src/services/gateway/metering/renew-leases.ts';
import { verifyLedger } from '../src/services/ledger/index.ts';
import { setUpGatewayMoney, type GatewayMoneyWorld } from './support/gateway-money-fixtures.ts';
import { createTestPglite } from './support/test-database.ts';

/**
 * Two gateway processes serving one enterprise whose voucher and wallet are nearly spent: each
 * process's lease gets a share, so neither bills its calls without the voucher while the other
 * holds the rest idle.
 */

const MICRO_FEN_PER_FEN = 1_000_000n;

describe('what a lease top-up takes', () => {
  it('covers the calls first, adds at most the slice, and leaves others half of the spare', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.bigInt({ min: 0n, max: 10n ** 6n }),
        fc.bigInt({ min: -(10n ** 6n), max: 10n ** 7n }),
        (wantedMicroFen, sliceFen, availableFen) => {
          const taken = topUpFen(wantedMicroFen, sliceFen, availableFen);
          const wantedFen = (wantedMicroFen + MICRO_FEN_PER_FEN - 1n) / MICRO_FEN_PER_FEN;
          const available = availableFen > 0n ? availableFen : 0n;
          expect(taken).toBeGreaterThanOrEqual(0n);
          expect(taken).toBeLessThanOrEqual(available);
          // The calls' need is met whenever the account can meet it.
          expect(taken).toBeGreaterThanOrEqual(wantedFen < available ? wantedFen : available);
          expect(taken).toBeLessThanOrEqual(
            wantedFen + sliceFen > available ? available : wantedFen + sliceFen,
          );
          if (wantedFen < available) {
            const spare = available - wantedFen;
            // At most half of the spare, rounded up; the full slice when the spare is large.
            expect(taken - wantedFen).toBeLessThanOrEqual((spare + 1n) / 2n);
            if (2n * sliceFen <= spare) expect(taken - wantedFen).toBe(sliceFen);
          }
        },
      ),
      { numRuns: 2_000 },
    );
  });
});

let db: Database;
let world: GatewayMoneyWorld;
beforeAll(async () => {
  db = await createTestPglite();
  world = await setUpGatewayMoney(db, { voucherFen: 300n, walletFen: 700n });
});
afterAll(async () => {
  await db.close();
});

describe('two gateway processes and a nearly spent voucher', () => {
  it('gives the second process a share of the voucher: its calls get the program rate too', async () => {
    const first = new Meter({ db, leaseTimeoutSeconds: 30 });
    const second = new Meter({ db, leaseTimeoutSeconds: 30 });
    const call = async (meter: Meter, requestId: string) => {
      const reservation = await meter.reserve({
        enterpriseId: world.enterpriseId,
        requestId,
        model: world.filedModel,
        worstCase: { inputTokens: 2_000, outputTokens: 1_000 },
      });
      return reservation.settle({ usage: { inputTokens: 1_000, outputTokens: 500 }, latencyMs: 5 });
    };
    const costs = [];
    for (let index = 0; index < 5; index += 1) {
      costs.push(await call(first, `share-a-${index}`), await call(second, `share-b-${index}`));
    }
    // The slice (¥10 by default) is far above the ¥3 voucher: without the halving the first
    // process leased all of it, and the second billed 0 % from the voucher.
    for (const cost of costs) {
      expect(cost.rateBps).toBe(3000);
      expect(cost.voucherMicroFen).toBe((cost.totalMicroFen * 3000n) / 10_000n);
    }
    await first.close();
    await second.close();
    const [spent] = await db.query<{ voucher: bigint; wallet: bigint }>(
      `select sum(billed_voucher_fen)::int8 as voucher, sum(billed_wallet_fen)::int8 as wallet
         from gateway_usage_records where enterprise_id = $1`,
      [world.enterpriseId],
    );
    expect(spent?.voucher).toBeGreaterThan(0n);
    expect(await verifyLedger({ db })).toMatchObject({ ok: true });
  });
});
