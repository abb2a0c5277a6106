import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db/client.ts';
import {
  LedgerBatcher,
  createTransfers,
  lookupAccounts,
  verifyLedger,
  type NewTransfer,
} from '../src/services/ledger/index.ts';
import { makeAccounts, transfer } from './ledger-support.ts';
import { createTestPostgres, type TestPostgres } from './support/test-database.ts';

/**
 * Fault injection on the real PostgreSQL cluster: a superuser terminates the backend that
 * writes ledger batches while they are in flight (between statements, in the middle of a
 * statement, or after the commit was sent but before the client heard of it). Every batch is
 * retried with the same ids until it succeeds. Afterwards every balance must equal the sum of
 * the intended transfers: nothing lost, nothing doubled, and the chain verifies.
 */

const APPLICATION = 'ledger-fault-writer';
const BATCHES = 24;
const BATCH_SIZE = 500;
const HOLDERS = 20;

let pg: TestPostgres;
let writer: Database;
beforeAll(async () => {
  pg = await createTestPostgres(4);
  // One connection, tagged so the killer can find its pid in pg_stat_activity.
  writer = await openDatabase({
    databaseUrl: `${pg.url}?application_name=${APPLICATION}`,
    poolSize: 1,
  });
});
afterAll(async () => {
  await writer.close();
  await pg.drop();
});

/** Batch `b`: source → holders (single transfers) and, every fifth, a pending with its post. */
function makeBatch(source: string, holders: readonly string[], b: number): NewTransfer[] {
  const batch: NewTransfer[] = [];
  for (let i = 0; batch.length < BATCH_SIZE; i += 1) {
    const holder = holders[(b * 7 + i) % holders.length] ?? '';
    const amountFen = BigInt(1 + ((b * BATCH_SIZE + i) % 97));
    if (i % 5 === 4) {
      const pending = transfer(source, holder, amountFen + 10n, { flags: { pending: true } });
      batch.push(pending, {
        ...transfer(source, holder, amountFen, { flags: { postPending: true } }),
        pendingId: pending.id,
      });
    } else {
      batch.push(transfer(source, holder, amountFen));
    }
  }
  return batch.slice(0, BATCH_SIZE);
}

/** What a holder should have received once every batch is in (a partial post posts its amount). */
function intended(batches: readonly NewTransfer[][]): Map<string, bigint> {
  const totals = new Map<string, bigint>();
  for (const t of batches.flat()) {
    if (t.flags?.pending === true) continue;
    totals.set(t.creditAccountId, (totals.get(t.creditAccountId) ?? 0n) + t.amountFen);
  }
  return totals;
}

/**
 * Terminates the writer's backend whenever it is busy, at irregular short intervals, until
 * `stop()` (which resolves with the number of backends terminated) or `maxKills`: a cap, so
 * that on a slow, loaded machine the writers still finish.
 */
async function startKiller(maxKills = 60): Promise<{ stop: () => Promise<number> }> {
  const admin = await pg.admin();
  let kills = 0;
  const control = { stop: false };
  const loop = (async () => {
    while (!control.stop && kills < maxKills) {
      const killed = await admin.query<{ pid: number }>(
        // The subquery is materialised (offset 0) so the filter runs before the kill.
        `select pid from (select pid from pg_stat_activity
                           where application_name = $1 and state <> 'idle' offset 0) busy
          where pg_terminate_backend(pid)`,
        [APPLICATION],
      );
      kills += killed.rowCount ?? 0;
      // Irregular pauses so the kill lands at different points of the batch.
      await new Promise((resolve) => setTimeout(resolve, 3 + ((kills * 7) % 23)));
    }
  })();
  return {
    stop: async () => {
      control.stop = true;
      await loop;
      await admin.end();
      return kills;
    },
  };
}

