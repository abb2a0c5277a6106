import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../../db/client.ts';
import {
  applyTransferBatch,
  type AccountState,
  type NewTransfer,
  type TransferResult,
} from '../../domain/ledger/types.ts';
import { copyAccounts, failedIdsOf, unique } from './create-transfers.ts';
import {
  prepareWrite,
  runWrite,
  type AccountsAndHead,
  type PreparedWrite,
  type WriteOutcome,
} from './store.ts';

/** Account snapshots and the chain head: what a batch is computed from, and what it leaves. */
export type LedgerState = AccountsAndHead;

/**
 * A batch computed ahead of its transaction, on an assumed state (the committed state, or the
 * state another batch still in flight will leave). Its write (`ledger_append_batch`) locks the
 * accounts and the chain head and writes the prepared rows only if the locked state is exactly
 * the assumed one; otherwise it writes nothing ('stale') and the batch is computed again. The
 * state machine is a pure function of that state, so a confirmed assumption gives the same rows
 * as computing under the lock.
 */
export interface PreparedBatch {
  transfers: readonly NewTransfer[];
  now: Date;
  results: TransferResult[];
  /** Also when the batch creates nothing: its failures hold only on the assumed state. */
  write: PreparedWrite;
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

/** Computes `transfers` on `base` (not changed) as if none of their ids were stored. */
export function prepareBatch(
  transfers: readonly NewTransfer[],
  now: Date,
  base: LedgerState,
): PreparedBatch {
  const named = namedAccountIds(transfers);
  const before = new Map<string, AccountState>();
  for (const id of named) {
    const account = base.accounts.get(id);
    if (account) before.set(id, { ...account });
  }
  const accounts = copyAccounts(before);
  const outcome = applyTransferBatch({
    transfers,
    accounts,
    existing: new Map(),
    pendings: new Map(),
    now,
    makeId: uuidv7,
  });
  const write = prepareWrite({
    rows: outcome.created,
    head: base.head,
    now,
    named,
    before,
    accounts,
    touched: outcome.touchedAccountIds,
    failedIds: failedIdsOf(outcome.results),
  });
  return {
    transfers,
    now,
    results: outcome.results,
    write,
    after: { accounts, head: write.head },
  };
}

/**
 * Writes a prepared batch in one statement outside any transaction (it commits by itself):
 * 'written' when the locked state was the assumed one, else 'stale' and nothing was written.
 * Sent while the batch in front is still in the database, it waits in PostgreSQL's lock queue
 * and runs the moment that one commits.
 */
export function writePrepared(db: Database, prepared: PreparedBatch): Promise<WriteOutcome> {
  return runWrite(db, prepared.write);
}
