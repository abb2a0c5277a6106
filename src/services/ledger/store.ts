import type { Sql } from '../../db/client.ts';
import { assert } from '../../domain/shared/assert.ts';
import {
  isLedgerId,
  type AccountState,
  type PendingState,
  type Transfer,
} from '../../domain/ledger/types.ts';
import {
  ACCOUNT_COLUMNS,
  TRANSFER_COLUMNS,
  chainHash,
  plainArray,
  quotedArray,
  toAccountState,
  toTransfer,
  type AccountRow,
  type TransferRow,
} from './rows.ts';

/** Head of the hash chain: the last row's seq and hash (hex). */
export interface ChainHead {
  seq: bigint;
  hash: string;
}

/** Accounts and the chain head as they were read; see `lockAccountsAndHead`. */
export interface AccountsAndHead {
  accounts: Map<string, AccountState>;
  head: ChainHead;
}

/** A row of the accounts-and-head queries: the head repeated, an account or none. */
type AccountAndHeadRow = Omit<AccountRow, 'id'> & {
  id: string | null;
  head_seq: bigint;
  head_hash: string;
};

/**
 * Locks the accounts (in id order: every appender uses this order, so appenders never
 * deadlock) and then the chain head, and returns both, in one round trip. Accounts that do not
 * exist are absent. The head's lock waits for the accounts' because its filter counts the
 * locked accounts: an uncorrelated subquery, evaluated once before the head row is read.
 */
export async function lockAccountsAndHead(
  tx: Sql,
  accountIds: Iterable<string>,
): Promise<AccountsAndHead> {
  const ids = [...new Set(accountIds)].filter(isLedgerId).sort();
  const rows = await tx.query<AccountAndHeadRow>(
    `with locked as materialized (
       select ${ACCOUNT_COLUMNS} from ledger_accounts where id = any($1::uuid[])
        order by id for update),
     head as materialized (
       select seq, encode(hash, 'hex') as hash from ledger_chain_head
        where (select count(*) from locked) >= 0 for update)
     select head.seq as head_seq, head.hash as head_hash, locked.*
       from head left join locked on true`,
    [plainArray(ids)],
  );
  return toAccountsAndHead(rows);
}

/**
 * The committed state of the accounts and the chain head, without locking anything: the
 * assumption a batch is computed on ahead of its transaction (see `prepared-batch.ts`), which
 * `lockAccountsAndHead` then confirms or refutes.
 */
export async function readAccountsAndHead(
  sql: Sql,
  accountIds: Iterable<string>,
): Promise<AccountsAndHead> {
  const ids = [...new Set(accountIds)].filter(isLedgerId);
  const rows = await sql.query<AccountAndHeadRow>(
    `select head.seq as head_seq, encode(head.hash, 'hex') as head_hash, a.*
       from ledger_chain_head head
       left join (select ${ACCOUNT_COLUMNS} from ledger_accounts where id = any($1::uuid[])) a
         on true`,
    [plainArray(ids)],
  );
  return toAccountsAndHead(rows);
}

function toAccountsAndHead(rows: AccountAndHeadRow[]): AccountsAndHead {
  const first = rows[0];
  assert(first, 'ledger: chain head row is missing');
  const accounts = new Map<string, AccountState>();
  for (const row of rows) {
    const { id } = row;
    if (id !== null) accounts.set(id, toAccountState({ ...row, id }));
  }
  return { accounts, head: { seq: first.head_seq, hash: first.head_hash } };
}

/** Stored transfers by id (for idempotency). */
export async function loadTransfers(tx: Sql, ids: string[]): Promise<Map<string, Transfer>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.query<TransferRow>(
    `select ${TRANSFER_COLUMNS} from ledger_transfers where id = any($1::uuid[])`,
    [ids],
  );
  return new Map(rows.map((row) => [row.id, toTransfer(row)]));
}

/** Pending transfers by id with their resolution so far. */
export async function loadPendings(tx: Sql, ids: string[]): Promise<Map<string, PendingState>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.query<TransferRow & { resolution: PendingState['resolution'] }>(
    `select ${TRANSFER_COLUMNS},
            (select r.kind from ledger_transfers r where r.pending_id = t.id) as resolution
       from ledger_transfers t where t.id = any($1::uuid[]) and t.kind = 'pending'`,
    [ids],
  );
  return new Map(
    rows.map((row) => [row.id, { transfer: toTransfer(row), resolution: row.resolution }]),
  );
}

/** What `writeBatch` sends: computed without the database, so it can be built ahead of time. */
export interface PreparedWrite {
  params: unknown[];
  /** The chain head once written. */
  head: ChainHead;
}

