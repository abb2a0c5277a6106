import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelServicePayableId, walletAccountIds } from '../src/domain/gateway/account-plan.ts';
import { expirePendingTransfers, getBalances, verifyLedger } from '../src/services/ledger/index.ts';
import { reconcileVouchers } from '../src/services/vouchers/index.ts';
import { setUpGatewayMoney, type GatewayMoneyWorld } from './support/gateway-money-fixtures.ts';
import { createTestPostgres, type TestPostgres } from './support/test-database.ts';

/**
 * Zero overspend across processes: two gateway processes (child processes running the metering
 * library, test/support/gateway-meter-worker.ts) spend one enterprise's voucher and wallet, ¥1.00
 * in all, with 300 concurrent calls on a real PostgreSQL. Whatever the interleaving — and when
 * one process is killed mid-run — the money spent stays within ¥1.00 to the fen, equals the sum
 * of the usage records, and the ledger verifies.
 */

const VOUCHER_FEN = 30n;
const WALLET_FEN = 70n;
const LEASE_TIMEOUT_SECONDS = 3;

let pg: TestPostgres;
beforeAll(async () => {
  pg = await createTestPostgres(8);
});
afterAll(async () => {
  await pg.drop();
});

interface CallLine {
  requestId?: string;
  outcome?: 'ok' | 'refused';
  code?: string;
  done?: boolean;
}

interface Worker {
  child: ChildProcess;
  lines: CallLine[];
  exited: Promise<number | null>;
}

