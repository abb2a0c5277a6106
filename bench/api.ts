/**
 * The claim-redemption path over HTTP (docs/architecture.md#the-ledger, issue 4): many concurrent
 * clients POST /api/v1/claims/{id}/redeem to the real server (in-process, on a port, JSON logs off)
 * backed by a throw-away PostgreSQL 15 cluster with durable settings. Each request authenticates an
 * API key, checks the Idempotency-Key, re-evaluates the program on the final amounts, posts the
 * claim's pending reservation in the ledger (grant → the program's hot payable account), writes the
 * transition and the audit event.
 *
 * Baseline in the same run: the raw ledger batch path — the same number of
 * redemption-equivalent transfers (posting a pending grant → payable reservation) through
 * `createTransfers` directly, in batches, on its own database in the same cluster.
 *
 * Run: npm run bench:api   (BENCH_CLAIMS, BENCH_CLIENTS, BENCH_SYNCHRONOUS_COMMIT=off for a
 * diagnosis run; last line: one JSON object)
 */
import { performance } from 'node:perf_hooks';
import { cpus, totalmem, loadavg } from 'node:os';
import { randomUUID } from 'node:crypto';
import { Pool } from 'undici';
import { v7 } from 'uuid';
import { loadConfig } from '../src/config/config.ts';
import { openDatabase, type Database } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { startServer } from '../src/http/serve.ts';
import {
  createApiKey,
  createTenant,
  createUser,
  personActorOf,
  systemActor,
} from '../src/services/access/index.ts';
import {
  createAccounts,
  createTransfers,
  verifyLedger,
  type NewTransfer,
} from '../src/services/ledger/index.ts';
import { redeemClaim } from '../src/services/vouchers/index.ts';
import { startPostgresCluster } from '../test/support/postgres-cluster.ts';
import {
  claimInState,
  publishTestProgram,
  testEnterprise,
  testProvider,
} from '../test/support/publication-fixtures.ts';

/** Redemptions measured per path (HTTP, service); twice as many claims are seeded, plus a warm-up. */
const CLAIMS = Number(process.env.BENCH_CLAIMS ?? 1000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 32);
const SETUP_WORKERS = 8;
const BASELINE_BATCH = 100;
const BASELINE_CONCURRENT_BATCHES = 4;
const ENTERPRISES = 40;
const DAY_MS = 86_400_000;

const quantile = (sorted: readonly number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

/** Runs `work(i)` for i in [0, count) with `workers` at a time. */
async function inParallel(
  count: number,
  workers: number,
  work: (index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < count) {
        const index = next;
        next += 1;
        await work(index);
      }
    }),
  );
}

/** Claims with complete evidence, ready to redeem, through the real voucher services. */
async function seedClaims(db: Database): Promise<{ claimIds: string[]; apiKey: string }> {
  const now = new Date();
  const at = new Date(now.getTime() - 40 * DAY_MS);
  const operator = await db.transaction((sql) =>
    createTenant({ sql, kind: 'operator', name: 'bench operator', now: at }),
  );
  const admin = await db.transaction((sql) =>
    createUser({
      sql,
      tenantId: operator.id,
      email: 'bench@suanli-bench.test',
      displayName: 'bench',
      password: 'measured-operator-2026',
      roles: ['operator-admin'],
      actor: systemActor,
      now: at,
    }),
  );
  const { secret } = await db.transaction((sql) =>
    createApiKey({
      sql,
      actor: personActorOf(admin),
      name: 'bench',
      scopes: ['read', 'write'],
      now: at,
    }),
  );
  const programId = await publishTestProgram(db, { at, operatorTenantId: operator.id });
  const providerId = await testProvider(db, at);
  const enterprises: string[] = [];
  for (let i = 0; i < ENTERPRISES; i += 1) enterprises.push(await testEnterprise(db, at));
  const total = 2 * CLAIMS + warmUpCount();
  const claimIds: string[] = new Array<string>(total);
  await inParallel(total, SETUP_WORKERS, async (index) => {
    const { claim } = await claimInState(db, {
      programId,
      at: new Date(now.getTime() - DAY_MS),
      enterpriseId: enterprises[index % ENTERPRISES] ?? '',
      providerId,
      state: 'evidence_complete',
      invoiceNumber: `2633${String(index).padStart(16, '0')}`,
    });
    claimIds[index] = claim.id;
  });
  return { claimIds, apiKey: secret };
}

/** Warm-up requests before measuring (JIT, connection pools, plan caches). */
function warmUpCount(): number {
  return Math.max(10, Math.floor(CLAIMS / 25));
}

interface Measured {
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  seconds: number;
}

