/**
 * Model vouchers spent by the gateway: a grant the calls spend to zero becomes `exhausted` by the
 * voucher lifecycle's own rule (as a claim that takes its last fen makes it), and an enterprise
 * with two model vouchers spends them one after the other, the soonest-expiring first — one
 * voucher per lease. Property: over random calls, no grant pays more than it had, the first is
 * spent before the second pays, and every call's charge is its voucher part plus its wallet part,
 * as the ledger moved them.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/client.ts';
import { walletAccountIds } from '../src/domain/gateway/account-plan.ts';
import { Meter } from '../src/services/gateway/metering/index.ts';
import { getBalances, verifyLedger } from '../src/services/ledger/index.ts';
import { publishProgramVersion } from '../src/services/programs/index.ts';
import { hangzhouProgramYaml } from './support/catalog-fixtures.ts';
import { addModelVoucher, setUpGatewayMoney } from './support/gateway-money-fixtures.ts';
import { createTestPglite } from './support/test-database.ts';

let db: Database;
beforeAll(async () => {
  db = await createTestPglite();
});
afterAll(async () => {
  await db.close();
});

async function grantRow(id: string): Promise<{ state: string; accountId: string }> {
  const [row] = await db.query<{ state: string; account_id: string }>(
    'select state, account_id from voucher_grants where id = $1',
    [id],
  );
  if (!row) throw new Error(`no grant ${id}`);
  return { state: row.state, accountId: row.account_id };
}

describe('model vouchers spent through the gateway', () => {
  it('spends two vouchers one after the other, marks each exhausted, and never past either', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.bigInt({ min: 1n, max: 40n }),
        fc.bigInt({ min: 1n, max: 40n }),
        fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 12, maxLength: 30 }),
        async (firstFen, secondFen, callFen) => {
          const now = new Date();
          const year = now.getUTCFullYear();
          const world = await setUpGatewayMoney(db, {
            voucherFen: firstFen,
            walletFen: 100_000n,
            now,
          });
          // A second program, and its voucher expiring later than the first.
          const secondProgram = `${world.programId}-b`;
          await publishProgramVersion({
            sql: db,
            yamlText: hangzhouProgramYaml({ year, id: secondProgram }),
            publishedBy: 'test',
            now,
          });
          const second = await addModelVoucher(db, {
            programId: secondProgram,
            enterpriseId: world.enterpriseId,
            voucherFen: secondFen,
            expiresOn: `${year + 1}-09-30`,
            now,
          });
          const meter = new Meter({ db, roundIntervalMs: 1_000_000, leaseTimeoutSeconds: 60 });
          // A fen per token in, nothing out: a call of n tokens costs n fen, 30 % from a voucher.
          const model = {
            ...world.filedModel,
            prices: { inputFenPerMillion: 1_000_000n, outputFenPerMillion: 0n },
          };
          for (const [index, fen] of callFen.entries()) {
            const reservation = await meter.reserve({
              enterpriseId: world.enterpriseId,
              requestId: `${world.enterpriseId}-${index}`,
              model,
              worstCase: { inputTokens: fen, outputTokens: 0 },
            });
            reservation.settle({ usage: { inputTokens: fen, outputTokens: 0 }, latencyMs: 1 });
            await meter.flush();
          }
          await meter.close();
          const records = await db.query<{
            grant_id: string | null;
            billed: bigint;
            voucher: bigint;
            wallet: bigint;
            n: bigint;
          }>(
            `select grant_id, sum(billed_fen)::int8 as billed, sum(billed_voucher_fen)::int8 as voucher,
                    sum(billed_wallet_fen)::int8 as wallet, count(*)::int8 as n
               from gateway_usage_records where enterprise_id = $1 group by grant_id`,
            [world.enterpriseId],
          );
          const byGrant = new Map(records.map((row) => [row.grant_id, row]));
          const first = await grantRow(world.grantId);
          const next = await grantRow(second);
          const [firstBalance, nextBalance, wallet] = await getBalances({
            sql: db,
            ids: [first.accountId, next.accountId, walletAccountIds(world.enterpriseId).wallet],
          });
          const paidFirst = byGrant.get(world.grantId)?.voucher ?? 0n;
          const paidNext = byGrant.get(second)?.voucher ?? 0n;
          // No grant pays past what it had, and the ledger moved what the records say.
          expect(paidFirst).toBeLessThanOrEqual(firstFen);
          expect(paidNext).toBeLessThanOrEqual(secondFen);
          expect(firstBalance?.settledFen).toBe(firstFen - paidFirst);
          expect(nextBalance?.settledFen).toBe(secondFen - paidNext);
          let billed = 0n;
          let walletPaid = 0n;
          for (const row of records) {
            expect(row.billed).toBe(row.voucher + row.wallet);
            billed += row.billed;
            walletPaid += row.wallet;
          }
          expect(billed).toBe(BigInt(callFen.reduce((sum, fen) => sum + fen, 0)));
          expect(wallet?.settledFen).toBe(100_000n - walletPaid);
          expect(billed).toBe(paidFirst + paidNext + walletPaid);
          // The soonest-expiring voucher first: the second pays only once the first is spent,
          // and a voucher spent to zero is exhausted, as the voucher lifecycle marks it.
          if (paidNext > 0n) expect(paidFirst).toBe(firstFen);
          expect(first.state).toBe(paidFirst === firstFen ? 'exhausted' : 'active');
          expect(next.state).toBe(paidNext === secondFen ? 'exhausted' : 'active');
          expect(await verifyLedger({ db })).toMatchObject({ ok: true });
        },
      ),
      { numRuns: 4 },
    );
  });
});
