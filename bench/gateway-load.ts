/**
 * The load generator of bench/gateway.ts: undici pools on loopback, open-loop at a fixed rate
 * (each request is sent at its scheduled time, whether or not earlier ones answered, so a slow
 * target cannot slow the offered load), closed-loop at a fixed number of connections for the
 * maximum rate, and time to the first streamed content chunk.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';

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
  p99Ms: number;
  sent: number;
  failed: number;
}

/**
 * `rate` requests per second for `seconds`, open loop, after a warm-up of `warmUpCalls` calls
 * and `warmUpSeconds` at the rate, unmeasured (JIT, pools, the server's lazily loaded paths; on
 * the loaded machine the first seconds at rate were the slowest); latencies of the answered ones.
 */
export async function atFixedRate(
  target: Target,
  rate: number,
  seconds: number,
  warmUp: { calls: number; seconds: number } = { calls: 2_000, seconds: 3 },
): Promise<RateResult> {
  const pool = new Pool(new URL(target.baseUrl).origin, { connections: 256 });
  for (let index = 0; index < warmUp.calls; index += 20) {
    await Promise.all(Array.from({ length: 20 }, () => call(pool, target)));
  }
  await openLoop(pool, target, rate, warmUp.seconds);
  const result = await openLoop(pool, target, rate, seconds);
  await pool.close();
  return result;
}

async function openLoop(
  pool: Pool,
  target: Target,
  rate: number,
  seconds: number,
): Promise<RateResult> {
  const total = rate * seconds;
  const intervalMs = 1000 / rate;
  const latencies: number[] = [];
  let failed = 0;
  const inFlight: Promise<void>[] = [];
  const startedAt = performance.now();
  for (let index = 0; index < total; index += 1) {
    const due = startedAt + index * intervalMs;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    inFlight.push(
      call(pool, target).then(
        (ms) => {
          latencies.push(ms);
        },
        () => {
          failed += 1;
        },
      ),
    );
  }
  await Promise.all(inFlight);
  latencies.sort((a, b) => a - b);
  return { p50Ms: quantile(latencies, 0.5), p99Ms: quantile(latencies, 0.99), sent: total, failed };
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
