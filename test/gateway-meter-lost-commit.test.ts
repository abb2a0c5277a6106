/**
 * A settlement round whose commit failed after all its work: it may have committed (the
 * connection broke after COMMIT was sent: the acknowledgement is lost) or not (the commit itself
 * failed: rolled back). The meter cannot tell which from the error. Written again blindly, a
 * committed round's records would be written twice (on embedded PGlite they go in by COPY, which
 * fails on records already stored: usage-record.ts) and its renewals would clash with their own
 * committed transfers in every round after; dropped, a rolled-back round's calls would go
 * unbilled. The meter asks `pg_xact_status` before it goes on. Whatever the faults, every call
 * has one record and the money moved is what the records say.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/client.ts';
import { walletAccountIds } from '../src/domain/gateway/account-plan.ts';
import { Meter } from '../src/services/gateway/metering/index.ts';
import { getBalances, verifyLedger } from '../src/services/ledger/index.ts';
import { setUpGatewayMoney } from './support/gateway-money-fixtures.ts';
import {
  createTestPglite,
  createTestPostgres,
  type TestPostgres,
} from './support/test-database.ts';

const WALLET_FEN = 7_000n;
const VOUCHER_FEN = 3_000n;

type Fault = 'none' | 'lost' | 'rolled-back';

let postgres: TestPostgres;
const databases: Partial<Record<'PGlite' | 'PostgreSQL', Database>> = {};
beforeAll(async () => {
  postgres = await createTestPostgres(4);
  databases.PGlite = await createTestPglite();
  databases.PostgreSQL = postgres.db;
});
afterAll(async () => {
  await databases.PGlite?.close();
  await postgres.drop();
});

/** Faults of each kind that hit a transaction, over the whole file. */
const faultsHit = { lost: 0, 'rolled-back': 0 };

/**
 * The real database, except that while a fault is armed the next transaction fails after all
 * its work: 'lost' commits and then reports a lost connection; 'rolled-back' rolls back.
 */
function faultyDatabase(database: Database) {
  let armed: Fault = 'none';
  const wrapped: Database = {
    ...database,
    transaction: async (work) => {
      const fault = armed;
      armed = 'none';
      if (fault === 'rolled-back') {
        return database.transaction(async (tx) => {
          await work(tx);
          faultsHit['rolled-back'] += 1;
          throw new Error('the commit failed');
        });
      }
      const result = await database.transaction(work);
      if (fault === 'lost') {
        faultsHit.lost += 1;
        throw new Error('connection lost after COMMIT');
      }
      return result;
    },
  };
  return { db: wrapped, arm: (fault: Fault) => (armed = fault) };
}

/**
 * The real PostgreSQL, except that the transaction after `holdNext()` does all its work and then
 * neither commits nor rolls back: the caller hears "connection lost" while the transaction is still
 * open on its connection, as when COMMIT is on its way. `end` then commits or rolls it back.
 */
function heldCommitDatabase(database: Database) {
  let holding = false;
  let release: ((ending: 'commit' | 'rollback') => void) | undefined;
  let ended: Promise<unknown> = Promise.resolve();
  const wrapped: Database = {
    ...database,
    transaction: async (work) => {
      if (!holding) return database.transaction(work);
      holding = false;
      const decided = new Promise<'commit' | 'rollback'>((resolve) => (release = resolve));
      // Settles when the work is done (or failed: then the caller hears that failure).
      let workDone!: (error?: Error) => void;
      const done = new Promise<void>((resolve, reject) => {
        workDone = (error) => (error ? reject(error) : resolve());
      });
      ended = database
        .transaction(async (tx) => {
          await work(tx).catch((error: unknown) => {
            workDone(error instanceof Error ? error : new Error('the round failed'));
            throw error;
          });
          workDone();
          if ((await decided) === 'rollback') throw new Error('rolled back on purpose');
        })
        .catch(() => undefined);
      await done;
      throw new Error('connection lost while COMMIT was on its way');
    },
  };
  return {
    db: wrapped,
    holdNext: () => (holding = true),
    end: async (ending: 'commit' | 'rollback') => {
      release?.(ending);
      await ended;
    },
  };
}

/** Calls in steps, each step's settlement round hit by its fault; then the checks. */
async function runSteps(db: Database, steps: readonly { calls: number; fault: Fault }[]) {
  const world = await setUpGatewayMoney(db, { voucherFen: VOUCHER_FEN, walletFen: WALLET_FEN });
  const faulty = faultyDatabase(db);
  const meter = new Meter({ db: faulty.db, leaseSliceFen: 500n, leaseTimeoutSeconds: 30 });
  let calls = 0;
  for (const step of steps) {
    for (let index = 0; index < step.calls; index += 1) {
      await billOneCall(meter, world, `faulty-round-${calls}`);
      calls += 1;
    }
    // The round that writes them (flush's, or one the meter started when a voucher ran out).
    faulty.arm(step.fault);
    await meter.flush().catch(() => undefined);
    faulty.arm('none');
  }
  await meter.close();
  await expectOneRecordPerCall(db, world, calls);
}