describe('ledger under backend terminations', () => {
  it('retrying killed batches with the same ids conserves every balance', async () => {
    const { source, holders } = await makeAccounts(pg.db, HOLDERS, { limited: true });
    const batches = Array.from({ length: BATCHES }, (_, b) => makeBatch(source, holders, b));
    const killer = await startKiller();
    let failures = 0;
    let kills = 0;
    const statusCounts = { created: 0, exists: 0 };
    try {
      for (const batch of batches) {
        for (let attempt = 1; ; attempt += 1) {
          try {
            const results = await createTransfers({ sql: writer, transfers: batch });
            for (const result of results) {
              if (result.status === 'failed') {
                throw new Error(`transfer ${result.id} failed: ${result.error.code}`);
              }
              statusCounts[result.status] += 1;
            }
            break;
          } catch (error) {
            // Only connection losses are expected; a failed transfer is a real bug.
            if (error instanceof Error && error.message.startsWith('transfer ')) throw error;
            failures += 1;
            if (attempt > 200) throw error;
          }
        }
      }
    } finally {
      kills = await killer.stop();
    }
    expect(kills).toBeGreaterThan(0);
    expect(failures).toBeGreaterThan(0);
    // Every transfer counted once as created, except those of batches whose commit went
    // through before the kill reached the client: those come back as 'exists' on retry.
    expect(statusCounts.created + statusCounts.exists).toBe(BATCHES * BATCH_SIZE);

    const ids = batches.flat().map((t) => t.id);
    const [stored] = await pg.db.query<{ rows: number; distinct: number }>(
      `select count(*)::int as rows, count(distinct id)::int as distinct
         from ledger_transfers where id = any($1::uuid[])`,
      [ids],
    );
    expect(stored).toEqual({ rows: ids.length, distinct: ids.length });

    const expected = intended(batches);
    const accounts = await lookupAccounts({ sql: pg.db, ids: [source, ...holders] });
    let totalFen = 0n;
    for (const account of accounts) {
      if (account.id === source) continue;
      expect(account).toMatchObject({
        creditsPostedFen: expected.get(account.id) ?? 0n,
        creditsPendingFen: 0n,
        debitsPostedFen: 0n,
      });
      totalFen += account.creditsPostedFen;
    }
    const sourceAccount = accounts.find((a) => a.id === source);
    expect(sourceAccount).toMatchObject({ debitsPostedFen: totalFen, debitsPendingFen: 0n });
    expect(await verifyLedger({ db: pg.db })).toMatchObject({ ok: true });
    console.log(
      `fault test: ${kills} backends terminated, ${failures} failed attempts, ` +
        `${statusCounts.exists} transfers found already committed on retry`,
    );
  });

  it('a commit whose acknowledgement was lost is found on retry, not applied twice', async () => {
    const { source, holders } = await makeAccounts(pg.db, 4, { limited: true });
    const batch = makeBatch(source, holders, 0);
    // The real transaction commits; then the caller is told the connection broke, as when the
    // backend dies after COMMIT but before its reply reaches the client.
    let lose = true;
    const lossy: Database = {
      ...pg.db,
      transaction: async (work) => {
        const result = await pg.db.transaction(work);
        if (lose) {
          lose = false;
          throw new Error('Connection terminated unexpectedly');
        }
        return result;
      },
    };
    await expect(createTransfers({ sql: lossy, transfers: batch })).rejects.toThrow(/terminated/);
    const retried = await createTransfers({ sql: lossy, transfers: batch });
    expect(retried.every((r) => r.status === 'exists')).toBe(true);
    const expected = intended([batch]);
    for (const account of await lookupAccounts({ sql: pg.db, ids: holders })) {
      expect(account.creditsPostedFen).toBe(expected.get(account.id) ?? 0n);
    }
    expect(await verifyLedger({ db: pg.db })).toMatchObject({ ok: true });
  });

  it('through LedgerBatcher: submitters resubmit rejected transfers, nothing doubles', async () => {
    const { source, holders } = await makeAccounts(pg.db, HOLDERS, { limited: true });
    const transfers = Array.from({ length: 6000 }, (_, i) =>
      transfer(source, holders[i % HOLDERS] ?? '', BigInt(1 + (i % 89))),
    );
    const batcher = new LedgerBatcher({ db: writer, maxBatch: 300 });
    const killer = await startKiller();
    let rejections = 0;
    let next = 0;
    const submitter = async (): Promise<void> => {
      for (let i = next++; i < transfers.length; i = next++) {
        const t = transfers[i] as NewTransfer;
        for (;;) {
          try {
            const result = await batcher.submit(t);
            expect(result.status === 'created' || result.status === 'exists').toBe(true);
            break;
          } catch {
            rejections += 1; // the batch's transaction died with its backend: same id again
          }
        }
      }
    };
    let kills = 0;
    try {
      await Promise.all(Array.from({ length: 200 }, submitter));
    } finally {
      kills = await killer.stop();
      await batcher.close();
    }
    expect(kills).toBeGreaterThan(0);
    expect(rejections).toBeGreaterThan(0);
    const [stored] = await pg.db.query<{ rows: number; distinct: number }>(
      `select count(*)::int as rows, count(distinct id)::int as distinct
         from ledger_transfers where id = any($1::uuid[])`,
      [transfers.map((t) => t.id)],
    );
    expect(stored).toEqual({ rows: transfers.length, distinct: transfers.length });
    const expected = intended([transfers]);
    for (const account of await lookupAccounts({ sql: pg.db, ids: holders })) {
      expect(account.creditsPostedFen).toBe(expected.get(account.id) ?? 0n);
    }
    expect(await verifyLedger({ db: pg.db })).toMatchObject({ ok: true });
  });
});