function startWorker(
  world: GatewayMoneyWorld,
  prefix: string,
  calls: number,
  waves: { waves: number; waveGapMs: number } = { waves: 1, waveGapMs: 0 },
): Worker {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/support/gateway-meter-worker.ts'],
    {
      env: {
        ...process.env,
        DATABASE_URL: pg.url,
        WORKER_CONFIG: JSON.stringify({
          enterpriseId: world.enterpriseId,
          model: {
            id: world.filedModel.id,
            providerId: world.filedModel.providerId,
            filedModel: true,
            inputFenPerMillion: world.filedModel.prices.inputFenPerMillion.toString(),
            outputFenPerMillion: world.filedModel.prices.outputFenPerMillion.toString(),
          },
          calls,
          prefix,
          sliceFen: '5',
          timeoutSeconds: LEASE_TIMEOUT_SECONDS,
          ...waves,
        }),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const lines: CallLine[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(JSON.parse(line) as CallLine);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, lines, exited };
}

async function grantAccountOf(world: GatewayMoneyWorld): Promise<string> {
  const [row] = await pg.db.query<{ account_id: string }>(
    'select account_id from voucher_grants where id = $1',
    [world.grantId],
  );
  if (!row) throw new Error('no grant');
  return row.account_id;
}

/** After every lease has ended or expired: what was spent, by the ledger and by the records. */
async function reckon(world: GatewayMoneyWorld) {
  await expirePendingTransfers({
    db: pg.db,
    now: new Date(Date.now() + 2 * LEASE_TIMEOUT_SECONDS * 1000),
  });
  const wallet = walletAccountIds(world.enterpriseId).wallet;
  const grant = await grantAccountOf(world);
  const payable = modelServicePayableId(world.providerId);
  const [walletBalance, grantBalance, payableBalance] = await getBalances({
    sql: pg.db,
    ids: [wallet, grant, payable],
  });
  const [records] = await pg.db.query<{ n: bigint; fen: bigint; voucher: bigint; wallet: bigint }>(
    `select count(*)::int8 as n, coalesce(sum(billed_fen), 0)::int8 as fen,
            coalesce(sum(billed_voucher_fen), 0)::int8 as voucher,
            coalesce(sum(billed_wallet_fen), 0)::int8 as wallet
       from gateway_usage_records where enterprise_id = $1`,
    [world.enterpriseId],
  );
  return {
    walletInFlightFen: walletBalance?.inFlightFen,
    grantInFlightFen: grantBalance?.inFlightFen,
    walletSpentFen: WALLET_FEN - (walletBalance?.settledFen ?? 0n),
    voucherSpentFen: VOUCHER_FEN - (grantBalance?.settledFen ?? 0n),
    providerOwedFen: payableBalance?.settledFen ?? 0n,
    records: records ?? { n: 0n, fen: 0n, voucher: 0n, wallet: 0n },
  };
}

function tally(lines: readonly CallLine[]): { ok: Set<string>; refusedCodes: string[] } {
  const ok = new Set<string>();
  const refusedCodes: string[] = [];
  for (const line of lines) {
    if (line.outcome === 'ok' && line.requestId) ok.add(line.requestId);
    if (line.outcome === 'refused') refusedCodes.push(line.code ?? '');
  }
  return { ok, refusedCodes };
}

describe('zero overspend with two gateway processes on PostgreSQL', () => {
  it('spends at most ¥1.00 over 300 concurrent calls, exactly what the usage records say', async () => {
    const world = await setUpGatewayMoney(pg.db, {
      voucherFen: VOUCHER_FEN,
      walletFen: WALLET_FEN,
    });
    const workers = [startWorker(world, 'a', 150), startWorker(world, 'b', 150)];
    expect(await Promise.all(workers.map((worker) => worker.exited))).toEqual([0, 0]);
    const lines = workers.flatMap((worker) => worker.lines);
    const { ok, refusedCodes } = tally(lines);
    expect(ok.size + refusedCodes.length).toBe(300);
    expect(new Set(refusedCodes)).toEqual(new Set(['INSUFFICIENT_BALANCE']));
    const money = await reckon(world);
    expect(money.walletInFlightFen).toBe(0n);
    expect(money.grantInFlightFen).toBe(0n);
    const spentFen = money.walletSpentFen + money.voucherSpentFen;
    expect(spentFen).toBeLessThanOrEqual(VOUCHER_FEN + WALLET_FEN);
    // The budget was really used, not refused from the start. What is left is what a lease held
    // that no call's worst case (2 fen) fitted into while the other process was refused, and the
    // leases' rounding margins (docs/gateway-money.md).
    expect(spentFen).toBeGreaterThan(50n);
    expect(money.records.n).toBe(BigInt(ok.size));
    expect(money.records.fen).toBe(spentFen);
    expect(money.records.voucher).toBe(money.voucherSpentFen);
    expect(money.records.wallet).toBe(money.walletSpentFen);
    expect(money.providerOwedFen).toBe(money.walletSpentFen);
    expect(await verifyLedger({ db: pg.db })).toMatchObject({ ok: true });
    const reconciled = await reconcileVouchers({
      sql: pg.db,
      now: new Date(),
      programId: world.programId,
    });
    expect(reconciled.findings).toEqual([]);
  });

  it('loses and doubles nothing when one process is killed mid-run: its lease expires back', async () => {
    const world = await setUpGatewayMoney(pg.db, {
      voucherFen: VOUCHER_FEN,
      walletFen: WALLET_FEN,
    });
    // The victim starts first and leases; the survivor's calls come in waves, the later ones
    // after the victim's lease has timed out, so they can spend what it held.
    const victim = startWorker(world, 'killed', 150, { waves: 15, waveGapMs: 20 });
    const deadline = Date.now() + 30_000;
    while (tally(victim.lines).ok.size < 5 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const survivor = startWorker(world, 'kept', 150, { waves: 3, waveGapMs: 2_000 });
    victim.child.kill('SIGKILL');
    expect(await victim.exited).toBeNull();
    expect(await survivor.exited).toBe(0);
    const kept = tally(survivor.lines);
    expect(kept.ok.size + kept.refusedCodes.length).toBe(150);
    expect(tally(victim.lines).ok.size).toBeGreaterThanOrEqual(5);
    expect(new Set(kept.refusedCodes).size).toBeLessThanOrEqual(1);
    const money = await reckon(world);
    expect(money.walletInFlightFen).toBe(0n);
    expect(money.grantInFlightFen).toBe(0n);
    const spentFen = money.walletSpentFen + money.voucherSpentFen;
    expect(spentFen).toBeLessThanOrEqual(VOUCHER_FEN + WALLET_FEN);
    // The victim's lease came back: the survivor spent most of the ¥1.00 after it expired.
    expect(spentFen).toBeGreaterThan(50n);
    // What the ledger moved is exactly what the records say, for both processes: the victim's
    // calls billed after its last round are gone from both, never from one only.
    expect(money.records.fen).toBe(spentFen);
    expect(money.records.voucher).toBe(money.voucherSpentFen);
    expect(money.records.wallet).toBe(money.walletSpentFen);
    const recorded = await pg.db.query<{ request_id: string }>(
      'select request_id from gateway_usage_records where enterprise_id = $1',
      [world.enterpriseId],
    );
    const victimOk = tally(victim.lines).ok;
    for (const { request_id: id } of recorded) {
      expect(kept.ok.has(id) || victimOk.has(id), id).toBe(true);
    }
    for (const id of kept.ok) expect(recorded.some((row) => row.request_id === id)).toBe(true);
    expect(money.providerOwedFen).toBe(money.walletSpentFen);
    expect(await verifyLedger({ db: pg.db })).toMatchObject({ ok: true });
    const reconciled = await reconcileVouchers({
      sql: pg.db,
      now: new Date(),
      programId: world.programId,
    });
    expect(reconciled.findings).toEqual([]);
  }, 120_000);
});
