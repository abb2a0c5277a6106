/**
 * Ledger throughput with one hot account (docs/architecture.md#the-ledger): (a) a naive baseline,
 * one transaction per transfer, 16 concurrent clients; (b) the ledger's batched path (LedgerBatcher
 * → one transaction per batch with locks, guards, idempotency check and hash chain; the next batch
 * computed while the previous one is in the database). Both on a throw-away PostgreSQL cluster with
 * fsync and synchronous_commit on. Also: p99 latency of a single transfer submitted at 5,000/s
 * through the batcher, and (b) on in-memory PGlite.
 *
 * Run: npm run bench:ledger   (last line: one JSON object)
 */
import { readFileSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { v7 } from 'uuid';
import { openDatabase, type Database } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import {
  LedgerBatcher,
  createAccounts,
  type BatcherStats,
  createTransfers,
  verifyLedger,
  type NewTransfer,
  type TransferResult,
} from '../src/services/ledger/index.ts';
import { startPostgresCluster } from '../test/support/postgres-cluster.ts';
import { ORM_ROWS, runOrmComparison, type Measured } from './ledger-orm.ts';

const LEDGER = 156;
const RECEIVERS = 1000;
const NAIVE_CLIENTS = 16;
const NAIVE_SECONDS = Number(process.env.BENCH_NAIVE_SECONDS ?? 8);
const BATCHED_TRANSFERS = Number(process.env.BENCH_TRANSFERS ?? 600_000);
const PGLITE_TRANSFERS = Number(process.env.BENCH_PGLITE_TRANSFERS ?? 200_000);
const WINDOW = 40_000;
const LATENCY_RATE_PER_SECOND = 5000;
const LATENCY_SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? 10);

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

/**
 * CPU time (ms) used so far by a PostgreSQL cluster: its postmaster (with the reaped backends
 * in cutime/cstime) plus its live children, from /proc. Null where /proc is missing. Wall-clock
 * rates on a shared machine depend on the neighbours; CPU per transfer does much less.
 */
function clusterCpuMs(postmasterPid: number | null): number | null {
  if (postmasterPid === null) return null;
  const fields = (pid: string): string[] | null => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    } catch {
      return null; // exited meanwhile
    }
  };
  const ticks = (f: string[], from: number, count: number): number =>
    f.slice(from, from + count).reduce((sum, value) => sum + Number(value), 0);
  const master = fields(String(postmasterPid));
  if (!master) return null;
  let total = ticks(master, 11, 4); // utime, stime, cutime, cstime
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const f = fields(pid);
    if (f?.[1] === String(postmasterPid)) total += ticks(f, 11, 2);
  }
  return total * 10; // USER_HZ = 100
}

