import { v7 as uuidv7 } from 'uuid';
import type { Database, Sql } from '../../db/client.ts';
import { assert } from '../../domain/shared/assert.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import {
  applyTransferBatch,
  isLedgerId,
  type AccountState,
  type NewTransfer,
  type PendingState,
  type Transfer,
  type TransferResult,
} from '../../domain/ledger/types.ts';
import { inTransaction } from './rows.ts';
import { loadPendings, loadTransfers, lockAccountsAndHead, writeBatch } from './store.ts';

/** Most transfers one call (one database transaction) takes. */
export const MAX_TRANSFERS_PER_BATCH = 8192;

export interface CreateTransfersOptions {
  /** The database (a transaction is opened) or the caller's transaction. */
  sql: Sql | Database;
  transfers: readonly NewTransfer[];
  /** The batch's time: creation time of its rows and the clock for timeouts. */
  now?: Date;
}

/**
 * Creates a batch of transfers atomically, in order, with TigerBeetle's semantics (see
 * `applyTransferBatch`): one result per transfer, failed ones write nothing. Locks the
 * involved accounts in id order, then the chain head (one statement); writes rows, counters
 * (guarded: the limits are checked again on the values written) and chain head in one more.
 * An id conflict never aborts a caller's transaction (`sql` may be one): the write runs
 * under its own savepoint. Throws for a batch over MAX_TRANSFERS_PER_BATCH, on bugs (failed
 * asserts) and on database failures: then nothing of the batch was written, or — if the
 * connection died after COMMIT — all of it; retry with the same ids.
 *
 * @example
 * const [result] = await createTransfers({ sql: db, transfers: [{ id: v7(), debitAccountId,
 *   creditAccountId, amountFen: 100n, ledger: 156, code: 1 }] });
 */
export async function createTransfers(options: CreateTransfersOptions): Promise<TransferResult[]> {
  const { transfers, sql } = options;
  if (transfers.length > MAX_TRANSFERS_PER_BATCH) {
    throw new DomainError('VALIDATION_FAILED', `transfers: at most ${MAX_TRANSFERS_PER_BATCH}`, {
      field: 'transfers',
    });
  }
  if (transfers.length === 0) return [];
  const now = options.now ?? new Date();
  return inTransaction(sql, (tx) => appendBatch(tx, transfers, now));
}

/**
 * Locks, computes and writes one batch. Nearly every batch carries only new ids, so it is
 * computed as if none were stored (no lookup of thousands of ids) and the write says
 * otherwise ('stale': an id of the batch, or of a failed transfer, is stored); then the batch
 * is computed again knowing those rows, still under the same locks.
 */
async function appendBatch(
  tx: Sql,
  transfers: readonly NewTransfer[],
  now: Date,
): Promise<TransferResult[]> {
  const pendingIds = unique(transfers.map((t) => t.pendingId));
  // Pending rows never change, so their accounts can be read before locking.
  const pendingAccounts =
    pendingIds.length === 0
      ? []
      : await tx.query<{ debit_account_id: string; credit_account_id: string }>(
          `select debit_account_id, credit_account_id from ledger_transfers
            where id = any($1::uuid[]) and kind = 'pending'`,
          [pendingIds],
        );
  const named = unique([
    ...transfers.flatMap((t) => [t.debitAccountId, t.creditAccountId]),
    ...pendingAccounts.flatMap((row) => [row.debit_account_id, row.credit_account_id]),
  ]);
  const { accounts, head } = await lockAccountsAndHead(tx, named);
  // Read after the head lock: every committed appender before us is visible now.
  const pendings = await loadPendings(tx, pendingIds);
  // The results, or null when the write found an id of the batch stored.
  const compute = async (existing?: Map<string, Transfer>): Promise<TransferResult[] | null> => {
    const after = copyAccounts(accounts);
    const outcome = applyTransferBatch({
      transfers,
      accounts: after,
      existing: existing ?? new Map<string, Transfer>(),
      pendings: copyPendings(pendings),
      now,
      makeId: uuidv7,
    });
    const written = await writeBatch(tx, {
      rows: outcome.created,
      head,
      now,
      named,
      before: accounts,
      accounts: after,
      touched: outcome.touchedAccountIds,
      // Computed knowing the stored rows, a failure may name one (an idempotency conflict).
      failedIds: existing ? [] : failedIdsOf(outcome.results),
    });
    return written === 'written' ? outcome.results : null;
  };
  const optimistic = await compute();
  if (optimistic) return optimistic;
  const careful = await compute(await loadTransfers(tx, unique(transfers.map((t) => t.id))));
  assert(careful !== null, 'ledger: a batch computed on its stored ids was refused');
  return careful;
}

/** Ids of the failed transfers: a stored one makes the batch's answer `exists` instead. */
export function failedIdsOf(results: readonly TransferResult[]): string[] {
  return unique(results.map((r) => (r.status === 'failed' ? r.id : undefined)));
}

export function copyAccounts(accounts: Map<string, AccountState>): Map<string, AccountState> {
  return new Map([...accounts].map(([id, state]) => [id, { ...state }]));
}

function copyPendings(pendings: Map<string, PendingState>): Map<string, PendingState> {
  return new Map([...pendings].map(([id, state]) => [id, { ...state }]));
}

/** The distinct well-formed ids (deduplicated first: a hot account repeats in every row). */
export function unique(values: readonly (string | undefined)[]): string[] {
  return [...new Set(values)].filter(isLedgerId);
}
