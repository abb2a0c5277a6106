import type { Database } from '../../db/client.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import type { NewTransfer, TransferResult } from '../../domain/ledger/index.ts';
import { MAX_TRANSFERS_PER_BATCH, createTransfers } from './create-transfers.ts';
import {
  canPrepare,
  commitPreparedBatch,
  namedAccountIds,
  prepareBatch,
  type LedgerState,
  type PreparedBatch,
} from './prepared-batch.ts';
import {
  GroupSubmission,
  SingleSubmission,
  settleInSlices,
  type Submission,
} from './batcher-submissions.ts';
import { readAccountsAndHead } from './store.ts';

/** A prepared batch whose transaction is running. */
interface InFlight {
  batch: Submission[];
  prepared: PreparedBatch;
  /** Settles once its transaction holds the locks (or failed). */
  locked: Promise<void>;
  /** Settles once its prepared rows are sent (or its transaction went another way). */
  writing: Promise<void>;
  done: Promise<{ results: TransferResult[]; confirmed: boolean }>;
  /** Computed on the prediction of a batch that was not written as computed: it is stale. */
  doomed: boolean;
}

/** How the batches went: `confirmed` prepared batches were written as computed ahead. */
export interface BatcherStats {
  batches: number;
  prepared: number;
  confirmed: number;
}

/** Most submissions waiting at once; past it `submit` refuses (back-pressure, not memory growth). */
export const MAX_QUEUED_TRANSFERS = 1_000_000;

