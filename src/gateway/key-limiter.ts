import type { Database } from '../db/client.ts';
import { DomainError } from '../domain/shared/errors.ts';
import {
  returnWindowSlice,
  takeWindowSlice,
  type GatewayKey,
  type WindowDimension,
} from '../services/gateway/keys/index.ts';
import { secondsUntilEnd, windowOf, type LimitWindow } from './limit-windows.ts';

/** What one call needs of its key's limits, taken before it is forwarded. */
export interface LimitNeed {
  /** Worst-case tokens: the input bound plus `max_tokens` (OpenAI counts TPM the same way). */
  tokens: number;
  /** Worst-case cost in µfen (checked only against keys with a spend limit). */
  spendMicroFen: bigint;
}

/** A call's hold on its key's limits; `finish` gives back what it did not use. */
export interface LimitHold {
  finish(used: LimitNeed): void;
}

interface Bucket {
  keyId: string;
  dimension: WindowDimension;
  window: LimitWindow;
  /** Taken from the shared counter and not yet spent by this process. */
  remaining: bigint;
  /** A refill in flight: concurrent calls wait for it rather than each taking a slice. */
  refilling: Promise<void> | null;
  /** The shared counter granted less than asked: the window is used up for this process. */
  exhausted: boolean;
}

/** A key's current bucket per limit (the window that contains now). */
type KeyBuckets = Partial<Record<WindowDimension, Bucket>>;

/** A process takes 1/SLICES_PER_WINDOW of a window's allowance at a time. */
const SLICES_PER_WINDOW = 20n;
const MICRO_FEN_PER_FEN = 1_000_000n;
const KEYS_MAX = 100_000;
const REFILL_TURNS_MAX = 100_000;

/** One limit of a call: its window's allowance and what the call takes of it. */
interface LimitPart {
  dimension: WindowDimension;
  limit: bigint;
  units: bigint;
}

/**
 * Requests and tokens per minute, spend per day and month, per gateway key, holding across
 * every gateway process on the database: each process takes small slices of a window's
 * allowance from the shared counter (`takeWindowSlice`, one guarded upsert) and spends them in
 * memory, so most calls pass without a database trip and the processes together never pass a
 * limit. The price is that allowance one process holds unused is not available to another
 * until the window turns (at most one slice, 1/20 of the limit, per process); `close` gives
 * it back. Refusals are RATE_LIMITED or GATEWAY_SPEND_LIMIT_REACHED with `retryAfterSeconds`.
 *
 * A call whose limits all have allowance left in memory passes without awaiting anything: this
 * runs on every model call, so it allocates as little as it can (the gateway's tail latency is
 * set by garbage-collection pauses as much as by work; docs/benchmarks.md#gateway).
 */
export class KeyLimiter {
  private readonly buckets = new Map<string, KeyBuckets>();
  private readonly windows = new WindowCache();

  constructor(private readonly db: Database) {}

  /** Takes the call's need from every limit of the key, or none of them (refusal). */
  async admit(key: GatewayKey, need: LimitNeed, now: Date): Promise<LimitHold> {
    const parts = limitParts(key, need);
    const taken: [Bucket, bigint][] = [];
    for (const part of parts) {
      const bucket = this.bucketOf(key.id, part.dimension, now);
      if (bucket.remaining >= part.units) {
        bucket.remaining -= part.units;
      } else if (!(await this.refillFor(bucket, part))) {
        for (const [held, units] of taken) held.remaining += units;
        throw refusal(part.dimension, this.windows.of(part.dimension, now), now);
      }
      taken.push([bucket, part.units]);
    }
    return new Hold(taken);
  }

  /** Gives every unused slice back to the shared counters (graceful stop). */
  async close(): Promise<void> {
    const buckets = [...this.buckets.values()].flatMap((perKey) => Object.values(perKey));
    this.buckets.clear();
    for (const bucket of buckets) {
      await returnWindowSlice({
        sql: this.db,
        keyId: bucket.keyId,
        dimension: bucket.dimension,
        windowStart: bucket.window.start,
        units: bucket.remaining,
      });
    }
  }