/** The postmaster's pid: the parent of a backend. */
async function findPostmaster(url: string): Promise<number | null> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
  try {
    // Read while the backend lives: after `end()` it may be gone before /proc is read.
    const stat = readFileSync(`/proc/${rows[0]?.pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  } finally {
    await client.end();
  }
}

/** Runs `work` (which returns how many transfers it made) and measures rate and CPU. */
async function measure(postmaster: number | null, work: () => Promise<number>): Promise<Measured> {
  const pgBefore = clusterCpuMs(postmaster);
  const nodeBefore = process.cpuUsage();
  const started = performance.now();
  const count = await work();
  const seconds = (performance.now() - started) / 1000;
  const node = process.cpuUsage(nodeBefore);
  const pgAfter = clusterCpuMs(postmaster);
  return {
    perSecond: count / seconds,
    nodeCpuMicrosPerTransfer: (node.user + node.system) / count,
    postgresCpuMicrosPerTransfer:
      pgBefore === null || pgAfter === null ? null : ((pgAfter - pgBefore) * 1000) / count,
  };
}

function describeCpu(m: Measured): string {
  const pgPart =
    m.postgresCpuMicrosPerTransfer === null
      ? ''
      : `, PostgreSQL ${m.postgresCpuMicrosPerTransfer.toFixed(1)} µs`;
  return `CPU per transfer: Node ${m.nodeCpuMicrosPerTransfer.toFixed(1)} µs${pgPart}`;
}

async function createNaiveTable(url: string): Promise<void> {
  const setup = new pg.Client({ connectionString: url });
  await setup.connect();
  await setup.query(`create table naive_transfers (id uuid primary key, debit_account_id uuid not null,
    credit_account_id uuid not null, amount_fen bigint not null check (amount_fen > 0),
    created_at timestamptz not null default now())`);
  await setup.end();
}

/**
 * (a): per transfer one transaction: guarded debit update, credit update, insert; NAIVE_CLIENTS
 * connections at once, all debiting the hot account. Returns how many transfers were made.
 */
async function runNaive(url: string, fixture: Fixture): Promise<number> {
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
  await Promise.all(Array.from({ length: NAIVE_CLIENTS }, client));
  return done;
}

/**
 * (b): many clients submit single transfers through the batcher; WINDOW in flight at once.
 * Returns how many transfers were made.
 */
async function runBatched(
  db: Database,
  fixture: Fixture,
  total: number,
  stats?: (stats: BatcherStats) => void,
): Promise<number> {
  const batcher = new LedgerBatcher({ db });
  let next = 0;
  let failed = 0;
  const worker = async (): Promise<void> => {
    while (next < total) {
      const result: TransferResult = await batcher.submit(hotTransfer(fixture, (next += 1)));
      if (result.status !== 'created') failed += 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(WINDOW, total) }, worker));
  await batcher.close();
  stats?.(batcher.stats);
  if (failed > 0) throw new Error(`batched: ${failed} transfers failed`);
  return next;
}

/**
 * p50/p99 latency of single transfers submitted at a steady rate through the batcher, from the
 * moment each is submitted; `p99FromScheduleMs` counts from when it was due instead, so it
 * also includes how late this process itself was in submitting it (no coordinated omission).
 */
async function runLatency(
  db: Database,
  fixture: Fixture,
): Promise<{ p50: number; p99: number; max: number; p99FromScheduleMs: number }> {
  const batcher = new LedgerBatcher({ db });
  const latencies: number[] = [];
  const fromSchedule: number[] = [];
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
        fromSchedule.push(performance.now() - due);
      }),
    );
  }
  await Promise.all(pending);
  await batcher.close();
  const at = (values: number[], q: number): number =>
    values.sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))] ?? NaN;
  return {
    p50: at(latencies, 0.5),
    p99: at(latencies, 0.99),
    max: at(latencies, 1),
    p99FromScheduleMs: at(fromSchedule, 0.99),
  };
}

const round1 = (value: number | null): number | null =>
  value === null ? null : Math.round(value * 10) / 10;

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
    await admin.query('create database bench_orm');
    await admin.end();
    const durable = settings.rows[0];
    console.log(`PostgreSQL fsync=${durable?.fsync} synchronous_commit=${durable?.sync}`);
    const loadBefore = loadavg()[0] ?? 0;
    console.log(`load average (1 min) at start: ${loadBefore.toFixed(2)}`);
    const urlOf = (name: string): string => cluster.adminUrl.replace(/\/postgres$/, `/${name}`);
    const postmaster = await findPostmaster(cluster.adminUrl);

    const naiveDb = await openDatabase({ databaseUrl: urlOf('bench_naive'), poolSize: 4 });
    await migrate(naiveDb);
    const naiveFixture = await setUp(naiveDb);
    await naiveDb.close();
    await createNaiveTable(urlOf('bench_naive'));
    const naiveRun = await measure(postmaster, () => runNaive(urlOf('bench_naive'), naiveFixture));
    const naive = naiveRun.perSecond;
    console.log(
      `(a) naive, one transaction per transfer, ${NAIVE_CLIENTS} clients: ${naive.toFixed(0)} transfers/s (${describeCpu(naiveRun)})`,
    );

    const db = await openDatabase({ databaseUrl: urlOf('bench_batched'), poolSize: 4 });
    await migrate(db);
    const fixture = await setUp(db);
    await runBatched(db, fixture, 20_000); // warm-up
    // Latency at a steady rate first: after the throughput run below, the server spends a
    // while writing out its 600,000 rows (checkpoint, autovacuum), which is that run's cost.
    const latency = await runLatency(db, fixture);
    console.log(
      `single transfer at ${LATENCY_RATE_PER_SECOND}/s through the batcher: p50 ${latency.p50.toFixed(1)} ms, p99 ${latency.p99.toFixed(1)} ms, max ${latency.max.toFixed(1)} ms over ${LATENCY_SECONDS} s (p99 from the scheduled time ${latency.p99FromScheduleMs.toFixed(1)} ms)`,
    );
    let pipeline: BatcherStats = { batches: 0, prepared: 0, confirmed: 0 };
    const batchedRun = await measure(postmaster, () =>
      runBatched(db, fixture, BATCHED_TRANSFERS, (stats) => (pipeline = stats)),
    );
    const batched = batchedRun.perSecond;
    console.log(
      `(b) batched ledger path, same hot account: ${batched.toFixed(0)} transfers/s (${describeCpu(batchedRun)}); ` +
        `${pipeline.batches} batches, ${pipeline.confirmed} of ${pipeline.prepared} computed ahead written as computed`,
    );
    const ratio = batched / naive;
    console.log(`ratio (b)/(a): ${ratio.toFixed(1)}x`);
    const ormDb = await openDatabase({ databaseUrl: urlOf('bench_orm'), poolSize: 2 });
    await migrate(ormDb);
    const ormFixture = await setUp(ormDb);
    await ormDb.close();
    const orm = await runOrmComparison(urlOf('bench_orm'), (i) => hotTransfer(ormFixture, i));
    const ormRatio = orm.unnest.perSecond / orm.drizzle.perSecond;
    console.log(
      `writing ${ORM_ROWS} transfer rows per transaction: drizzle-orm insert().values() ` +
        `${orm.drizzle.perSecond.toFixed(0)} rows/s (Node ${orm.drizzle.nodeCpuMicrosPerTransfer.toFixed(1)} µs/row), ` +
        `our unnest statement ${orm.unnest.perSecond.toFixed(0)} rows/s (Node ${orm.unnest.nodeCpuMicrosPerTransfer.toFixed(1)} µs/row), ` +
        `ratio ${ormRatio.toFixed(1)}x`,
    );
    const verified = process.env.BENCH_VERIFY === '1' ? await verifyLedger({ db }) : null;
    if (verified) console.log(`verify: ${JSON.stringify(verified)}`);
    await db.close();

    const lite = await openDatabase({ dataDir: 'memory://' });
    await migrate(lite);
    const liteFixture = await setUp(lite);
    const pgliteRun = await measure(null, () => runBatched(lite, liteFixture, PGLITE_TRANSFERS));
    const pglite = pgliteRun.perSecond;
    await lite.close();
    console.log(`(b) on PGlite (in memory, one process): ${pglite.toFixed(0)} transfers/s`);
    const loadAfter = loadavg()[0] ?? 0;
    console.log(`load average (1 min) at the end: ${loadAfter.toFixed(2)} (2 cores)`);

    console.log(
      JSON.stringify({
        bench: 'ledger',
        naiveTransfersPerSecond: Math.round(naive),
        batchedTransfersPerSecond: Math.round(batched),
        ratio: Number(ratio.toFixed(1)),
        pipeline,
        latencyRatePerSecond: LATENCY_RATE_PER_SECOND,
        latencyP50Ms: Number(latency.p50.toFixed(2)),
        latencyP99Ms: Number(latency.p99.toFixed(2)),
        latencyMaxMs: Number(latency.max.toFixed(2)),
        latencySeconds: LATENCY_SECONDS,
        latencyP99FromScheduleMs: Number(latency.p99FromScheduleMs.toFixed(2)),
        pgliteBatchedTransfersPerSecond: Math.round(pglite),
        cpuMicrosPerTransfer: {
          naive: {
            node: round1(naiveRun.nodeCpuMicrosPerTransfer),
            postgres: round1(naiveRun.postgresCpuMicrosPerTransfer),
          },
          batched: {
            node: round1(batchedRun.nodeCpuMicrosPerTransfer),
            postgres: round1(batchedRun.postgresCpuMicrosPerTransfer),
          },
        },
        ormRowWrite: {
          rowsPerStatement: ORM_ROWS,
          drizzleRowsPerSecond: Math.round(orm.drizzle.perSecond),
          unnestRowsPerSecond: Math.round(orm.unnest.perSecond),
          drizzleNodeCpuMicrosPerRow: round1(orm.drizzle.nodeCpuMicrosPerTransfer),
          unnestNodeCpuMicrosPerRow: round1(orm.unnest.nodeCpuMicrosPerTransfer),
          ratio: round1(ormRatio),
        },
        loadAverage: { start: round1(loadBefore), end: round1(loadAfter) },
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