type World = Awaited<ReturnType<typeof setUpGatewayMoney>>;

/** One call reserved and settled on the filed model: 10 000 tokens in, 5 000 out. */
async function billOneCall(meter: Meter, world: World, requestId: string): Promise<void> {
  const reservation = await meter.reserve({
    enterpriseId: world.enterpriseId,
    requestId,
    model: world.filedModel,
    worstCase: { inputTokens: 20_000, outputTokens: 10_000 },
  });
  reservation.settle({ usage: { inputTokens: 10_000, outputTokens: 5_000 }, latencyMs: 10 });
}

/**
 * After the meter closed: one record per call, and the wallet and the voucher each moved by what
 * the records billed them, nothing still held.
 */
async function expectOneRecordPerCall(db: Database, world: World, calls: number) {
  const [records] = await db.query<{ n: number; wallet: bigint; voucher: bigint }>(
    `select count(*)::int as n, sum(billed_wallet_fen)::int8 as wallet,
            sum(billed_voucher_fen)::int8 as voucher
       from gateway_usage_records where enterprise_id = $1`,
    [world.enterpriseId],
  );
  expect(records?.n).toBe(calls);
  const [grant] = await db.query<{ account_id: string }>(
    'select account_id from voucher_grants where id = $1',
    [world.grantId],
  );
  const [wallet, voucher] = await getBalances({
    sql: db,
    ids: [walletAccountIds(world.enterpriseId).wallet, grant?.account_id ?? ''],
  });
  expect(wallet?.inFlightFen).toBe(0n);
  expect(voucher?.inFlightFen).toBe(0n);
  expect(WALLET_FEN - (wallet?.settledFen ?? 0n)).toBe(records?.wallet);
  expect(VOUCHER_FEN - (voucher?.settledFen ?? 0n)).toBe(records?.voucher);
  expect(records?.voucher).toBeGreaterThan(0n);
  expect(await verifyLedger({ db })).toMatchObject({ ok: true });
}

describe('settlement rounds whose commit failed after their work', () => {
  it.each(['PGlite', 'PostgreSQL'] as const)(
    'are neither written twice nor lost: a lost acknowledgement twice (%s)',
    async (engine) => {
      const db = databases[engine];
      if (!db) throw new Error('no database');
      const before = faultsHit.lost;
      await runSteps(db, [
        { calls: 20, fault: 'lost' },
        { calls: 10, fault: 'lost' },
      ]);
      expect(faultsHit.lost - before).toBe(2);
    },
  );

  it.each(['commits', 'rolls back'] as const)(
    'wait while the round is still committing, then finish it when it %s (PostgreSQL)',
    async (ending) => {
      const db = databases.PostgreSQL;
      if (!db) throw new Error('no database');
      const world = await setUpGatewayMoney(db, { voucherFen: VOUCHER_FEN, walletFen: WALLET_FEN });
      const held = heldCommitDatabase(db);
      const meter = new Meter({ db: held.db, leaseSliceFen: 500n, leaseTimeoutSeconds: 30 });
      for (let index = 0; index < 6; index += 1) await billOneCall(meter, world, `held-${index}`);
      // The round's work is done and its COMMIT not yet answered: the meter hears "connection lost".
      held.holdNext();
      await expect(meter.flush()).rejects.toThrow('connection lost');
      for (let index = 0; index < 4; index += 1) await billOneCall(meter, world, `later-${index}`);
      // pg_xact_status says "in progress": the meter neither writes again nor drops anything.
      await expect(meter.flush()).rejects.toThrow(/in progress, waiting/u);
      await held.end(ending === 'commits' ? 'commit' : 'rollback');
      await meter.flush();
      await meter.close();
      await expectOneRecordPerCall(db, world, 10);
    },
  );

  it('hold for any sequence of lost acknowledgements and failed commits (PGlite)', async () => {
    const db = databases.PGlite;
    if (!db) throw new Error('no database');
    const before = { ...faultsHit };
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            calls: fc.integer({ min: 1, max: 7 }),
            fault: fc.constantFrom<Fault>('none', 'lost', 'rolled-back'),
          }),
          { minLength: 1, maxLength: 4 },
        ),
        (steps) => runSteps(db, steps),
      ),
      { numRuns: 15 },
    );
    // The faults did hit rounds (not only transactions with nothing to write).
    expect(faultsHit.lost).toBeGreaterThan(before.lost);
    expect(faultsHit['rolled-back']).toBeGreaterThan(before['rolled-back']);
  });
});