/** (a) HTTP: CLIENTS concurrent keep-alive connections, one redemption per request. */
async function runHttp(
  port: number,
  apiKey: string,
  claimIds: readonly string[],
): Promise<Measured> {
  const pool = new Pool(`http://127.0.0.1:${port}`, { connections: CLIENTS, pipelining: 1 });
  const latencies: number[] = [];
  const failures = new Map<number, number>();
  const started = performance.now();
  await inParallel(claimIds.length, CLIENTS, async (index) => {
    const sent = performance.now();
    const response = await pool.request({
      method: 'POST',
      path: `/api/v1/claims/${claimIds[index] ?? ''}/redeem`,
      headers: { authorization: `Bearer ${apiKey}`, 'idempotency-key': randomUUID() },
    });
    await response.body.text();
    latencies.push(performance.now() - sent);
    if (response.statusCode !== 200)
      failures.set(response.statusCode, (failures.get(response.statusCode) ?? 0) + 1);
  });
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  if (failures.size > 0)
    throw new Error(`HTTP redemptions failed: ${JSON.stringify(Object.fromEntries(failures))}`);
  latencies.sort((a, b) => a - b);
  return {
    perSecond: claimIds.length / seconds,
    p50Ms: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
    seconds,
  };
}

/** (a′) The same redemptions through the service directly (no HTTP, auth, idempotency). */
async function runService(db: Database, claimIds: readonly string[]): Promise<Measured> {
  const latencies: number[] = [];
  const actor = { ...systemActor, requestId: 'bench' };
  const started = performance.now();
  await inParallel(claimIds.length, CLIENTS, async (index) => {
    const sent = performance.now();
    await redeemClaim({ db, claimId: claimIds[index] ?? '', actor, now: new Date() });
    latencies.push(performance.now() - sent);
  });
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    perSecond: claimIds.length / seconds,
    p50Ms: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
    seconds,
  };
}

/**
 * (b) Raw ledger: per claim a grant account holding the reservation pending towards one hot
 * payable account (as redemption finds it), then the posts in batches through createTransfers.
 */
async function runLedgerBaseline(db: Database, count: number): Promise<Measured> {
  const ledger = 156;
  const budget = v7();
  const payable = v7();
  const grants = Array.from({ length: count }, () => v7());
  await createAccounts({
    sql: db,
    accounts: [
      { id: budget, ledger, code: 5102, flags: { debitsMustNotExceedCredits: true } },
      { id: payable, ledger, code: 5104 },
      ...grants.map((id) => ({
        id,
        ledger,
        code: 5103,
        flags: { debitsMustNotExceedCredits: true },
      })),
    ],
  });
  const treasury = v7();
  await createAccounts({ sql: db, accounts: [{ id: treasury, ledger, code: 5101 }] });
  const fund: NewTransfer[] = [
    {
      id: v7(),
      debitAccountId: treasury,
      creditAccountId: budget,
      amountFen: 10n ** 15n,
      ledger,
      code: 5201,
    },
  ];
  await createTransfers({ sql: db, transfers: fund });
  const pendings: NewTransfer[] = [];
  for (let start = 0; start < count; start += BASELINE_BATCH) {
    const slice = grants.slice(start, start + BASELINE_BATCH);
    const setup: NewTransfer[] = slice.flatMap((grant) => {
      const reserve = {
        id: v7(),
        debitAccountId: grant,
        creditAccountId: payable,
        amountFen: 5_000_000n,
        ledger,
        code: 5203,
        flags: { pending: true },
      };
      pendings.push(reserve);
      return [
        {
          id: v7(),
          debitAccountId: budget,
          creditAccountId: grant,
          amountFen: 5_000_000n,
          ledger,
          code: 5202,
        },
        reserve,
      ];
    });
    await createTransfers({ sql: db, transfers: setup });
  }
  const batches: NewTransfer[][] = [];
  for (let start = 0; start < count; start += BASELINE_BATCH) {
    batches.push(
      pendings.slice(start, start + BASELINE_BATCH).map((pending) => ({
        id: v7(),
        debitAccountId: pending.debitAccountId,
        creditAccountId: pending.creditAccountId,
        amountFen: 0n,
        ledger,
        code: 5203,
        flags: { postPending: true },
        pendingId: pending.id,
      })),
    );
  }
  const latencies: number[] = [];
  const started = performance.now();
  await inParallel(batches.length, BASELINE_CONCURRENT_BATCHES, async (index) => {
    const sent = performance.now();
    const results = await createTransfers({ sql: db, transfers: batches[index] ?? [] });
    latencies.push(performance.now() - sent);
    const failed = results.filter((result) => result.status === 'failed');
    if (failed.length > 0) throw new Error(`baseline: ${failed.length} posts failed`);
  });
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    perSecond: count / seconds,
    p50Ms: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
    seconds,
  };
}

