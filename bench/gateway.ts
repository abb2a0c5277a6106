/**
 * The MaaS gateway's overhead (issue 13): on loopback, in one run, against the same test
 * upstream (src/gateway/test-upstream, its own process): (a) direct to the upstream, (b)
 * through Suanli (the real server in its own process, on embedded PGlite, logs off), (c)
 * through the open-source Portkey gateway (@portkey-ai/gateway 1.15.x, installed by this script
 * into a temporary folder, never a project dependency; its own process, traffic only to
 * 127.0.0.1). Reports latency added over (a) at a fixed request rate (p50, p99; the targets
 * take turns a second at a time, so each sees the same machine), the maximum requests/s at 50
 * connections, and the time added to the first streamed token. A fourth target, a bare Node hop
 * (gateway-node-hop.ts: `node:http` in, an undici pool out, nothing else), is the floor: what any
 * Node gateway adds on this machine, so that Suanli's own share of the added latency shows.
 *
 * Run: npm run bench:gateway   (BENCH_RATE=500, BENCH_SECONDS=20, BENCH_MAX_SECONDS=5,
 * BENCH_TTFT_CALLS=200; BENCH_SKIP_PORTKEY=1 without network; BENCH_SUANLI_NODE_FLAGS: Node flags
 * for Suanli's process, e.g. --cpu-prof; BENCH_GATEWAY_DB=postgres: Suanli on a throw-away PostgreSQL
 * cluster instead of embedded PGlite; PGLITE_WORKER_PRIORITY=idle: PGlite's thread under SCHED_IDLE
 * instead of the default nice 10; GATEWAY_SETTLE_INTERVAL_MS: the meter's rounds; last line: one
 * JSON object)
 *
 * Suanli runs as deployed: every call reserved from a lease, split between a model voucher and a
 * wallet by the policy engine, recorded and billed through the ledger, under a key's limits.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { cpuTicks, stealPercent } from './cpu-steal.ts';
import { atFixedRateInTurns, maxRate, timeToFirstToken, type Target } from './gateway-load.ts';

const RATE = Number(process.env.BENCH_RATE ?? 500);
// 20 s at 500 req/s: the p99 is the 100th worst of 10 000 calls. Over 6 s it was the 30th of
// 3 000, and one stall of the machine moved it by a millisecond from run to run.
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const MAX_SECONDS = Number(process.env.BENCH_MAX_SECONDS ?? 5);
const CONNECTIONS = 50;
const TTFT_CALLS = Number(process.env.BENCH_TTFT_CALLS ?? 200);
const PORTKEY_VERSION = '1.15';
const PORTKEY_PORT = 38_000 + Math.floor(Math.random() * 1000);

const children: ChildProcess[] = [];

/** Starts `tsx bench/gateway-targets.ts …` and reads its one JSON line. */
async function startChild<T>(args: string[]): Promise<T> {
  // BENCH_SUANLI_NODE_FLAGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles Suanli's process.
  const flags = args[0] === 'suanli' ? (process.env.BENCH_SUANLI_NODE_FLAGS ?? '').split(' ') : [];
  const child = spawn(
    process.execPath,
    [...flags.filter(Boolean), '--import', 'tsx', 'bench/gateway-targets.ts', ...args],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  children.push(child);
  const lines = createInterface({ input: child.stdout });
  // Other lines (Node's --trace-gc in BENCH_SUANLI_NODE_FLAGS, say) go on to stderr.
  for await (const line of lines) {
    if (line.startsWith('{')) {
      lines.on('line', (later) => process.stderr.write(`${args[0] ?? ''}: ${later}\n`));
      return JSON.parse(line) as T;
    }
    process.stderr.write(`${args[0] ?? ''}: ${line}\n`);
  }
  throw new Error(`gateway-targets ${args[0] ?? ''} ended without a line`);
}

/** Installs Portkey into a temporary folder and starts it headless on 127.0.0.1. */
async function startPortkey(): Promise<{ folder: string; baseUrl: string }> {
  const folder = mkdtempSync(join(tmpdir(), 'suanli-bench-portkey-'));
  // Portkey streams only with this @hono/node-server (its own note); pinned by an override.
  writeFileSync(
    join(folder, 'package.json'),
    JSON.stringify({
      name: 'portkey-bench',
      private: true,
      overrides: { '@hono/node-server': '1.13.5' },
    }),
  );
  execFileSync(
    'npm',
    ['install', '--no-audit', '--no-fund', `@portkey-ai/gateway@${PORTKEY_VERSION}`],
    {
      cwd: folder,
      stdio: 'ignore',
    },
  );
  const child = spawn(
    process.execPath,
    [
      join(folder, 'node_modules/@portkey-ai/gateway/build/start-server.js'),
      `--port=${PORTKEY_PORT}`,
      '--headless',
    ],
    { cwd: folder, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  children.push(child);
  // Why it did not start, when it did not: what it printed, and whether it exited.
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2_000);
  });
  const exited: { code: number | null } = { code: null };
  child.once('exit', (code) => {
    exited.code = code ?? -1;
  });
  const baseUrl = `http://127.0.0.1:${PORTKEY_PORT}/v1`;
  // Up to 30 s: on a busy machine its first start (loading its bundle) took more than 10 s.
  for (let attempt = 0; attempt < 300 && exited.code === null; attempt += 1) {
    try {
      await fetch(`http://127.0.0.1:${PORTKEY_PORT}/`);
      return { folder, baseUrl };
    } catch {
      await sleep(100);
    }
  }
  throw new Error(
    `Portkey did not start on port ${PORTKEY_PORT}` +
      (exited.code === null ? ' within 30 s' : ` (exited with ${exited.code})`) +
      (stderr ? `: ${stderr}` : ''),
  );
}

