import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../../db/client.ts';
import {
  applyTransferBatch,
  type AccountState,
  type NewTransfer,
  type TransferResult,
} from '../../domain/ledger/index.ts';
import { lockAndConfirm } from './confirm-assumed-state.ts';
import { appendBatch, copyAccounts, isIdConflict, unique } from './create-transfers.ts';
import {
  loadTransfers,
  prepareWrite,
  runWrite,
  type AccountsAndHead,
  type PreparedWrite,
} from './store.ts';

/** Account snapshots and the chain head: what a batch is computed from, and what it leaves. */
export type LedgerState = AccountsAndHead;

/**
 * A batch computed ahead of its transaction, on an assumed state (the committed state, or the
 * state another batch still in flight will leave). Its transaction locks the accounts and the
 * chain head and writes the prepared rows only if the locked state is exactly the assumed one;
 * otherwise it computes the batch again on what it locked. The state machine is a pure function
 * of that state, so a confirmed assumption gives the same rows as computing under the lock.
 */
export interface PreparedBatch {
  transfers: readonly NewTransfer[];
  now: Date;
  /** Every account the batch names. */
  accountIds: string[];
  assumed: LedgerState;
  results: TransferResult[];
  /** Ids of transfers that failed: a stored one means a retry, whose answer is `exists`. */
  failedIds: string[];
  /** Null when the batch creates nothing. */
  write: PreparedWrite | null;
  /** The state after the batch, if the assumption holds. */
  after: LedgerState;
}

/**
 * Whether a batch can be computed ahead. Not when it names pending transfers: their state
 * (open, posted, voided, expired) lives in rows that the assumed state does not carry.
 */
export function canPrepare(transfers: readonly NewTransfer[]): boolean {
  return transfers.every(
    (t) =>
      t.pendingId === undefined && t.flags?.postPending !== true && t.flags?.voidPending !== true,
  );
}

/** The distinct well-formed account ids the transfers name. */
export function namedAccountIds(transfers: readonly NewTransfer[]): string[] {
  // A plain loop: the hot account is in every transfer of a batch of thousands.
  const ids = new Set<string>();
  for (const t of transfers) {
    ids.add(t.debitAccountId);
    ids.add(t.creditAccountId);
  }
  return unique([...ids]);
}

/**
 * Computes `transfers` on `base` (not changed) as if none of their ids were stored, with the
 * parameters for the `server` that will write them.
 */
export function prepareBatch(
  transfers: readonly NewTransfer[],
  now: Date,
  base: LedgerState,
  server: Database['kind'],
): PreparedBatch {
  const accountIds = namedAccountIds(transfers);
  const assumed = new Map<string, AccountState>();
  for (const id of accountIds) {
    const account = base.accounts.get(id);
    if (account) assumed.set(id, { ...account });
  }
  const accounts = copyAccounts(assumed);
  const outcome = applyTransferBatch({
    transfers,
    accounts,
    existing: new Map(),
    pendings: new Map(),
    now,
    makeId: uuidv7,
  });
  const failedIds = unique(outcome.results.map((r) => (r.status === 'failed' ? r.id : undefined)));
  const write =
    outcome.created.length === 0
      ? null
      : prepareWrite(
          {
            rows: outcome.created,
            head: base.head,
            now,
            touched: outcome.touchedAccountIds,
            accounts,
            before: assumed,
          },
          server,
        );
  return {
    transfers,
    now,
    accountIds,
    assumed: { accounts: assumed, head: base.head },
    results: outcome.results,
    failedIds,
    write,
    after: { accounts, head: write?.head ?? base.head },
  };
}

/**
 * How far a commit has got, for the batcher's pipeline. Each is called once that stage is
 * reached, and both are called when the attempt ends, however it ends.
 */
export interface CommitProgress {
  /** The locks are held: the next batch's transaction may queue behind them. */
  locked: () => void;
  /** The prepared rows are on their way to the database (or nothing more will be sent). */
  writing: () => void;
}

/**
 * Commits a prepared batch in its own transaction: the prepared rows when the locked state is
 * the assumed one (`confirmed`), else the batch computed again under the lock. An id stored
 * meanwhile (a retry) is handled under a savepoint, never by giving up the locks: the batch
 * behind must not commit before this one, or two submissions of one id could swap their
 * answers. Throws like `createTransfers`.
 */
export async function commitPreparedBatch(
  db: Database,
  prepared: PreparedBatch,
  progress?: CommitProgress,
): Promise<{ results: TransferResult[]; confirmed: boolean }> {
  const { transfers, now } = prepared;
  try {
    return await db.transaction(async (tx) => {
      const confirmed = await lockAndConfirm(tx, prepared.accountIds, prepared.assumed);
      progress?.locked();
      const stale =
        !confirmed ||
        (prepared.failedIds.length > 0 && (await loadTransfers(tx, prepared.failedIds)).size > 0);
      const again = async (): Promise<{ results: TransferResult[]; confirmed: boolean }> => ({
        results: await appendBatch(tx, transfers, now, 'savepoint'),
        confirmed: false,
      });
      if (stale) return again();
      if (!prepared.write) return { results: prepared.results, confirmed: true };
      await tx.query('savepoint prepared_batch');
      try {
        const written = runWrite(tx, prepared.write);
        progress?.writing();
        await written;
      } catch (error) {
        if (!isIdConflict(error)) throw error;
        await tx.query('rollback to savepoint prepared_batch');
        return again();
      }
      return { results: prepared.results, confirmed: true };
    });
  } finally {
    progress?.locked();
    progress?.writing();
  }
}