/** What `writeBatch` answers: written, or not (the state was not the assumed one). */
export type WriteOutcome = 'written' | 'stale';

export interface BatchToWrite {
  /** Rows to create (none: the batch only failed, and that answer is confirmed). */
  rows: Transfer[];
  /** The chain head the batch was computed on. */
  head: ChainHead;
  now: Date;
  /** Every account the batch names: locked, and each one assumed present or absent. */
  named: readonly string[];
  /** The named accounts as the batch found them (absent: assumed not to exist). */
  before: Map<string, AccountState>;
  /** Their state after the batch; `touched` says which changed. */
  accounts: Map<string, AccountState>;
  touched: Set<string>;
  /** Ids of transfers that failed: if one is stored, the answer is `exists` instead. */
  failedIds: readonly string[];
}

/**
 * Writes a computed batch in ONE statement, `ledger_append_batch` (migration 0090): locks the
 * named accounts and the chain head, confirms they hold exactly the state the batch was
 * computed on and that none of its ids is stored, then inserts the rows with their chain
 * positions and hashes, writes the counters (re-checking both limits: a refusal is a bug and
 * fails the statement) and moves the head. 'stale' means nothing was written. Called outside
 * a transaction it commits by itself.
 */
export async function writeBatch(sql: Sql, batch: BatchToWrite): Promise<WriteOutcome> {
  return runWrite(sql, prepareWrite(batch));
}

export async function runWrite(sql: Sql, write: PreparedWrite): Promise<WriteOutcome> {
  const [result] = await sql.query<{ outcome: WriteOutcome }>(WRITE_BATCH_SQL, write.params);
  assert(result !== undefined, 'ledger: ledger_append_batch answered nothing');
  return result.outcome;
}

/**
 * The chain positions, hashes and parameters of `writeBatch` (pure; sets each row's `seq`).
 * The new chain head is the last row's seq and hash.
 */
export function prepareWrite(batch: BatchToWrite): PreparedWrite {
  const { rows, head, now } = batch;
  let seq = head.seq;
  let hash = head.hash;
  const hashes: string[] = [];
  for (const row of rows) {
    assert(
      row.createdAt.getTime() === now.getTime(),
      'ledger: a row of the batch has another time',
    );
    seq += 1n;
    row.seq = seq;
    hash = chainHash(hash, row);
    hashes.push(hash);
  }
  const changed = [...batch.touched]
    .map((id) => batch.accounts.get(id))
    .filter((a): a is AccountState => a !== undefined);
  assert(changed.length === batch.touched.size, 'ledger: a touched account was not locked');
  // Account ids repeat (a hot account is in every row): send each once and index into it;
  // parsing a uuid[] costs about half a microsecond per element.
  const accountIndex = new Map(changed.map((account, i) => [account.id, i + 1]));
  const indexOf = (id: string): number => {
    const index = accountIndex.get(id);
    assert(index !== undefined, 'ledger: a row names an account the batch did not touch');
    return index;
  };
  const assumed = [...batch.before.values()];
  const counters = (accounts: AccountState[]): string[] =>
    COUNTERS.map((key) => plainArray(accounts.map((a) => a[key])));
  // Ids are validated lower-case uuids and numbers are numbers: only user data needs quoting.
  const params = [
    head.seq.toString(),
    head.hash,
    plainArray(batch.named),
    plainArray(assumed.map((a) => a.id)),
    ...counters(assumed),
    plainArray(batch.failedIds),
    plainArray(rows.map((r) => r.id)),
    plainArray(rows.map((r) => r.kind)),
    plainArray(rows.map((r) => indexOf(r.debitAccountId))),
    plainArray(rows.map((r) => indexOf(r.creditAccountId))),
    plainArray(rows.map((r) => r.amountFen)),
    plainArray(rows.map((r) => r.ledger)),
    plainArray(rows.map((r) => r.code)),
    plainArray(rows.map((r) => r.linked)),
    plainArray(rows.map((r) => r.pendingId ?? 'NULL')),
    plainArray(rows.map((r) => r.timeoutSeconds)),
    quotedArray(rows.map((r) => r.userData)),
    plainArray(hashes),
    now,
    plainArray(changed.map((a) => a.id)),
    ...counters(changed),
  ];
  return { params, head: { seq, hash } };
}

const COUNTERS = [
  'debitsPendingFen',
  'debitsPostedFen',
  'creditsPendingFen',
  'creditsPostedFen',
] as const;

const WRITE_BATCH_SQL = `select ledger_append_batch(${Array.from(
  { length: 27 },
  (_, i) => `$${i + 1}`,
).join(', ')}) as outcome`;
