import { v7 as uuidv7 } from 'uuid';
import type { Database, Sql } from '../../db/client.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import {
  applyTransferBatch,
  isLedgerId,
  type NewTransfer,
  type TransferResult,
} from '../../domain/ledger/types.ts';
import { inTransaction } from './rows.ts';
import {
  insertTransfers,
  loadPendings,
  loadTransfers,
  lockAccountsAndHead,
  updateAccounts,
} from './store.ts';
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
 * involved accounts in id order, then the chain head; writes all rows with a few set-based
 * statements whose WHERE clause re-checks every limit.
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
  return inTransaction(options.sql, (tx) => appendBatch(tx, transfers, now));
}

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
  const { accounts, head } = await lockAccountsAndHead(
    tx,
    unique([
      ...transfers.flatMap((t) => [t.debitAccountId, t.creditAccountId]),
      ...pendingAccounts.flatMap((row) => [row.debit_account_id, row.credit_account_id]),
    ]),
  );
  const before = new Map([...accounts].map(([id, state]) => [id, { ...state }]));
  // Read after the head lock: every committed appender before us is visible now.
  const existing = await loadTransfers(tx, unique(transfers.map((t) => t.id)));
  const pendings = await loadPendings(tx, pendingIds);
  const outcome = applyTransferBatch({
    transfers,
    accounts,
    existing,
    pendings,
    now,
    makeId: uuidv7,
  });
  if (outcome.created.length > 0) {
    await insertTransfers(tx, outcome.created, head, now);
    await updateAccounts(tx, outcome.touchedAccountIds, accounts, before);
  }
  return outcome.results;
}

function unique(values: readonly (string | undefined)[]): string[] {
  return [...new Set(values.filter(isLedgerId))];
}
