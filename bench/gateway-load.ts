/**
 * The load generator of bench/gateway.ts: undici pools on loopback, open-loop at a fixed rate
 * (each request is sent at its scheduled time, whether or not earlier ones answered, so a slow
 * target cannot slow the offered load), closed-loop at a fixed number of connections for the
 * maximum rate, and time to the first streamed content chunk.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';
import { addTicksBetween, cpuTicks, stealPercentOf, type CpuTicks } from './cpu-steal.ts';

export interface Target {
  name: string;
  /** Base URL with /v1. */
  baseUrl: string;
  headers: Record<string, string>;
  model: string;
}

const quantile = (sorted: readonly number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

function bodyOf(model: string, stream: boolean): string {
  return JSON.stringify({
    model,
    messages: [{ role: 'user', content: 'the quick brown fox jumps over the lazy dog' }],
    max_tokens: 16,
    ...(stream ? { stream: true } : {}),
  });
}

function requestOf(target: Target, stream: boolean) {
  const url = new URL(target.baseUrl);
  return {
    method: 'POST' as const,
    path: `${url.pathname}/chat/completions`,
    headers: { 'content-type': 'application/json', ...target.headers },
    body: bodyOf(target.model, stream),
  };
}

/** One non-streaming call; its latency in ms (throws on a non-200). */
async function call(pool: Pool, target: Target): Promise<number> {
  const startedAt = performance.now();
  const response = await pool.request(requestOf(target, false));
  await response.body.text();
  if (response.statusCode !== 200) throw new Error(`${target.name}: status ${response.statusCode}`);
  return performance.now() - startedAt;
}

export interface RateResult {
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  p999Ms: number;
  sent: number;
  failed: number;
  /** The hypervisor's share of the CPU time during this target's turns (null off Linux). */
  stealPercent: number | null;
}

/**
 * `rate` requests per second for `seconds` to each target, open loop, the targets taking turns
 * a second at a time (direct, Suanli, Portkey, direct, …) so that each sees the same machine: on
 * a shared VM the noise drifts over tens of seconds, and measured one after the other a target's
 * p99 moved by a millisecond with the window it happened to get. Before it, each target is warmed
 * up unmeasured (`warmUp.calls` calls, then `warmUp.seconds` at the rate: JIT, pools, the server's
 * lazily loaded paths). Latencies are of the answered calls.
 */
export async function atFixedRateInTurns(
  targets: readonly Target[],
  rate: number,
  seconds: number,
  warmUp: { calls: number; seconds: number } = { calls: 2_000, seconds: 3 },
): Promise<Record<string, RateResult>> {
  const pools = targets.map(
    (target) => new Pool(new URL(target.baseUrl).origin, { connections: 256 }),
  );
  const samples = targets.map(() => ({ latencies: [] as number[], sent: 0, failed: 0 }));
  const ticks = targets.map(() => ({ total: 0, steal: 0 }));
  for (const [index, target] of targets.entries()) {
    const pool = pools[index] as Pool;
    for (let sent = 0; sent < warmUp.calls; sent += 20) {
      await Promise.all(Array.from({ length: 20 }, () => call(pool, target)));
    }
    await openLoop(pool, target, rate, warmUp.seconds, { latencies: [], sent: 0, failed: 0 });
  }
  for (let second = 0; second < seconds; second += 1) {
    for (const [index, target] of targets.entries()) {
      const before = cpuTicks();
      await openLoop(pools[index] as Pool, target, rate, 1, samples[index] as Samples);
      addTicksBetween(ticks[index] as CpuTicks, before, cpuTicks());
    }
  }
  await Promise.all(pools.map((pool) => pool.close()));
  return Object.fromEntries(
    targets.map((target, index) => {
      const { latencies, sent, failed } = samples[index] as Samples;
      latencies.sort((a, b) => a - b);
      const result: RateResult = {
        p50Ms: quantile(latencies, 0.5),
        p90Ms: quantile(latencies, 0.9),
        p99Ms: quantile(latencies, 0.99),
        p999Ms: quantile(latencies, 0.999),
        sent,
        failed,
        stealPercent: stealPercentOf(ticks[index] as CpuTicks),
      };
      return [target.name, result];
    }),
  );
}

interface Samples {
  latencies: number[];
  sent: number;
  failed: number;
}

async function openLoop(
  pool: Pool,
  target: Target,
  rate: number,
  seconds: number,
  into: Samples,
): Promise<void> {
  const total = rate * seconds;
  const intervalMs = 1000 / rate;
  const inFlight: Promise<void>[] = [];
  const startedAt = performance.now();
  for (let index = 0; index < total; index += 1) {
    const due = startedAt + index * intervalMs;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    into.sent += 1;
    inFlight.push(
      call(pool, target).then(
        (ms) => {
          into.latencies.push(ms);
        },
        () => {
          into.failed += 1;
        },
      ),
    );
  }
  await Promise.all(inFlight);
}

/** Requests per second with `connections` clients each sending back to back for `seconds`. */
export async function maxRate(
  target: Target,
  connections: number,
  seconds: number,
): Promise<number> {
  const pool = new Pool(new URL(target.baseUrl).origin, { connections });
  await Promise.all(Array.from({ length: connections }, () => call(pool, target)));
  let done = 0;
  const endAt = performance.now() + seconds * 1000;
  const startedAt = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < endAt) {
        await call(pool, target);
        done += 1;
      }
    }),
  );
  const elapsedSeconds = (performance.now() - startedAt) / 1000;
  await pool.close();
  return done / elapsedSeconds;
}

/** Median and p99 ms to the first content chunk of a stream, `count` calls one after another. */
export async function timeToFirstToken(
  target: Target,
  count: number,
): Promise<{ p50Ms: number; p99Ms: number }> {
  const pool = new Pool(new URL(target.baseUrl).origin, { connections: 4 });
  const samples: number[] = [];
  for (let index = 0; index < count + 10; index += 1) {
    const startedAt = performance.now();
    const response = await pool.request(requestOf(target, true));
    let first = Number.NaN;
    for await (const chunk of response.body) {
      if (Number.isNaN(first) && (chunk as Buffer).includes('"content"'))
        first = performance.now() - startedAt;
    }
    if (response.statusCode !== 200 || Number.isNaN(first))
      throw new Error(`${target.name}: no streamed content`);
    if (index >= 10) samples.push(first);
  }
  await pool.close();
  samples.sort((a, b) => a - b);
  return { p50Ms: quantile(samples, 0.5), p99Ms: quantile(samples, 0.99) };
}
