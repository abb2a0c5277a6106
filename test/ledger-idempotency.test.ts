import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/client.ts';
import {
  createTransfers,
  lookupAccounts,
  verifyLedger,
  type TransferResult,
} from '../src/services/ledger/index.ts';
import { makeAccounts, transfer } from './ledger-support.ts';
import {
  createTestPglite,
  createTestPostgres,
  type TestPostgres,
} from './support/test-database.ts';

/**
 * Idempotent retries on both drivers. `createTransfers` computes a batch as if its ids were
 * new and lets the unique index on `id` catch a retry (then recomputes knowing the stored
 * rows): these cases make sure the answer is the same as looking every id up first.
 */

let pg: TestPostgres;
let lite: Database;
beforeAll(async () => {
  pg = await createTestPostgres(4);
  lite = await createTestPglite();
});
afterAll(async () => {
  await pg.drop();
  await lite.close();
});

const statuses = (results: TransferResult[]): string[] =>
  results.map((r) => (r.status === 'failed' ? r.error.code : r.status));

describe.each([
  ['PostgreSQL', () => pg.db],
  ['PGlite', () => lite],
])('idempotent retries on %s', (_name, database) => {
  it('a retried batch mixed with new transfers: old ones exist, new ones apply once', async () => {
    const db = database();
    const { holders } = await makeAccounts(db, 2, { fundFen: 1000n });
    const [a, b] = holders as [string, string];
    const first = [transfer(a, b, 100n), transfer(a, b, 200n)];
    expect(statuses(await createTransfers({ sql: db, transfers: first }))).toEqual([
      'created',
      'created',
    ]);
    const fresh = transfer(a, b, 50n);
    const results = await createTransfers({
      sql: db,
      transfers: [first[0], fresh, first[1]].filter((t) => t !== undefined),
    });
    expect(statuses(results)).toEqual(['exists', 'created', 'exists']);
    const [account] = await lookupAccounts({ sql: db, ids: [a] });
    expect(account?.debitsPostedFen).toBe(350n);
    expect(await verifyLedger({ db })).toMatchObject({ ok: true });
  });

  it('a retry after the money is gone is still `exists`, not a balance failure', async () => {
    const db = database();
    const { holders } = await makeAccounts(db, 2, { fundFen: 1000n });
    const [a, b] = holders as [string, string];
    const spend = transfer(a, b, 700n);
    await createTransfers({ sql: db, transfers: [spend] });
    // Only 300 are left: computed as new, the retry would fail INSUFFICIENT_BALANCE.
    expect(statuses(await createTransfers({ sql: db, transfers: [spend] }))).toEqual(['exists']);
    // A changed body under a stored id is a conflict, whatever the balance says.
    expect(
      statuses(await createTransfers({ sql: db, transfers: [{ ...spend, amountFen: 900n }] })),
    ).toEqual(['IDEMPOTENCY_CONFLICT']);
    const [account] = await lookupAccounts({ sql: db, ids: [a] });
    expect(account?.debitsPostedFen).toBe(700n);
  });

  it('a retried member of a linked group makes the group exist, not apply twice', async () => {
    const db = database();
    const { holders } = await makeAccounts(db, 3, { fundFen: 1000n });
    const [a, b, c] = holders as [string, string, string];
    const group = [transfer(a, b, 100n, { flags: { linked: true } }), transfer(b, c, 100n)];
    expect(statuses(await createTransfers({ sql: db, transfers: group }))).toEqual([
      'created',
      'created',
    ]);
    expect(statuses(await createTransfers({ sql: db, transfers: group }))).toEqual([
      'exists',
      'exists',
    ]);
    const accounts = await lookupAccounts({ sql: db, ids: [a, b, c] });
    expect(accounts.map((x) => [x.debitsPostedFen, x.creditsPostedFen])).toEqual([
      [100n, 1000n],
      [100n, 1100n],
      [0n, 1100n],
    ]);
  });

  it("a retry inside the caller's transaction leaves the caller's own work intact", async () => {
    const db = database();
    const { holders } = await makeAccounts(db, 2, { fundFen: 1000n });
    const [a, b] = holders as [string, string];
    const once = transfer(a, b, 10n);
    await createTransfers({ sql: db, transfers: [once] });
    const fresh = transfer(a, b, 20n);
    const outcome = await db.transaction(async (tx) => {
      await tx.query('create temporary table caller_work (n int) on commit drop');
      await tx.query('insert into caller_work values (1)');
      const results = await createTransfers({ sql: tx, transfers: [once, fresh] });
      // The id conflict was rolled back to the ledger's savepoint, not the caller's start.
      const [row] = await tx.query<{ n: number }>('select count(*)::int as n from caller_work');
      return { results, callerRows: row?.n };
    });
    expect(statuses(outcome.results)).toEqual(['exists', 'created']);
    expect(outcome.callerRows).toBe(1);
    const [account] = await lookupAccounts({ sql: db, ids: [a] });
    expect(account?.debitsPostedFen).toBe(30n);
    expect(await verifyLedger({ db })).toMatchObject({ ok: true });
  });
});
