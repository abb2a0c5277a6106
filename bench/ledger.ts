/**
 * Ledger throughput with one hot account (DESIGN §4): (a) a naive baseline, one transaction
 * per transfer, 16 concurrent clients; (b) the ledger's batched path (LedgerBatcher → one
 * transaction per batch with locks, guards, idempotency check and hash chain). Both on a
 * throw-away PostgreSQL cluster with fsync and synchronous_commit on. Also: p99 latency of a
 * single transfer submitted at 5,000/s through the batcher, and (b) on in-memory PGlite.
 *
 * Run: npm run bench:ledger   (last line: one JSON object)
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { v7 } from 'uuid';
import { openDatabase, type Database } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import {
  LedgerBatcher,
  createAccounts,
  createTransfers,
  verifyLedger,
  type NewTransfer,
  type TransferResult,
} from '../src/services/ledger/index.ts';
import { startPostgresCluster } from '../test/support/postgres-cluster.ts';

const LEDGER = 156;
const RECEIVERS = 1000;
const NAIVE_CLIENTS = 16;
const NAIVE_SECONDS = Number(process.env.BENCH_NAIVE_SECONDS ?? 8);
const BATCHED_TRANSFERS = Number(process.env.BENCH_TRANSFERS ?? 600_000);
const PGLITE_TRANSFERS = Number(process.env.BENCH_PGLITE_TRANSFERS ?? 200_000);
const WINDOW = 40_000;
const LATENCY_RATE_PER_SECOND = 5000;
const LATENCY_SECONDS = 4;

interface Fixture {
  hot: string;
  receivers: string[];
}

/** One hot budget account (limited, funded) and many receivers. */
async function setUp(db: Database): Promise<Fixture> {
  const treasury = v7();
  const hot = v7();
  const receivers = Array.from({ length: RECEIVERS }, () => v7());
  await createAccounts({
    sql: db,
    accounts: [
      { id: treasury, ledger: LEDGER, code: 1 },
      { id: hot, ledger: LEDGER, code: 2, flags: { debitsMustNotExceedCredits: true } },
      ...receivers.map((id) => ({ id, ledger: LEDGER, code: 3 })),
    ],
  });
  await createTransfers({
    sql: db,
    transfers: [transfer(treasury, hot, 9_000_000_000_000_000n)],
  });
  return { hot, receivers };
}

function transfer(debitAccountId: string, creditAccountId: string, amountFen: bigint): NewTransfer {
  return { id: v7(), debitAccountId, creditAccountId, amountFen, ledger: LEDGER, code: 10 };
}

function hotTransfer(fixture: Fixture, i: number): NewTransfer {
  return transfer(fixture.hot, fixture.receivers[i % RECEIVERS] ?? '', BigInt(1 + (i % 97)));
}

/** (a): per transfer one transaction: guarded debit update, credit update, insert. */
async function runNaive(url: string, fixture: Fixture): Promise<number> {
  const setup = new pg.Client({ connectionString: url });
  await setup.connect();
  await setup.query(`create table naive_transfers (id uuid primary key, debit_account_id uuid not null,
    credit_account_id uuid not null, amount_fen bigint not null check (amount_fen > 0),
    created_at timestamptz not null default now())`);
  await setup.end();
  let done = 0;
  const deadline = performance.now() + NAIVE_SECONDS * 1000;
  const client = async (): Promise<void> => {
    const connection = new pg.Client({ connectionString: url });
    await connection.connect();
    let i = 0;
    while (performance.now() < deadline) {
      const t = hotTransfer(fixture, (i += 1));
      await connection.query('begin');
      const debited = await connection.query(
        `update ledger_accounts set debits_posted = debits_posted + $2
          where id = $1 and (not debits_must_not_exceed_credits
                             or debits_pending + debits_posted + $2 <= credits_posted)`,
        [t.debitAccountId, t.amountFen.toString()],
      );
      if (debited.rowCount !== 1) throw new Error('naive: insufficient balance');
      await connection.query(
        'update ledger_accounts set credits_posted = credits_posted + $2 where id = $1',
        [t.creditAccountId, t.amountFen.toString()],
      );
      await connection.query(
        'insert into naive_transfers (id, debit_account_id, credit_account_id, amount_fen) values ($1, $2, $3, $4)',
        [t.id, t.debitAccountId, t.creditAccountId, t.amountFen.toString()],
      );
      await connection.query('commit');
      done += 1;
    }
    await connection.end();
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: NAIVE_CLIENTS }, client));
  return done / ((performance.now() - started) / 1000);
}

