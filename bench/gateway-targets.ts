/**
 * The child processes of bench/gateway.ts, so that neither server shares an event loop with the
 * load generator: `upstream` runs the test upstream; `suanli` runs the real server
 * (`startServer`, PGlite in memory, logs off, its meter billing every call through the ledger)
 * with one filed model on that upstream, paid by a Hangzhou model voucher (30 %) and a wallet,
 * and a gateway key with a daily spend limit and rate limits the load never reaches. Each prints one JSON line with where it listens, then runs until killed.
 *
 * `node-hop` runs the bare Node hop of gateway-node-hop.ts (the floor).
 *
 * Run by bench/gateway.ts: tsx bench/gateway-targets.ts upstream | node-hop <upstreamBaseUrl> |
 * suanli <upstreamBaseUrl>
 */
import { constants, monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { loadConfig } from '../src/config/config.ts';
import { startTestUpstream } from '../src/gateway/index.ts';
import { startServer } from '../src/http/serve.ts';
import { addGatewayKey, addOffering } from '../test/support/gateway-fixtures.ts';
import { setUpGatewayMoney } from '../test/support/gateway-money-fixtures.ts';
import { startPostgresCluster } from '../test/support/postgres-cluster.ts';
import { startNodeHop } from './gateway-node-hop.ts';

const role = process.argv[2];
if (role === 'upstream') {
  const upstream = await startTestUpstream({ recordCalls: false });
  process.stdout.write(`${JSON.stringify({ baseUrl: upstream.baseUrl })}\n`);
} else if (role === 'node-hop') {
  process.stdout.write(`${JSON.stringify(await startNodeHop(process.argv[3] ?? ''))}\n`);
} else if (role === 'suanli') {
  const SERVER_SETTINGS = ['PGLITE_WORKER_PRIORITY', 'GATEWAY_SETTLE_INTERVAL_MS'];
  const upstreamBaseUrl = process.argv[3] ?? '';
  // BENCH_GATEWAY_DB=postgres: a throw-away PostgreSQL cluster (how production runs) instead of
  // embedded PGlite in this process.
  const cluster = process.env.BENCH_GATEWAY_DB === 'postgres' ? await startPostgresCluster() : null;
  const server = await startServer({
    config: loadConfig({
      PORT: '0',
      ...(cluster ? { DATABASE_URL: cluster.adminUrl } : { DATA_DIR: 'memory://' }),
      LOG_LEVEL: 'silent',
      DEMO_DATA: 'false',
      // Server settings a run may change: PGLITE_WORKER_PRIORITY=idle (PGlite's thread under
      // SCHED_IDLE, not nice 10), GATEWAY_SETTLE_INTERVAL_MS=200 (rounds more often than 500 ms).
      ...Object.fromEntries(
        SERVER_SETTINGS.flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : [])),
      ),
    }),
  });
  const now = new Date();
  // Money enough for any run: ¥1,000 of voucher and ¥10,000 in the wallet.
  const world = await setUpGatewayMoney(server.db, {
    voucherFen: 100_000n,
    walletFen: 1_000_000n,
    now,
  });
  const enterpriseId = world.enterpriseId;
  await addOffering(server.db, {
    providerId: world.providerId,
    modelId: 'bench-model',
    upstreamBaseUrl,
    upstreamModel: 'echo',
    now,
  });
  await server.refreshGatewayCatalog();
  const { secret } = await addGatewayKey(server.db, {
    enterpriseId,
    now,
    requestsPerMinute: 1_000_000,
    tokensPerMinute: 10_000_000_000,
    spendLimitDayFen: 10_000_000n,
  });
  process.stdout.write(`${JSON.stringify({ baseUrl: `${server.url}/v1`, key: secret })}\n`);
  // BENCH_SUANLI_LOOP_DELAY=1: how long the event loop was held (what delays every call in
  // flight), printed to stderr at the stop: evidence for the tail, robust to what the profile misses.
  const loopDelay =
    process.env.BENCH_SUANLI_LOOP_DELAY === '1' ? monitorEventLoopDelay({ resolution: 1 }) : null;
  loopDelay?.enable();
  // With it, the garbage collector's pauses by kind (count, total and longest ms).
  const gcPauses = new Map<string, { count: number; totalMs: number; maxMs: number }>();
  const gcObserver = loopDelay
    ? new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
          const kind = gcKindName((entry as { detail?: { kind?: number } }).detail?.kind);
          const pauses = gcPauses.get(kind) ?? { count: 0, totalMs: 0, maxMs: 0 };
          pauses.count += 1;
          pauses.totalMs += entry.duration;
          pauses.maxMs = Math.max(pauses.maxMs, entry.duration);
          gcPauses.set(kind, pauses);
        }
      })
    : null;
  gcObserver?.observe({ entryTypes: ['gc'] });
  // A graceful stop on either signal (bench/gateway.ts sends SIGTERM), so --cpu-prof is written.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      if (loopDelay) {
        const ms = (nanoseconds: number): number => Math.round(nanoseconds / 1e4) / 100;
        process.stderr.write(
          `suanli event loop delay ms: p50 ${ms(loopDelay.percentile(50))} p99 ${ms(loopDelay.percentile(99))} p99.9 ${ms(loopDelay.percentile(99.9))} max ${ms(loopDelay.max)} (samples ${loopDelay.count})\n`,
        );
        for (const [kind, pauses] of gcPauses) {
          process.stderr.write(
            `suanli gc ${kind}: ${pauses.count} pauses, ${pauses.totalMs.toFixed(0)} ms in all, longest ${pauses.maxMs.toFixed(2)} ms\n`,
          );
        }
      }
      void server.stop().then(() => {
        cluster?.stop();
        process.exit(0);
      });
    });
  }
} else {
  throw new Error(
    'usage: gateway-targets.ts upstream | node-hop <upstreamBaseUrl> | suanli <upstreamBaseUrl>',
  );
}

function gcKindName(kind: number | undefined): string {
  if (kind === constants.NODE_PERFORMANCE_GC_MINOR) return 'minor';
  if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) return 'major';
  if (kind === constants.NODE_PERFORMANCE_GC_INCREMENTAL) return 'incremental';
  if (kind === constants.NODE_PERFORMANCE_GC_WEAKCB) return 'weak callbacks';
  return 'other';
}
