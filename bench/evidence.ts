/**
 * Evidence uploads against everyone else (issue 17, item 7): while four enterprises upload
 * 10 MiB evidence files back to back, how long does a light authenticated read (`GET
 * /api/v1/me`, an auditor's API key) take? The real server on a port, on the embedded database
 * (PGlite in a throw-away DATA_DIR, the evidence store beside it), JSON logs off.
 *
 * Baseline in the same run: the same probe of `GET /api/v1/me` for the same time with no
 * upload running. The probe sends one request every PROBE_INTERVAL_MS (one at a time, so it
 * measures waiting, not its own queue). Target: p99 under load ≤ 50 ms.
 *
 * Run: npm run bench:evidence   (BENCH_SECONDS per phase, default 20; BENCH_FILE_MIB, default 10;
 * last line: one JSON object)
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import { loadConfig } from '../src/config/config.ts';
import type { Database } from '../src/db/client.ts';
import { startServer } from '../src/http/serve.ts';
import {
  createApiKey,
  createTenant,
  createUser,
  personActorOf,
  systemActor,
} from '../src/services/access/index.ts';
import {
  claimInState,
  publishTestProgram,
  testEnterprise,
  testProvider,
} from '../test/support/publication-fixtures.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const FILE_BYTES = Number(process.env.BENCH_FILE_MIB ?? 10) * 1024 * 1024;
const ENTERPRISES = 4;
const PROBE_INTERVAL_MS = 10;
const P99_TARGET_MS = 50;
/** Files per claim the server accepts (MAX_ATTACHMENTS_PER_CLAIM). */
const FILES_PER_CLAIM = 20;
const CLAIMS_PER_ENTERPRISE = 40;
const DAY_MS = 86_400_000;

const quantile = (sorted: readonly number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

interface Uploader {
  apiKey: string;
  claimIds: string[];
}

interface Latencies {
  count: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

function summarise(values: number[]): Latencies {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50Ms: quantile(sorted, 0.5),
    p99Ms: quantile(sorted, 0.99),
    maxMs: sorted.at(-1) ?? Number.NaN,
  };
}

async function apiKeyFor(db: Database, tenantId: string, role: 'auditor' | 'enterprise-admin') {
  const user = await db.transaction((sql) =>
    createUser({
      sql,
      tenantId,
      email: `${role}-${tenantId}@suanli-bench.test`,
      displayName: role,
      password: 'bench-password-1',
      roles: [role],
      actor: systemActor,
      now: new Date(),
    }),
  );
  const { secret } = await db.transaction((sql) =>
    createApiKey({
      sql,
      actor: personActorOf(user),
      name: 'bench',
      scopes: role === 'auditor' ? ['read'] : ['read', 'write'],
      now: new Date(),
    }),
  );
  return secret;
}

/** An auditor's key for the probe; per enterprise a key and submitted claims to upload to. */
async function seed(db: Database): Promise<{ probeKey: string; uploaders: Uploader[] }> {
  const now = new Date();
  const at = new Date(now.getTime() - 10 * DAY_MS);
  const operator = await db.transaction((sql) =>
    createTenant({ sql, kind: 'operator', name: 'bench operator', now: at }),
  );
  const probeKey = await apiKeyFor(db, operator.id, 'auditor');
  const programId = await publishTestProgram(db, { at, operatorTenantId: operator.id });
  const providerId = await testProvider(db, at);
  const uploaders: Uploader[] = [];
  for (let index = 0; index < ENTERPRISES; index += 1) {
    const enterpriseId = await testEnterprise(db, at);
    const claimIds: string[] = [];
    for (let claim = 0; claim < CLAIMS_PER_ENTERPRISE; claim += 1) {
      const made = await claimInState(db, {
        programId,
        at: now,
        enterpriseId,
        providerId,
        state: 'submitted',
      });
      claimIds.push(made.claim.id);
    }
    uploaders.push({ apiKey: await apiKeyFor(db, enterpriseId, 'enterprise-admin'), claimIds });
  }
  return { probeKey, uploaders };
}

/** Resolves once an upload holds a slot (the uploader process is streaming). */
async function waitForFirstUpload(db: Database): Promise<void> {
  for (let attempt = 0; attempt < 3000; attempt += 1) {
    const [row] = await db.query<{ n: bigint }>(
      'select count(*)::int8 as n from evidence_upload_slots',
    );
    if ((row?.n ?? 0n) > 0n) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('the uploaders did not start within 30 s');
}

/** GET /api/v1/me every PROBE_INTERVAL_MS until `until`, one request at a time. */
async function probe(pool: Pool, apiKey: string, until: number): Promise<Latencies> {
  const latencies: number[] = [];
  while (performance.now() < until) {
    const sent = performance.now();
    const response = await pool.request({
      method: 'GET',
      path: '/api/v1/me',
      headers: { authorization: `Bearer ${apiKey}` },
    });
    await response.body.text();
    if (response.statusCode !== 200) throw new Error(`GET /me: ${response.statusCode}`);
    latencies.push(performance.now() - sent);
    await new Promise((resolve) => setTimeout(resolve, PROBE_INTERVAL_MS));
  }
  return summarise(latencies);
}

/** The four enterprises' upload loops in a child process (bench/evidence-uploader.ts). */
function runUploaders(origin: string, uploaders: Uploader[]): Promise<number[]> {
  const plan = {
    origin,
    seconds: SECONDS,
    fileBytes: FILE_BYTES,
    filesPerClaim: FILES_PER_CLAIM,
    uploaders,
  };
  const script = fileURLToPath(new URL('./evidence-uploader.ts', import.meta.url));
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', script, JSON.stringify(plan)],
      { maxBuffer: 64 * 1024 * 1024 },
      (error, stdout) => {
        if (error) reject(new Error(`the uploader process failed: ${error.message}`));
        else resolve(JSON.parse(stdout.trim().split('\n').at(-1) ?? '[]') as number[]);
      },
    );
  });
}