async function main(): Promise<void> {
  const cluster = await startPostgresCluster();
  const load = loadavg().map((value) => value.toFixed(2));
  try {
    const admin = new (await import('pg')).default.Client({ connectionString: cluster.adminUrl });
    await admin.connect();
    await admin.query('create database bench_api');
    await admin.query('create database bench_api_ledger');
    // Diagnosis only (BENCH_SYNCHRONOUS_COMMIT=off): shows how much of a redemption is the wait
    // for the commit's fsync while the ledger and audit chain heads are held.
    if (process.env.BENCH_SYNCHRONOUS_COMMIT === 'off') {
      await admin.query('alter database bench_api set synchronous_commit = off');
      await admin.query('alter database bench_api_ledger set synchronous_commit = off');
    }
    await admin.end();
    const urlOf = (name: string): string => cluster.adminUrl.replace(/\/postgres$/, `/${name}`);

    const db = await openDatabase({ databaseUrl: urlOf('bench_api'), poolSize: SETUP_WORKERS * 2 });
    await migrate(db);
    const seeding = performance.now();
    const { claimIds, apiKey } = await seedClaims(db);
    console.log(
      `seeded ${claimIds.length} claims with evidence through the services in ${((performance.now() - seeding) / 1000).toFixed(1)} s`,
    );

    const config = loadConfig({
      DATABASE_URL: urlOf('bench_api'),
      PORT: '0',
      LOG_LEVEL: 'silent',
      DEMO_DATA: 'false',
      DATABASE_POOL_SIZE: String(CLIENTS),
    });
    const server = await startServer({ config });
    const warm = warmUpCount();
    await runHttp(server.port, apiKey, claimIds.slice(0, warm));
    const http = await runHttp(server.port, apiKey, claimIds.slice(warm, warm + CLAIMS));
    await server.stop();
    console.log(
      `(a) HTTP redeem, ${CLIENTS} concurrent clients: ${http.perSecond.toFixed(0)} redemptions/s, p50 ${http.p50Ms.toFixed(1)} ms, p99 ${http.p99Ms.toFixed(1)} ms (${CLAIMS} requests)`,
    );
    await db.close();
    const serviceDb = await openDatabase({ databaseUrl: urlOf('bench_api'), poolSize: CLIENTS });
    const service = await runService(serviceDb, claimIds.slice(warm + CLAIMS));
    console.log(
      `(a') redeemClaim service directly, ${CLIENTS} concurrent callers: ${service.perSecond.toFixed(0)} redemptions/s, p50 ${service.p50Ms.toFixed(1)} ms, p99 ${service.p99Ms.toFixed(1)} ms`,
    );
    const verified = await verifyLedger({ db: serviceDb });
    await serviceDb.close();
    if (!verified.ok) throw new Error(`ledger does not verify: ${verified.problems.join('; ')}`);

    const ledgerDb = await openDatabase({
      databaseUrl: urlOf('bench_api_ledger'),
      poolSize: BASELINE_CONCURRENT_BATCHES,
    });
    await migrate(ledgerDb);
    const baseline = await runLedgerBaseline(ledgerDb, CLAIMS);
    await ledgerDb.close();
    console.log(
      `(b) raw ledger batch path, ${BASELINE_BATCH} posts per createTransfers, ${BASELINE_CONCURRENT_BATCHES} batches at a time: ${baseline.perSecond.toFixed(0)} posts/s, batch p50 ${baseline.p50Ms.toFixed(1)} ms, p99 ${baseline.p99Ms.toFixed(1)} ms`,
    );
    const ratio = http.perSecond / baseline.perSecond;
    console.log(
      `ratio (a)/(b): ${ratio.toFixed(3)} (the HTTP path does ${(1 / ratio).toFixed(1)}x less per second than raw ledger posts)`,
    );
    console.log(
      `machine: ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; load average at start ${load.join(' ')}, at end ${loadavg()
        .map((value) => value.toFixed(2))
        .join(' ')}`,
    );
    console.log(
      JSON.stringify({
        bench: 'api',
        requests: CLAIMS,
        clients: CLIENTS,
        httpRedemptionsPerSecond: Math.round(http.perSecond),
        httpP50Ms: Number(http.p50Ms.toFixed(1)),
        httpP99Ms: Number(http.p99Ms.toFixed(1)),
        serviceRedemptionsPerSecond: Math.round(service.perSecond),
        serviceP99Ms: Number(service.p99Ms.toFixed(1)),
        ledgerPostsPerSecond: Math.round(baseline.perSecond),
        ledgerBatchP99Ms: Number(baseline.p99Ms.toFixed(1)),
        ratio: Number(ratio.toFixed(4)),
        ledgerVerified: verified.ok,
        synchronousCommit: process.env.BENCH_SYNCHRONOUS_COMMIT === 'off' ? 'off' : 'on',
      }),
    );
  } finally {
    cluster.stop();
  }
}

await main();