  /**
   * Refills `bucket` from the shared counter until it holds `part.units` and takes them; false
   * when the window's allowance is used up. Every turn either waits for a refill in flight or
   * takes a slice: a slice that grants nothing marks the window exhausted, so the turns are
   * bounded by the window's allowance; the constant is a backstop.
   */
  private async refillFor(bucket: Bucket, part: LimitPart): Promise<boolean> {
    const { limit, units } = part;
    for (let turn = 0; turn < REFILL_TURNS_MAX; turn += 1) {
      if (bucket.remaining >= units) {
        bucket.remaining -= units;
        return true;
      }
      if (bucket.exhausted) return false;
      if (bucket.refilling) {
        await bucket.refilling;
        continue;
      }
      const slice = limit / SLICES_PER_WINDOW > 0n ? limit / SLICES_PER_WINDOW : 1n;
      const wanted = units - bucket.remaining > slice ? units - bucket.remaining : slice;
      bucket.refilling = takeWindowSlice({
        sql: this.db,
        keyId: bucket.keyId,
        dimension: bucket.dimension,
        windowStart: bucket.window.start,
        limit,
        wanted,
      })
        .then((granted) => {
          bucket.remaining += granted;
          if (granted < wanted) bucket.exhausted = true;
        })
        .finally(() => {
          bucket.refilling = null;
        });
      await bucket.refilling;
    }
    return false;
  }

  /**
   * The key's bucket of the window containing `now`. A bucket of a window that has ended is
   * replaced: what it held unused stays used in the database's counter of that window.
   */
  private bucketOf(keyId: string, dimension: WindowDimension, now: Date): Bucket {
    const window = this.windows.of(dimension, now);
    let perKey = this.buckets.get(keyId);
    if (!perKey) {
      // A backstop against unbounded growth: what the dropped buckets held unused stays counted
      // as used in the database, so this can refuse early but never admit past a limit.
      if (this.buckets.size >= KEYS_MAX) this.buckets.clear();
      perKey = {};
      this.buckets.set(keyId, perKey);
    }
    let bucket = perKey[dimension];
    if (bucket?.window !== window) {
      bucket = { keyId, dimension, window, remaining: 0n, refilling: null, exhausted: false };
      perKey[dimension] = bucket;
    }
    return bucket;
  }
}

/** What a call takes of each of its key's limits (spend only where the key has a limit). */
function limitParts(key: GatewayKey, need: LimitNeed): LimitPart[] {
  const parts: LimitPart[] = [
    { dimension: 'requests', limit: BigInt(key.requestsPerMinute), units: 1n },
    { dimension: 'tokens', limit: BigInt(key.tokensPerMinute), units: BigInt(need.tokens) },
  ];
  if (key.spendLimitDayFen !== null && need.spendMicroFen > 0n) {
    const limit = key.spendLimitDayFen * MICRO_FEN_PER_FEN;
    parts.push({ dimension: 'spend-day', limit, units: need.spendMicroFen });
  }
  if (key.spendLimitMonthFen !== null && need.spendMicroFen > 0n) {
    const limit = key.spendLimitMonthFen * MICRO_FEN_PER_FEN;
    parts.push({ dimension: 'spend-month', limit, units: need.spendMicroFen });
  }
  return parts;
}

/** A call's hold: `finish` gives back, once, what the call did not use of what it took. */
class Hold implements LimitHold {
  #taken: [Bucket, bigint][] | null;

  constructor(taken: [Bucket, bigint][]) {
    this.#taken = taken;
  }

  finish(used: LimitNeed): void {
    const taken = this.#taken;
    if (taken === null) return;
    this.#taken = null;
    for (const [bucket, units] of taken) {
      const usedUnits =
        bucket.dimension === 'tokens'
          ? BigInt(used.tokens)
          : bucket.dimension === 'requests'
            ? 1n
            : used.spendMicroFen;
      // Unused units go back to this process's slice (never above what it took).
      if (usedUnits < units) bucket.remaining += units - usedUnits;
    }
  }
}

/**
 * The current window of each limit, computed once per window rather than per call (a spend
 * day's bounds come from the Asia/Shanghai calendar). The same object while the window lasts,
 * so a bucket knows its window by identity.
 */
class WindowCache {
  readonly #current = new Map<WindowDimension, LimitWindow>();

  of(dimension: WindowDimension, now: Date): LimitWindow {
    const cached = this.#current.get(dimension);
    const at = now.getTime();
    if (cached && cached.start.getTime() <= at && at < cached.end.getTime()) return cached;
    const window = windowOf(dimension, now);
    this.#current.set(dimension, window);
    return window;
  }
}

function refusal(dimension: WindowDimension, window: LimitWindow, now: Date): DomainError {
  const retryAfterSeconds = secondsUntilEnd(window, now);
  if (dimension === 'spend-day' || dimension === 'spend-month') {
    return new DomainError(
      'GATEWAY_SPEND_LIMIT_REACHED',
      `the key's ${dimension === 'spend-day' ? 'daily' : 'monthly'} spend limit is reached`,
      { window: dimension, retryAfterSeconds },
    );
  }
  return new DomainError('RATE_LIMITED', `the key's ${dimension} per minute limit is reached`, {
    limit: dimension,
    retryAfterSeconds,
  });
}
