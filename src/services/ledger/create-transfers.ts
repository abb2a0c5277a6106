import { v7 as uuidv7 } from 'uuid';
import type { Database, Sql } from '../../db/client.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import {
  applyTransferBatch,
  isLedgerId,
  type AccountState,
  type NewTransfer,
  type PendingState,
  type TransferResult,
} from '../../domain/ledger/index.ts';
import {
  loadPendings,
  loadTransfers,
  lockAccountsAndHead,
  writeBatch,
  type ChainHead,
} from './store.ts';
/**
 * Most transfers one call (one database transaction) takes. Each batch pays for locking and
 * updating every account it names (about 15 µs per account), so under load the batcher's
 * batches are as large as this allows: at 16,384 transfers naming 1,001 accounts that is about
 * 1 µs per transfer, at 8,192 twice as much.
 */
export const MAX_TRANSFERS_PER_BATCH = 16_384;

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
 * (guarded: the WHERE clause re-checks every limit) and chain head in one more. Inside a
 * caller's transaction (`sql` is a tx) it uses a savepoint, so an id conflict never aborts
 * the caller's work. Throws for a batch over MAX_TRANSFERS_PER_BATCH, on bugs (failed
 * asserts) and on database failures: then nothing of the batch was written, or — if the
 * connection died after COMMIT — all of it; retry with the same ids.
 *
 * @example
 * const [result] = await createTransfers({ sql: db, transfers: [{ id: v7(), debitAccountId,
 *   creditAccountId, amountFen: 100n, ledger: 156, code: 1 }] });
 */
export async function createTransfers(options: CreateTransfersOptions): Promise<TransferResult[]> {
  const { transfers } = options;
  if (transfers.length > MAX_TRANSFERS_PER_BATCH) {
    throw new DomainError('VALIDATION_FAILED', `transfers: at most ${MAX_TRANSFERS_PER_BATCH}`, {
      field: 'transfers',
    });
  }
  if (transfers.length === 0) return [];
  const now = options.now ?? new Date();
  const { sql } = options;
  if (!('transaction' in sql)) return appendBatch(sql, transfers, now, 'savepoint');
  // Our own transaction: an id conflict may abort it whole (one round trip less than a
  // savepoint), and the batch runs again in a new one, knowing the stored rows.
  try {
    return await sql.transaction((tx) => appendBatch(tx, transfers, now, 'abort'));
  } catch (error) {
    if (!isIdConflict(error)) throw error;
    return sql.transaction((tx) => appendBatch(tx, transfers, now, 'careful'));
  }
}

/**
 * How a batch learns which of its ids are stored: `careful` looks them all up first;
 * `savepoint` and `abort` assume none is (see `tryOptimistic`) and, on an id conflict, roll
 * back to a savepoint and recompute, or let the conflict abort the transaction.
 */
export type Mode = 'careful' | 'savepoint' | 'abort';

export async function appendBatch(
  tx: Sql,
  transfers: readonly NewTransfer[],
  now: Date,
  mode: Mode,
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
  const { accounts, head } = await lockAccountsAndHead(
    tx,
    unique([
      ...transfers.flatMap((t) => [t.debitAccountId, t.creditAccountId]),
      ...pendingAccounts.flatMap((row) => [row.debit_account_id, row.credit_account_id]),
    ]),
  );
  const before = copyAccounts(accounts);
  // Read after the head lock: every committed appender before us is visible now.
  const pendings = await loadPendings(tx, pendingIds);
  if (mode !== 'careful') {
    const optimistic = await tryOptimistic(tx, mode === 'savepoint', {
      transfers,
      now,
      accounts,
      before,
      pendings,
      head,
    });
    if (optimistic) return optimistic;
  }
  // Some id of the batch is stored already: compute it again, this time knowing those rows.
  const fresh = copyAccounts(before);
  const outcome = applyTransferBatch({
    transfers,
    accounts: fresh,
    existing: await loadTransfers(tx, unique(transfers.map((t) => t.id))),
    pendings,
    now,
    makeId: uuidv7,
  });
  if (outcome.created.length > 0) {
    await writeBatch(tx, {
      rows: outcome.created,
      head,
      now,
      touched: outcome.touchedAccountIds,
      accounts: fresh,
      before,
    });
  }
  return outcome.results;
}

/**
 * The fast path: nearly every batch carries only new ids, so compute it as if none were
 * stored (no lookup of thousands of ids) and let the unique index on `id` say otherwise:
 * with `savepoint` the write runs under one and an id conflict rolls it back and returns
 * null; without, the conflict error propagates. A failed transfer writes nothing the index
 * could catch, so the ids of failed transfers are looked up (usually none): a stored one
 * means the right answer is `exists` or a conflict, and null is returned.
 */
async function tryOptimistic(
  tx: Sql,
  savepoint: boolean,
  batch: {
    transfers: readonly NewTransfer[];
    now: Date;
    accounts: Map<string, AccountState>;
    before: Map<string, AccountState>;
    pendings: Map<string, PendingState>;
    head: ChainHead;
  },
): Promise<TransferResult[] | null> {
  const { transfers, now, head, before } = batch;
  const outcome = applyTransferBatch({
    transfers,
    accounts: batch.accounts,
    existing: new Map(),
    pendings: copyPendings(batch.pendings),
    now,
    makeId: uuidv7,
  });
  const failedIds = unique(outcome.results.map((r) => (r.status === 'failed' ? r.id : undefined)));
  if (failedIds.length > 0 && (await loadTransfers(tx, failedIds)).size > 0) return null;
  if (outcome.created.length === 0) return outcome.results;
  const write = (): Promise<void> =>
    writeBatch(tx, {
      rows: outcome.created,
      head,
      now,
      touched: outcome.touchedAccountIds,
      accounts: batch.accounts,
      before,
    });
  if (!savepoint) {
    await write();
    return outcome.results;
  }
  await tx.query('savepoint ledger_batch');
  try {
    await write();
  } catch (error) {
    if (!isIdConflict(error)) throw error;
    await tx.query('rollback to savepoint ledger_batch');
    return null;
  }
  return outcome.results;
}

/** A unique violation of `ledger_transfers.id` (pg and PGlite errors carry these fields). */
export function isIdConflict(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    error.code === '23505' &&
    'constraint' in error &&
    error.constraint === 'ledger_transfers_id_key'
  );
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
