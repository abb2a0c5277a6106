import type { Database } from '../db/client.ts';
import { DomainError } from '../domain/shared/errors.ts';
import {
  returnWindowSlice,
  takeWindowSlice,
  type GatewayKey,
  type WindowDimension,
} from '../services/gateway/keys/index.ts';
import { secondsUntilEnd, windowOf } from './limit-windows.ts';

/** What one call needs of its key's limits, taken before it is forwarded. */
export interface LimitNeed {
  /** Worst-case tokens: the input bound plus `max_tokens` (OpenAI counts TPM the same way). */
  tokens: number;
  /** Worst-case cost in µfen (checked only against keys with a spend limit). */
  spendMicroFen: bigint;
}

/** A call's hold on its key's limits; `finish` gives back what it did not use. */
export interface LimitHold {
  finish: (used: LimitNeed) => void;
}

interface Bucket {
  keyId: string;
  dimension: WindowDimension;
  windowStart: Date;
  /** Taken from the shared counter and not yet spent by this process. */
  remaining: bigint;
  /** A refill in flight: concurrent calls wait for it rather than each taking a slice. */
  refilling: Promise<void> | null;
  /** The shared counter granted less than asked: the window is used up for this process. */
  exhausted: boolean;
}

/** A process takes 1/SLICES_PER_WINDOW of a window's allowance at a time. */
const SLICES_PER_WINDOW = 20n;
const MICRO_FEN_PER_FEN = 1_000_000n;
const BUCKETS_MAX = 100_000;
const REFILL_TURNS_MAX = 100_000;

/**
 * Requests and tokens per minute, spend per day and month, per gateway key, holding across
 * every gateway process on the database: each process takes small slices of a window's
 * allowance from the shared counter (`takeWindowSlice`, one guarded upsert) and spends them in
 * memory, so most calls pass without a database trip and the processes together never pass a
 * limit. The price is that allowance one process holds unused is not available to another
 * until the window turns (at most one slice, 1/20 of the limit, per process); `close` gives
 * it back. Refusals are RATE_LIMITED or GATEWAY_SPEND_LIMIT_REACHED with `retryAfterSeconds`.
 */
export class KeyLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly db: Database) {}

  /** Takes the call's need from every limit of the key, or none of them (refusal). */
  async admit(key: GatewayKey, need: LimitNeed, now: Date): Promise<LimitHold> {
    const parts: [WindowDimension, bigint, bigint][] = [
      ['requests', BigInt(key.requestsPerMinute), 1n],
      ['tokens', BigInt(key.tokensPerMinute), BigInt(need.tokens)],
    ];
    if (key.spendLimitDayFen !== null && need.spendMicroFen > 0n) {
      parts.push(['spend-day', key.spendLimitDayFen * MICRO_FEN_PER_FEN, need.spendMicroFen]);
    }
    if (key.spendLimitMonthFen !== null && need.spendMicroFen > 0n) {
      parts.push(['spend-month', key.spendLimitMonthFen * MICRO_FEN_PER_FEN, need.spendMicroFen]);
    }
    const taken: [Bucket, bigint][] = [];
    for (const [dimension, limit, units] of parts) {
      const bucket = await this.take(key.id, dimension, limit, units, now);
      if (bucket === null) {
        for (const [held, units] of taken) held.remaining += units;
        throw refusal(dimension, now);
      }
      taken.push([bucket, units]);
    }
    let finished = false;
    return {
      finish: (used) => {
        if (finished) return;
        finished = true;
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
      },
    };
  }

  /** Gives every unused slice back to the shared counters (graceful stop). */
  async close(): Promise<void> {
    const buckets = [...this.buckets.values()];
    this.buckets.clear();
    for (const bucket of buckets) {
      await returnWindowSlice({ sql: this.db, ...bucket, units: bucket.remaining });
    }
  }

  private async take(
    keyId: string,
    dimension: WindowDimension,
    limit: bigint,
    units: bigint,
    now: Date,
  ): Promise<Bucket | null> {
    const windowStart = windowOf(dimension, now).start;
    const bucket = this.bucketOf(keyId, dimension, windowStart);
    // Every turn of the loop either waits for a refill in flight or takes a slice from the
    // shared counter: a slice that grants nothing marks the window exhausted, so the turns are
    // bounded by the window's allowance; the constant is a backstop.
    for (let turn = 0; turn < REFILL_TURNS_MAX; turn += 1) {
      if (bucket.remaining >= units) {
        bucket.remaining -= units;
        return bucket;
      }
      if (bucket.exhausted) return null;
      if (bucket.refilling) {
        await bucket.refilling;
        continue;
      }
      const slice = limit / SLICES_PER_WINDOW > 0n ? limit / SLICES_PER_WINDOW : 1n;
      const wanted = units - bucket.remaining > slice ? units - bucket.remaining : slice;
      bucket.refilling = takeWindowSlice({
        sql: this.db,
        keyId,
        dimension,
        windowStart,
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
    return null;
  }

  private bucketOf(keyId: string, dimension: WindowDimension, windowStart: Date): Bucket {
    const id = `${keyId}|${dimension}|${windowStart.getTime()}`;
    let bucket = this.buckets.get(id);
    if (!bucket) {
      if (this.buckets.size >= BUCKETS_MAX) this.dropPastWindows(windowStart);
      bucket = { keyId, dimension, windowStart, remaining: 0n, refilling: null, exhausted: false };
      this.buckets.set(id, bucket);
    }
    return bucket;
  }

  /** Buckets of windows that have ended are dead (their counters stay used in the database). */
  private dropPastWindows(now: Date): void {
    for (const [id, bucket] of this.buckets) {
      if (windowOf(bucket.dimension, bucket.windowStart).end <= now) this.buckets.delete(id);
    }
  }
}

function refusal(dimension: WindowDimension, now: Date): DomainError {
  const retryAfterSeconds = secondsUntilEnd(windowOf(dimension, now), now);
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