/** (b): many clients submit single transfers through the batcher; WINDOW in flight at once. */
async function runBatched(db: Database, fixture: Fixture, total: number): Promise<number> {
  const batcher = new LedgerBatcher({ db, maxBatch: 8192 });
  let next = 0;
  let failed = 0;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (next < total) {
      const result: TransferResult = await batcher.submit(hotTransfer(fixture, (next += 1)));
      if (result.status !== 'created') failed += 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(WINDOW, total) }, worker));
  const seconds = (performance.now() - started) / 1000;
  await batcher.close();
  if (failed > 0) throw new Error(`batched: ${failed} transfers failed`);
  return next / seconds;
}

/** p50/p99 latency of single transfers submitted at a steady rate through the batcher. */
async function runLatency(db: Database, fixture: Fixture): Promise<{ p50: number; p99: number }> {
  const batcher = new LedgerBatcher({ db });
  const latencies: number[] = [];
  const pending: Promise<void>[] = [];
  const total = LATENCY_RATE_PER_SECOND * LATENCY_SECONDS;
  const started = performance.now();
  for (let i = 0; i < total; i += 1) {
    const due = started + (i * 1000) / LATENCY_RATE_PER_SECOND;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const submitted = performance.now();
    pending.push(
      batcher.submit(hotTransfer(fixture, i)).then((result) => {
        if (result.status !== 'created') throw new Error('latency: transfer failed');
        latencies.push(performance.now() - submitted);
      }),
    );
  }
  await Promise.all(pending);
  await batcher.close();
  latencies.sort((a, b) => a - b);
  const at = (q: number): number =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return { p50: at(0.5), p99: at(0.99) };
}

async function main(): Promise<void> {
  const cluster = await startPostgresCluster();
  try {
    const admin = new pg.Client({ connectionString: cluster.adminUrl });
    await admin.connect();
    const settings = await admin.query<{ fsync: string; sync: string }>(
      `select current_setting('fsync') as fsync, current_setting('synchronous_commit') as sync`,
    );
    await admin.query('create database bench_naive');
    await admin.query('create database bench_batched');
    await admin.end();
    const durable = settings.rows[0];
    console.log(`PostgreSQL fsync=${durable?.fsync} synchronous_commit=${durable?.sync}`);
    const urlOf = (name: string): string => cluster.adminUrl.replace(/\/postgres$/, `/${name}`);

    const naiveDb = await openDatabase({ databaseUrl: urlOf('bench_naive'), poolSize: 4 });
    await migrate(naiveDb);
    const naiveFixture = await setUp(naiveDb);
    await naiveDb.close();
    const naive = await runNaive(urlOf('bench_naive'), naiveFixture);
    console.log(
      `(a) naive, one transaction per transfer, ${NAIVE_CLIENTS} clients: ${naive.toFixed(0)} transfers/s`,
    );

    const db = await openDatabase({ databaseUrl: urlOf('bench_batched'), poolSize: 4 });
    await migrate(db);
    const fixture = await setUp(db);
    await runBatched(db, fixture, 20_000); // warm-up
    const batched = await runBatched(db, fixture, BATCHED_TRANSFERS);
    console.log(`(b) batched ledger path, same hot account: ${batched.toFixed(0)} transfers/s`);
    const ratio = batched / naive;
    console.log(`ratio (b)/(a): ${ratio.toFixed(1)}x`);
    const latency = await runLatency(db, fixture);
    console.log(
      `single transfer at ${LATENCY_RATE_PER_SECOND}/s through the batcher: p50 ${latency.p50.toFixed(1)} ms, p99 ${latency.p99.toFixed(1)} ms`,
    );
    const verified = process.env.BENCH_VERIFY === '1' ? await verifyLedger({ db }) : null;
    if (verified) console.log(`verify: ${JSON.stringify(verified)}`);
    await db.close();

    const lite = await openDatabase({ dataDir: 'memory://' });
    await migrate(lite);
    const liteFixture = await setUp(lite);
    const pglite = await runBatched(lite, liteFixture, PGLITE_TRANSFERS);
    await lite.close();
    console.log(`(b) on PGlite (in memory, one process): ${pglite.toFixed(0)} transfers/s`);

    console.log(
      JSON.stringify({
        bench: 'ledger',
        naiveTransfersPerSecond: Math.round(naive),
        batchedTransfersPerSecond: Math.round(batched),
        ratio: Number(ratio.toFixed(1)),
        latencyRatePerSecond: LATENCY_RATE_PER_SECOND,
        latencyP50Ms: Number(latency.p50.toFixed(2)),
        latencyP99Ms: Number(latency.p99.toFixed(2)),
        pgliteBatchedTransfersPerSecond: Math.round(pglite),
        fsync: durable?.fsync,
        synchronousCommit: durable?.sync,
        targets: { batched: 60_000, ratio: 50, latencyP99Ms: 25 },
      }),
    );
  } finally {
    cluster.stop();
  }
}

await main();