const round = (value: number, digits = 2) => Number(value.toFixed(digits));
const nullableRound = (value: number | null) => (value === null ? null : round(value));
const percent = (value: number | null) => (value === null ? 'n/a' : `${value.toFixed(1)} %`);

async function main(): Promise<void> {
  const startTicks = cpuTicks();
  const upstream = await startChild<{ baseUrl: string }>(['upstream']);
  const nodeHop = await startChild<{ baseUrl: string }>(['node-hop', upstream.baseUrl]);
  const suanli = await startChild<{ baseUrl: string; key: string }>(['suanli', upstream.baseUrl]);
  const portkey = process.env.BENCH_SKIP_PORTKEY === '1' ? null : await startPortkey();
  const targets: Target[] = [
    { name: 'direct', baseUrl: upstream.baseUrl, headers: {}, model: 'echo' },
    { name: 'node-hop', baseUrl: nodeHop.baseUrl, headers: {}, model: 'echo' },
    {
      name: 'suanli',
      baseUrl: suanli.baseUrl,
      headers: { authorization: `Bearer ${suanli.key}` },
      model: 'bench-model',
    },
  ];
  if (portkey) {
    targets.push({
      name: 'portkey',
      baseUrl: portkey.baseUrl,
      headers: {
        'x-portkey-provider': 'openai',
        'x-portkey-custom-host': upstream.baseUrl,
        authorization: 'Bearer test-upstream-needs-no-key',
      },
      model: 'echo',
    });
  }
  process.stdout.write(
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${Math.round(totalmem() / 2 ** 30)} GiB, load ${loadavg()
      .map((value) => value.toFixed(1))
      .join(' ')}\n`,
  );
  const max: Record<string, number> = {};
  const ttft: Record<string, { p50Ms: number; p99Ms: number }> = {};
  const fixed = await atFixedRateInTurns(targets, RATE, SECONDS);
  for (const target of targets) {
    const measured = fixed[target.name];
    if (!measured) continue;
    const ms = (value: number) => value.toFixed(2);
    process.stdout.write(
      `${target.name}: ${RATE} req/s × ${SECONDS} s (in turns of 1 s): p50 ${ms(measured.p50Ms)} ms, p90 ${ms(measured.p90Ms)} ms, p99 ${ms(measured.p99Ms)} ms, p99.9 ${ms(measured.p999Ms)} ms, failed ${measured.failed}, CPU stolen by the host ${percent(measured.stealPercent)}\n`,
    );
  }
  for (const target of targets) {
    max[target.name] = await maxRate(target, CONNECTIONS, MAX_SECONDS);
    process.stdout.write(
      `${target.name}: max ${max[target.name]?.toFixed(0)} req/s at ${CONNECTIONS} connections\n`,
    );
  }
  // Not the bare hop: it passes an answer on whole, so it has no first token of its own.
  for (const target of targets.filter(({ name }) => name !== 'node-hop')) {
    ttft[target.name] = await timeToFirstToken(target, TTFT_CALLS);
    process.stdout.write(
      `${target.name}: first streamed token p50 ${ttft[target.name]?.p50Ms.toFixed(2)} ms\n`,
    );
  }
  const direct = fixed.direct;
  const added = (name: string, over = direct) => ({
    p50Ms: round((fixed[name]?.p50Ms ?? Number.NaN) - (over?.p50Ms ?? Number.NaN)),
    p99Ms: round((fixed[name]?.p99Ms ?? Number.NaN) - (over?.p99Ms ?? Number.NaN)),
  });
  const result = {
    bench: 'gateway',
    database: process.env.BENCH_GATEWAY_DB === 'postgres' ? 'postgres' : 'pglite',
    rate: RATE,
    seconds: SECONDS,
    connections: CONNECTIONS,
    addedSuanli: added('suanli'),
    addedPortkey: portkey ? added('portkey') : null,
    // The floor, and Suanli's own share: what it adds over the bare Node hop.
    addedNodeHop: added('node-hop'),
    addedSuanliOverNodeHop: added('suanli', fixed['node-hop']),
    maxRps: Object.fromEntries(
      Object.entries(max).map(([name, value]) => [name, Math.round(value)]),
    ),
    suanliOverPortkeyMaxRps: portkey ? round((max.suanli ?? 0) / (max.portkey ?? 1)) : null,
    firstTokenAddedMs: {
      suanli: round((ttft.suanli?.p50Ms ?? Number.NaN) - (ttft.direct?.p50Ms ?? Number.NaN)),
      portkey: portkey
        ? round((ttft.portkey?.p50Ms ?? Number.NaN) - (ttft.direct?.p50Ms ?? Number.NaN))
        : null,
    },
    latencyMs: Object.fromEntries(
      Object.entries(fixed).map(([name, value]) => [
        name,
        {
          p50: round(value.p50Ms),
          p90: round(value.p90Ms),
          p99: round(value.p99Ms),
          p999: round(value.p999Ms),
        },
      ]),
    ),
    failed: Object.fromEntries(Object.entries(fixed).map(([name, value]) => [name, value.failed])),
    loadAverage: loadavg().map((value) => round(value, 1)),
    // Time the VM was ready to run but the host ran something else: the whole run, and each
    // target's fixed-rate turns. A run with a few per cent stolen measures the host, not Suanli.
    stealPercent: {
      run: nullableRound(stealPercent(startTicks, cpuTicks())),
      ...Object.fromEntries(
        Object.entries(fixed).map(([name, value]) => [name, nullableRound(value.stealPercent)]),
      ),
    },
  };
  process.stdout.write(
    `added over direct at ${RATE} req/s — Suanli: p50 ${result.addedSuanli.p50Ms} ms, p99 ${result.addedSuanli.p99Ms} ms` +
      (result.addedPortkey
        ? `; Portkey: p50 ${result.addedPortkey.p50Ms} ms, p99 ${result.addedPortkey.p99Ms} ms`
        : '') +
      `\nadded by a bare Node hop (the floor): p50 ${result.addedNodeHop.p50Ms} ms, p99 ${result.addedNodeHop.p99Ms} ms; Suanli over that hop: p50 ${result.addedSuanliOverNodeHop.p50Ms} ms, p99 ${result.addedSuanliOverNodeHop.p99Ms} ms` +
      `\nmax req/s Suanli / Portkey: ${result.suanliOverPortkeyMaxRps ?? 'n/a'}×; first token added: Suanli ${result.firstTokenAddedMs.suanli} ms, Portkey ${result.firstTokenAddedMs.portkey ?? 'n/a'} ms\n`,
  );
  process.stdout.write(`${JSON.stringify(result)}\n`);
  if (portkey) rmSync(portkey.folder, { recursive: true, force: true });
}

try {
  await main();
} finally {
  for (const child of children) child.kill('SIGTERM');
}
