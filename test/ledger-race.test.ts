import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LedgerBatcher,
  createTransfers,
  expirePendingTransfers,
  lookupAccounts,
  lookupTransfers,
  verifyLedger,
  type NewTransfer,
  type TransferResult,
} from '../src/services/ledger/index.ts';
import { makeAccounts, transfer } from './ledger-support.ts';
import { createTestPostgres, type TestPostgres } from './support/test-database.ts';

/**
 * Races on the real PostgreSQL cluster: many connections call the ledger at once, and the
 * outcome must be what a serial execution would give (the lock order and the chain head
 * serialise appenders; the unique indexes are the backstop).
 */

let pg: TestPostgres;
beforeAll(async () => {
  pg = await createTestPostgres(16);
});
afterAll(async () => {
  await pg.drop();
});

/** Counts of each status, and of each error code among the failed. */
function tally(results: readonly TransferResult[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const result of results) {
    const key = result.status === 'failed' ? result.error.code : result.status;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

async function only(results: Promise<TransferResult[]>): Promise<TransferResult> {
  const [result, ...rest] = await results;
  expect(rest).toEqual([]);
  if (!result) throw new Error('no result');
  return result;
}

async function account(id: string) {
  const [found] = await lookupAccounts({ sql: pg.db, ids: [id] });
  if (!found) throw new Error(`account ${id} missing`);
  return found;
}

describe('ledger races on PostgreSQL', () => {
  it('64 concurrent reservations of a against B succeed exactly ⌊B/a⌋ times', async () => {
    const balanceFen = 1000n;
    const reserveFen = 37n; // 1000 = 27 × 37 + 1
    const { holders } = await makeAccounts(pg.db, 2, { fundFen: balanceFen });
    const [budget, payee] = holders as [string, string];
    const calls = Array.from({ length: 64 }, () =>
      only(
        createTransfers({
          sql: pg.db,
          transfers: [transfer(budget, payee, reserveFen, { flags: { pending: true } })],
        }),
      ),
    );
    const results = await Promise.all(calls);
    const expected = Number(balanceFen / reserveFen);
    expect(tally(results)).toEqual({ created: expected, INSUFFICIENT_BALANCE: 64 - expected });
    expect(await account(budget)).toMatchObject({
      debitsPendingFen: BigInt(expected) * reserveFen,
      debitsPostedFen: 0n,
      creditsPostedFen: balanceFen,
    });
    expect(await account(payee)).toMatchObject({
      creditsPendingFen: BigInt(expected) * reserveFen,
    });
    expect(await verifyLedger({ db: pg.db })).toMatchObject({ ok: true });
  });

  it('concurrent post and void of one pending transfer: exactly one wins (20 rounds)', async () => {
    const { holders } = await makeAccounts(pg.db, 2, { fundFen: 100_000n });
    const [budget, payee] = holders as [string, string];
    let expectedPostedFen = 0n;
    for (let round = 0; round < 20; round += 1) {
      const amountFen = BigInt(100 + round);
      const pending = transfer(budget, payee, amountFen, { flags: { pending: true } });
      expect((await only(createTransfers({ sql: pg.db, transfers: [pending] }))).status).toBe(
        'created',
      );
      const post = transfer(budget, payee, 0n, {
        flags: { postPending: true },
        pendingId: pending.id,
      });
      const voidIt = transfer(budget, payee, 0n, {
        flags: { voidPending: true },
        pendingId: pending.id,
      });
      // Alternate which one is sent first so neither always has the head start.
      const order = round % 2 === 0 ? [post, voidIt] : [voidIt, post];
      const results = await Promise.all(
        order.map((t) => only(createTransfers({ sql: pg.db, transfers: [t] }))),
      );
      expect(tally(results)).toEqual({ created: 1, PENDING_ALREADY_RESOLVED: 1 });
      const postWon = results[order.indexOf(post)]?.status === 'created';
      if (postWon) expectedPostedFen += amountFen;
      const stored = await lookupTransfers({ sql: pg.db, ids: [post.id, voidIt.id] });
      expect(stored.map((t) => t.kind)).toEqual([postWon ? 'post' : 'void']);
    }
    expect(await account(budget)).toMatchObject({
      debitsPendingFen: 0n,
      debitsPostedFen: expectedPostedFen,
    });
    expect(await account(payee)).toMatchObject({
      creditsPendingFen: 0n,
      creditsPostedFen: 100_000n + expectedPostedFen, // its funding plus what was posted
    });
    expect(await verifyLedger({ db: pg.db })).toMatchObject({ ok: true });
  });

  it('the same transfer id sent 20 times concurrently creates one transfer', async () => {
    const { holders } = await makeAccounts(pg.db, 2, { fundFen: 1000n });
    const [from, to] = holders as [string, string];
    const once = transfer(from, to, 250n);
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        only(createTransfers({ sql: pg.db, transfers: [{ ...once }] })),
      ),
    );
    expect(tally(results)).toEqual({ created: 1, exists: 19 });
    expect(await account(from)).toMatchObject({ debitsPostedFen: 250n, creditsPostedFen: 1000n });
    expect(await account(to)).toMatchObject({ creditsPostedFen: 1250n });
    const rows = await pg.db.query<{ n: number }>(
      'select count(*)::int as n from ledger_transfers where id = $1',
      [once.id],
    );
    expect(rows[0]?.n).toBe(1);
  });

  it('several batchers: reservations still capped, a repeated id still created once', async () => {
    const balanceFen = 10_000n;
    const reserveFen = 300n; // 10 000 = 33 × 300 + 100
    const { holders } = await makeAccounts(pg.db, 2, { fundFen: balanceFen });
    const [budget, payee] = holders as [string, string];
    const batchers = Array.from({ length: 4 }, () => new LedgerBatcher({ db: pg.db }));
    try {
      const repeated = transfer(payee, budget, 10n);
      const reservations: NewTransfer[] = Array.from({ length: 64 }, () =>
        transfer(budget, payee, reserveFen, { flags: { pending: true } }),
      );
      const submissions: Promise<TransferResult>[] = [];
      // Several submitters per batcher, interleaved, so batches hold many transfers each.
      reservations.forEach((t, i) => {
        submissions.push(batchers[i % batchers.length]?.submit(t) ?? Promise.reject(new Error()));
        if (i % 8 === 0) {
          const batcher = batchers[(i / 8) % batchers.length];
          submissions.push(batcher?.submit({ ...repeated }) ?? Promise.reject(new Error()));
        }
      });
      const results = await Promise.all(submissions);
      const reservationResults = results.filter((r) => r.id !== repeated.id);
      const repeatedResults = results.filter((r) => r.id === repeated.id);
      // The payee pays 10 back once: 10 010 still affords 33 reservations of 300, whatever
      // the order in which the batches land.
      const created = 33;
      expect(tally(reservationResults)).toEqual({ created, INSUFFICIENT_BALANCE: 64 - created });
      expect(tally(repeatedResults)).toEqual({ created: 1, exists: repeatedResults.length - 1 });
      expect(await account(budget)).toMatchObject({
        debitsPendingFen: BigInt(created) * reserveFen,
        creditsPostedFen: balanceFen + 10n,
      });
    } finally {
      await Promise.all(batchers.map((b) => b.close()));
    }
    expect(await verifyLedger({ db: pg.db })).toMatchObject({ ok: true });
  });

  it('a linked group under contention commits whole or not at all', async () => {
    const { holders } = await makeAccounts(pg.db, 3, { fundFen: 500n });
    const [a, b, c] = holders as [string, string, string];
    // Each group moves 100 from a to b and 100 from b to c; a can afford 5 groups.
    const groups = Array.from({ length: 12 }, () => [
      transfer(a, b, 100n, { flags: { linked: true } }),
      transfer(b, c, 100n),
    ]);
    const results = await Promise.all(
      groups.map((transfers) => createTransfers({ sql: pg.db, transfers })),
    );
    const whole = results.filter((r) => r.every((x) => x.status === 'created')).length;
    const none = results.filter((r) => r.every((x) => x.status === 'failed')).length;
    expect(whole).toBe(5);
    expect(none).toBe(7);
    expect(await account(a)).toMatchObject({ debitsPostedFen: 500n });
    expect(await account(b)).toMatchObject({ creditsPostedFen: 1000n, debitsPostedFen: 500n });
    expect(await account(c)).toMatchObject({ creditsPostedFen: 1000n });
    const ids = groups.flat().map((t) => t.id);
    expect(await lookupTransfers({ sql: pg.db, ids })).toHaveLength(10);
  });

  it('expiry sweep racing a late post of the same pending: released exactly once', async () => {
    const { holders } = await makeAccounts(pg.db, 2, { fundFen: 10_000n });
    const [budget, payee] = holders as [string, string];
    const created = new Date('2026-01-01T00:00:00Z');
    const late = new Date(created.getTime() + 61_000);
    const pendings = Array.from({ length: 10 }, () =>
      transfer(budget, payee, 100n, { flags: { pending: true }, timeoutSeconds: 60 }),
    );
    await createTransfers({ sql: pg.db, transfers: pendings, now: created });
    // For each pending a late post (which expires it lazily) races one sweep for all of them.
    const [sweep, ...posts] = await Promise.all([
      expirePendingTransfers({ db: pg.db, now: late }),
      ...pendings.map((p) =>
        only(
          createTransfers({
            sql: pg.db,
            now: late,
            transfers: [
              transfer(budget, payee, 0n, { flags: { postPending: true }, pendingId: p.id }),
            ],
          }),
        ),
      ),
    ]);
    expect(tally(posts)).toEqual({ PENDING_EXPIRED: 10 });
    const [rows] = await pg.db.query<{ n: number }>(
      `select count(*)::int as n from ledger_transfers where kind = 'expire'
          and pending_id = any($1::uuid[])`,
      [pendings.map((p) => p.id)],
    );
    expect(rows?.n).toBe(10); // one expiry per pending, whoever wrote it
    expect(sweep.expired).toBeLessThanOrEqual(10);
    expect(await account(budget)).toMatchObject({ debitsPendingFen: 0n, debitsPostedFen: 0n });
    expect(await account(payee)).toMatchObject({ creditsPendingFen: 0n });
    expect(await verifyLedger({ db: pg.db })).toMatchObject({ ok: true });
  });
});
