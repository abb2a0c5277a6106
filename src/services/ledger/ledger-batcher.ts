import type { Database } from '../../db/client.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import type { NewTransfer, TransferResult } from '../../domain/ledger/types.ts';
import { MAX_TRANSFERS_PER_BATCH, createTransfers } from './create-transfers.ts';

interface Submission {
  transfers: readonly NewTransfer[];
  resolve: (results: TransferResult[]) => void;
  reject: (error: unknown) => void;
}

/** Most submissions waiting at once; past it `submit` refuses (back-pressure, not memory growth). */
export const MAX_QUEUED_TRANSFERS = 1_000_000;

/**
 * Group commit for the ledger: transfers submitted while a batch is being written queue up,
 * and when it commits the next batch takes everything queued (up to `maxBatch`). One batch is
 * in flight at a time, so a hot account costs one lock per batch instead of one per transfer,
 * and an idle batcher writes a lone transfer at once (no timers).
 *
 * @example
 * const batcher = new LedgerBatcher({ db });
 * const result = await batcher.submit({ id: v7(), debitAccountId, creditAccountId,
 *   amountFen: 100n, ledger: 156, code: 1 });
 * await batcher.close();
 */
export class LedgerBatcher {
  readonly #db: Database;
  readonly #maxBatch: number;
  readonly #clock: () => Date;
  #queue: Submission[] = [];
  #queuedTransfers = 0;
  #running: Promise<void> | null = null;
  #closed = false;

  constructor(options: { db: Database; maxBatch?: number; clock?: () => Date }) {
    this.#db = options.db;
    this.#maxBatch = Math.max(1, Math.min(options.maxBatch ?? 8192, MAX_TRANSFERS_PER_BATCH));
    this.#clock = options.clock ?? (() => new Date());
  }

  /** Submits one unlinked transfer; resolves with its result (index 0) once committed. */
  async submit(transfer: NewTransfer): Promise<TransferResult> {
    if (transfer.flags?.linked === true) {
      throw new DomainError('VALIDATION_FAILED', 'flags.linked: use submitLinked for groups', {
        field: 'flags.linked',
      });
    }
    const [result] = await this.submitLinked([transfer]);
    if (!result) throw new Error('ledger batcher: no result for a submitted transfer');
    return result;
  }

  /**
   * Submits transfers that stay together in one batch, in order (a linked group: all but the
   * last carry `flags.linked`). Results are indexed within the group.
   */
  submitLinked(transfers: readonly NewTransfer[]): Promise<TransferResult[]> {
    if (this.#closed) return Promise.reject(new Error('ledger batcher is closed'));
    if (transfers.length === 0) return Promise.resolve([]);
    if (transfers.length > this.#maxBatch || transfers.at(-1)?.flags?.linked === true) {
      return Promise.reject(
        new DomainError('VALIDATION_FAILED', 'transfers: a closed group of at most maxBatch', {
          field: 'transfers',
        }),
      );
    }
    if (this.#queuedTransfers + transfers.length > MAX_QUEUED_TRANSFERS) {
      return Promise.reject(new DomainError('RATE_LIMITED', 'ledger batcher queue is full'));
    }
    return new Promise((resolve, reject) => {
      this.#queue.push({ transfers, resolve, reject });
      this.#queuedTransfers += transfers.length;
      this.#running ??= this.#drain().finally(() => {
        this.#running = null;
      });
    });
  }

  /** Stops accepting transfers and waits until every queued one is written. */
  async close(): Promise<void> {
    this.#closed = true;
    while (this.#running) await this.#running;
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#takeBatch();
      const transfers = batch.flatMap((submission) => submission.transfers);
      try {
        const results = await createTransfers({
          sql: this.#db,
          transfers,
          now: this.#clock(),
        });
        let offset = 0;
        for (const submission of batch) {
          const count = submission.transfers.length;
          submission.resolve(
            results
              .slice(offset, offset + count)
              .map((result) => ({ ...result, index: result.index - offset })),
          );
          offset += count;
        }
      } catch (error) {
        // The whole transaction rolled back: nothing of this batch was written; callers retry
        // with the same ids (idempotent).
        for (const submission of batch) submission.reject(error);
      }
    }
  }

  #takeBatch(): Submission[] {
    let count = 0;
    let size = 0;
    for (const next of this.#queue) {
      if (count > 0 && size + next.transfers.length > this.#maxBatch) break;
      count += 1;
      size += next.transfers.length;
    }
    this.#queuedTransfers -= size;
    return this.#queue.splice(0, count);
  }
}