/**
 * Group commit for the ledger, pipelined. Transfers submitted while a batch is being written
 * queue up, and the next batch takes everything queued (up to `maxBatch`): a hot account costs
 * one lock per batch instead of one per transfer, and an idle batcher writes a lone transfer
 * at once (no timers).
 *
 * While batch N is in the database, batch N+1 is computed in Node on the state N will leave
 * (`prepareBatch`) and its transaction queues behind N's locks; it writes the prepared rows
 * only if the state it locks is exactly the assumed one, else it computes again under the
 * lock (another writer, a failed N). So Node's work (state machine, hash chain, parameters)
 * overlaps PostgreSQL's instead of alternating with it. The order of a cycle keeps PostgreSQL
 * from waiting on Node: N+1 is computed only once N has sent its rows; when N commits, N+1
 * sends its rows before N's callers are woken, and they are woken in slices so that N+1's
 * COMMIT is not kept waiting behind them. Batches that name pending transfers
 * (posts, voids) are not computed ahead: they wait for the batch in flight and run under the
 * lock as `createTransfers` does.
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
  readonly #stats: BatcherStats = { batches: 0, prepared: 0, confirmed: 0 };

  constructor(options: { db: Database; maxBatch?: number; clock?: () => Date }) {
    this.#db = options.db;
    this.#maxBatch = Math.max(
      1,
      Math.min(options.maxBatch ?? MAX_TRANSFERS_PER_BATCH, MAX_TRANSFERS_PER_BATCH),
    );
    this.#clock = options.clock ?? (() => new Date());
  }

  /** Counts so far (tests and benchmarks check that the pipeline confirms what it prepares). */
  get stats(): Readonly<BatcherStats> {
    return { ...this.#stats };
  }

  /** Submits one unlinked transfer; resolves with its result (index 0) once committed. */
  submit(transfer: NewTransfer): Promise<TransferResult> {
    if (transfer.flags?.linked === true) {
      return Promise.reject(
        new DomainError('VALIDATION_FAILED', 'flags.linked: use submitLinked for groups', {
          field: 'flags.linked',
        }),
      );
    }
    // Its own promise rather than submitLinked's and a step to unwrap it: tens of thousands of
    // these wait at once under load, and each object they hold is garbage collector work.
    return new Promise((resolve, reject) => {
      const refused = this.#enqueue(new SingleSubmission(transfer, resolve, reject));
      if (refused) reject(refused);
    });
  }

  /**
   * Submits transfers that stay together in one batch, in order (a linked group: all but the
   * last carry `flags.linked`). Results are indexed within the group.
   */
  submitLinked(transfers: readonly NewTransfer[]): Promise<TransferResult[]> {
    if (transfers.length === 0 && !this.#closed) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      const refused = this.#enqueue(new GroupSubmission(transfers, resolve, reject));
      if (refused) reject(refused);
    });
  }

  /** Queues a submission and starts draining; the error that refuses it, if any. */
  #enqueue(submission: Submission): Error | null {
    const { transfers } = submission;
    if (this.#closed) return new Error('ledger batcher is closed');
    if (transfers.length > this.#maxBatch || transfers.at(-1)?.flags?.linked === true) {
      return new DomainError('VALIDATION_FAILED', 'transfers: a closed group of at most maxBatch', {
        field: 'transfers',
      });
    }
    if (this.#queuedTransfers + transfers.length > MAX_QUEUED_TRANSFERS) {
      return new DomainError('RATE_LIMITED', 'ledger batcher queue is full');
    }
    this.#queue.push(submission);
    this.#queuedTransfers += transfers.length;
    this.#running ??= this.#drain().finally(() => {
      this.#running = null;
    });
    return null;
  }

  /** Stops accepting transfers and waits until every queued one is written. */
  async close(): Promise<void> {
    this.#closed = true;
    while (this.#running) await this.#running;
  }

  async #drain(): Promise<void> {
    let inFlight: InFlight | null = null;
    while (this.#queue.length > 0 || inFlight) {
      // A doomed batch's prediction is wrong too: let it settle and start again from the
      // committed state, or every later batch would be computed on a wrong state as well.
      if (this.#queue.length === 0 || inFlight?.doomed === true) {
        await this.#finish(inFlight);
        inFlight = null;
        continue;
      }
      // Compute the next batch only once the one in flight has sent its rows: computing holds
      // Node for a while, and PostgreSQL should spend that time writing, not waiting for Node
      // to answer the lock result with the write.
      if (inFlight) await inFlight.writing;
      const batch = this.#takeBatch();
      const transfers = batch.flatMap((submission) => submission.transfers);
      const now = this.#clock();
      this.#stats.batches += 1;
      if (!canPrepare(transfers)) {
        if (inFlight) await this.#finish(inFlight);
        inFlight = null;
        await this.#runUnderLock(batch, transfers, now);
        continue;
      }
      let next: InFlight | null = null;
      try {
        const base = await this.#baseFor(transfers, inFlight);
        const prepared = prepareBatch(transfers, now, base, this.#db.kind);
        next = this.#send(batch, prepared, inFlight?.locked);
        this.#stats.prepared += 1;
      } catch (error) {
        for (const submission of batch) submission.reject(error);
      }
      await this.#finish(inFlight, next);
      inFlight = next;
    }
  }

  /**
   * The state a batch is computed on: what the batch in flight will leave for the accounts it
   * names and the chain head, the committed state (read without locks) for the rest.
   */
  async #baseFor(
    transfers: readonly NewTransfer[],
    inFlight: InFlight | null,
  ): Promise<LedgerState> {
    const ids = namedAccountIds(transfers);
    if (!inFlight) return readAccountsAndHead(this.#db, ids);
    const predicted = inFlight.prepared.after;
    const missing = ids.filter((id) => !predicted.accounts.has(id));
    const read = missing.length > 0 ? await readAccountsAndHead(this.#db, missing) : null;
    const accounts: LedgerState['accounts'] = new Map();
    for (const id of ids) {
      const account = predicted.accounts.get(id) ?? read?.accounts.get(id);
      if (account) accounts.set(id, account);
    }
    return { accounts, head: predicted.head };
  }

  /** Starts the batch's transaction once the previous one holds its locks (queues behind it). */
  #send(batch: Submission[], prepared: PreparedBatch, previousLocked?: Promise<void>): InFlight {
    const locked = signal();
    const writing = signal();
    const progress = { locked: locked.settle, writing: writing.settle };
    const done = (previousLocked ?? Promise.resolve())
      .then(() => commitPreparedBatch(this.#db, prepared, progress))
      .finally(() => {
        locked.settle();
        writing.settle();
      });
    // Settled by #finish; this handler only keeps an early rejection from being "unhandled".
    done.catch(() => undefined);
    return {
      batch,
      prepared,
      locked: locked.promise,
      writing: writing.promise,
      done,
      doomed: false,
    };
  }

  /**
   * Settles the batch's submissions. The batch `behind` it, computed on its prediction, is
   * doomed if this one was not written as computed; otherwise it gets to send its rows first:
   * settling wakes thousands of callers at once, and PostgreSQL should not wait for them.
   */
  async #finish(inFlight: InFlight | null, behind: InFlight | null = null): Promise<void> {
    if (!inFlight) return;
    let outcome: { results: TransferResult[]; confirmed: boolean } | { error: unknown };
    try {
      outcome = await inFlight.done;
    } catch (error) {
      outcome = { error };
    }
    const confirmed = 'results' in outcome && outcome.confirmed;
    if (behind && !confirmed) behind.doomed = true;
    if (behind && confirmed) await behind.writing;
    if ('error' in outcome) {
      // The whole transaction rolled back: nothing of this batch was written; callers retry
      // with the same ids (idempotent).
      for (const submission of inFlight.batch) submission.reject(outcome.error);
      return;
    }
    if (confirmed) this.#stats.confirmed += 1;
    await settleInSlices(inFlight.batch, outcome.results);
  }

  async #runUnderLock(batch: Submission[], transfers: NewTransfer[], now: Date): Promise<void> {
    try {
      await settleInSlices(batch, await createTransfers({ sql: this.#db, transfers, now }));
    } catch (error) {
      for (const submission of batch) submission.reject(error);
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

/** A promise and the function that settles it (once; later calls do nothing). */
function signal(): { promise: Promise<void>; settle: () => void } {
  let settle = (): void => undefined;
  const promise = new Promise<void>((resolve) => {
    settle = resolve;
  });
  return { promise, settle };
}
