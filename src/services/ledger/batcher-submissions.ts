import type { NewTransfer, TransferResult } from '../../domain/ledger/index.ts';

/** Transfers waiting for a batch, and how their caller gets the results. */
export interface Submission {
  readonly transfers: readonly NewTransfer[];
  /** Hands the submission its results: those of the batch from `offset` on, one per transfer. */
  deliver(results: TransferResult[], offset: number): void;
  reject(error: unknown): void;
}

// Classes, not closures per submission: under load tens of thousands wait at once.
export class SingleSubmission implements Submission {
  readonly transfers: readonly NewTransfer[];
  readonly #resolve: (result: TransferResult) => void;
  readonly reject: (error: unknown) => void;

  constructor(
    transfer: NewTransfer,
    resolve: (result: TransferResult) => void,
    reject: (error: unknown) => void,
  ) {
    this.transfers = [transfer];
    this.#resolve = resolve;
    this.reject = reject;
  }

  deliver(results: TransferResult[], offset: number): void {
    const result = results[offset];
    if (result) this.#resolve({ ...result, index: 0 });
    else this.reject(new Error('ledger batcher: no result for a submitted transfer'));
  }
}

export class GroupSubmission implements Submission {
  readonly transfers: readonly NewTransfer[];
  readonly #resolve: (results: TransferResult[]) => void;
  readonly reject: (error: unknown) => void;

  constructor(
    transfers: readonly NewTransfer[],
    resolve: (results: TransferResult[]) => void,
    reject: (error: unknown) => void,
  ) {
    this.transfers = transfers;
    this.#resolve = resolve;
    this.reject = reject;
  }

  deliver(results: TransferResult[], offset: number): void {
    this.#resolve(
      results
        .slice(offset, offset + this.transfers.length)
        .map((result) => ({ ...result, index: result.index - offset })),
    );
  }
}

/** How many submissions wake at once when a batch settles; see `settleInSlices`. */
const SETTLE_SLICE = 2048;

/**
 * Hands each submission its share of the batch's results, a slice at a time with a turn of
 * the event loop in between. Each slice wakes its callers at once (they run before anything
 * else); a database reply that arrives meanwhile, such as the batch behind finishing its write
 * and waiting for its COMMIT, is answered between slices instead of after all of them.
 */
export async function settleInSlices(
  batch: readonly Submission[],
  results: TransferResult[],
): Promise<void> {
  let offset = 0;
  for (let start = 0; start < batch.length; start += SETTLE_SLICE) {
    if (start > 0) await new Promise((resolve) => setImmediate(resolve));
    for (const submission of batch.slice(start, start + SETTLE_SLICE)) {
      submission.deliver(results, offset);
      offset += submission.transfers.length;
    }
  }
}