async function main(): Promise<void> {
  const load = loadavg().map((value) => value.toFixed(2));
  const dataDir = await mkdtemp(join(tmpdir(), 'suanli-bench-evidence-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    PORT: '0',
    LOG_LEVEL: 'silent',
    DEMO_DATA: 'false',
    EVIDENCE_QUOTA_FILES_PER_DAY: '1000000',
    EVIDENCE_QUOTA_BYTES: String(2 ** 50),
  });
  const server = await startServer({ config });
  try {
    const seeding = performance.now();
    const { probeKey, uploaders } = await seed(server.db);
    console.log(
      `seeded ${ENTERPRISES} enterprises × ${CLAIMS_PER_ENTERPRISE} submitted claims in ${((performance.now() - seeding) / 1000).toFixed(1)} s (PGlite in ${dataDir})`,
    );
    const origin = `http://127.0.0.1:${server.port}`;
    const probePool = new Pool(origin, { connections: 1 });

    await probe(probePool, probeKey, performance.now() + 2000); // warm-up
    const baseline = await probe(probePool, probeKey, performance.now() + SECONDS * 1000);
    console.log(
      `(a) baseline, no uploads: GET /me p50 ${baseline.p50Ms.toFixed(1)} ms, p99 ${baseline.p99Ms.toFixed(1)} ms, max ${baseline.maxMs.toFixed(1)} ms (${baseline.count} requests in ${SECONDS} s)`,
    );

    const uploading = runUploaders(origin, uploaders);
    // The child needs a moment to start (tsx); the probe starts once it has sent a first byte.
    await waitForFirstUpload(server.db);
    const started = performance.now();
    const loaded = await probe(probePool, probeKey, started + (SECONDS - 1) * 1000);
    const uploadLatencies = await uploading;
    const seconds = (performance.now() - started) / 1000 + 1;
    const uploads = summarise(uploadLatencies);
    const mibPerSecond = (uploads.count * FILE_BYTES) / 2 ** 20 / seconds;
    console.log(
      `(b) ${ENTERPRISES} enterprises uploading ${FILE_BYTES / 2 ** 20} MiB files back to back: GET /me p50 ${loaded.p50Ms.toFixed(1)} ms, p99 ${loaded.p99Ms.toFixed(1)} ms, max ${loaded.maxMs.toFixed(1)} ms (${loaded.count} requests)`,
    );
    console.log(
      `    uploads: ${uploads.count} in ${seconds.toFixed(1)} s (${mibPerSecond.toFixed(1)} MiB/s), each p50 ${uploads.p50Ms.toFixed(0)} ms, p99 ${uploads.p99Ms.toFixed(0)} ms`,
    );
    const ratio = loaded.p99Ms / baseline.p99Ms;
    const met = loaded.p99Ms <= P99_TARGET_MS;
    console.log(
      `ratio p99 (b)/(a): ${ratio.toFixed(2)}; target p99 under uploads ≤ ${P99_TARGET_MS} ms: ${met ? 'met' : 'MISSED'}`,
    );
    const [rows] = await server.db.query<{ n: bigint; bytes: bigint | null }>(
      'select count(*)::int8 as n, sum(octet_length(bytes))::int8 as bytes from voucher_claim_attachments',
    );
    console.log(
      `database: ${rows?.n ?? 0n} evidence rows holding ${rows?.bytes ?? 0n} bytes of file content (the files are in ${join(dataDir, 'evidence')})`,
    );
    console.log(
      `machine: ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; load average at start ${load.join(' ')}, at end ${loadavg()
        .map((value) => value.toFixed(2))
        .join(' ')}`,
    );
    await probePool.close();
    console.log(
      JSON.stringify({
        bench: 'evidence',
        database: 'pglite',
        seconds: SECONDS,
        fileMiB: FILE_BYTES / 2 ** 20,
        enterprises: ENTERPRISES,
        baselineP50Ms: Number(baseline.p50Ms.toFixed(1)),
        baselineP99Ms: Number(baseline.p99Ms.toFixed(1)),
        uploadingP50Ms: Number(loaded.p50Ms.toFixed(1)),
        uploadingP99Ms: Number(loaded.p99Ms.toFixed(1)),
        uploadingMaxMs: Number(loaded.maxMs.toFixed(1)),
        ratioP99: Number(ratio.toFixed(2)),
        uploads: uploads.count,
        uploadMiBPerSecond: Number(mibPerSecond.toFixed(1)),
        uploadP50Ms: Math.round(uploads.p50Ms),
        p99TargetMs: P99_TARGET_MS,
        targetMet: met,
      }),
    );
  } finally {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
