import type { QueryOptions, Sql } from '../../db/client.ts';
import { assert } from '../../domain/shared/assert.ts';
import {
  isLedgerId,
  type AccountState,
  type PendingState,
  type Transfer,
} from '../../domain/ledger/index.ts';
import { INSERT_TRANSFERS_SQL, transferRowParams } from './insert-transfers.ts';
import {
  ACCOUNT_STATE_COLUMNS,
  TRANSFER_COLUMNS,
  chainHash,
  plainArray,
  toAccountState,
  toTransfer,
  type AccountStateRow,
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
type AccountAndHeadRow = Omit<AccountStateRow, 'id'> & {
  id: string | null;
  head_seq: bigint;
  head_hash: string;
};

/**
 * Small batches (low load, where latency counts) run the ledger's statements as prepared
 * statements: no parse, and after a few calls a generic plan, so no planning either. Large
 * ones are planned for their arrays each time. A generic plan assumes ten elements per array:
 * it cannot hash `id = any($1)`, so rechecking each of a thousand rows locked after a wait
 * compared it with every id (40 ms a batch), and it plans joins for a few rows.
 */
const PREPARED_MAX_ELEMENTS = 512;

export function preparedIfSmall(name: string, elements: number): QueryOptions | undefined {
  return elements <= PREPARED_MAX_ELEMENTS ? { prepareAs: name } : undefined;
}

/**
 * The lock order every appender takes, as the start of a statement: the accounts named by `$1`
 * (uuid[]) in id order, then the chain head, so appenders never deadlock. The head's lock
 * waits for the accounts' because its filter counts the locked accounts: an uncorrelated
 * subquery, evaluated once before the head row is read. Pass the ids through `lockOrderIds`.
 */
export const LOCK_ACCOUNTS_THEN_HEAD = `with locked as materialized (
       select ${ACCOUNT_STATE_COLUMNS} from ledger_accounts where id = any($1::uuid[])
        order by id for update),
     head as materialized (
       select seq, encode(hash, 'hex') as hash from ledger_chain_head
        where (select count(*) from locked) >= 0 for update)`;

/** The distinct well-formed ids in lock order, as `LOCK_ACCOUNTS_THEN_HEAD` takes them. */
export function lockOrderIds(accountIds: Iterable<string>): string[] {
  return [...new Set(accountIds)].filter(isLedgerId).sort();
}

/**
 * Locks the accounts and then the chain head (`LOCK_ACCOUNTS_THEN_HEAD`) and returns both, in
 * one round trip. Accounts that do not exist are absent.
 */
export async function lockAccountsAndHead(
  tx: Sql,
  accountIds: Iterable<string>,
): Promise<AccountsAndHead> {
  const ids = lockOrderIds(accountIds);
  const rows = await tx.query<AccountAndHeadRow>(
    `${LOCK_ACCOUNTS_THEN_HEAD}
     select head.seq as head_seq, head.hash as head_hash, locked.*
       from head left join locked on true`,
    [plainArray(ids)],
    preparedIfSmall('ledger_lock_accounts_and_head', ids.length),
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
       left join (select ${ACCOUNT_STATE_COLUMNS} from ledger_accounts where id = any($1::uuid[])) a
         on true`,
    [plainArray(ids)],
    preparedIfSmall('ledger_read_accounts_and_head', ids.length),
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
  /** How many account rows the guarded update must change. */
  accountCount: number;
  /** How many transfer rows it inserts. */
  rowCount: number;
}

export interface BatchToWrite {
  rows: Transfer[];
  head: ChainHead;
  now: Date;
  touched: Set<string>;
  accounts: Map<string, AccountState>;
  before: Map<string, AccountState>;
}

/**
 * Writes a computed batch in ONE statement (one round trip, which is most of a small batch's
 * latency): gives the rows their chain positions and hashes and inserts them, writes the new
 * counters of the touched accounts, and moves the chain head. The account update's WHERE
 * clause is the guard: it re-checks both limits on the values written and that the row still
 * holds the values the batch was computed from, so a short row count is a bug (the state
 * machine let something through) and fails the transaction.
 */
export async function writeBatch(tx: Sql, batch: BatchToWrite): Promise<void> {
  await runWrite(tx, prepareWrite(batch, tx.kind));
}

export async function runWrite(tx: Sql, write: PreparedWrite): Promise<void> {
  const [result] = await tx.query<{ n: number }>(
    WRITE_BATCH_SQL,
    write.params,
    preparedIfSmall('ledger_write_batch', write.rowCount),
  );
  assert(result?.n === write.accountCount, 'ledger: guarded account update refused a row');
}

/**
 * The chain positions, hashes and parameters of `writeBatch` (pure; sets each row's `seq`).
 * The new chain head is the last row's seq and hash. The per-row arrays go to a PostgreSQL
 * server in binary (see `binary-array.ts`), to PGlite as text.
 */
export function prepareWrite(
  batch: BatchToWrite,
  server: Sql['kind'],
): PreparedWrite & { head: ChainHead } {
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
  const old = (key: keyof AccountState & `${string}Fen`): string =>
    plainArray(changed.map((a) => (batch.before.get(a.id)?.[key] ?? -1n).toString()));
  const params = [
    ...transferRowParams({ rows, hashes, accountIds: changed.map((a) => a.id), now }, server),
    seq.toString(),
    hash,
    plainArray(changed.map((a) => a.debitsPendingFen)),
    plainArray(changed.map((a) => a.debitsPostedFen)),
    plainArray(changed.map((a) => a.creditsPendingFen)),
    plainArray(changed.map((a) => a.creditsPostedFen)),
    old('debitsPendingFen'),
    old('debitsPostedFen'),
    old('creditsPendingFen'),
    old('creditsPostedFen'),
  ];
  return { params, accountCount: changed.length, rowCount: rows.length, head: { seq, hash } };
}

const WRITE_BATCH_SQL = `with inserted as (${INSERT_TRANSFERS_SQL}),
     head as (
       update ledger_chain_head set seq = $16, hash = decode($17, 'hex')),
     changed as (
       update ledger_accounts a
          set debits_pending = u.dp, debits_posted = u.dpo,
              credits_pending = u.cp, credits_posted = u.cpo
         from unnest($15::uuid[], $18::bigint[], $19::bigint[], $20::bigint[], $21::bigint[],
                     $22::bigint[], $23::bigint[], $24::bigint[], $25::bigint[])
           as u(id, dp, dpo, cp, cpo, old_dp, old_dpo, old_cp, old_cpo)
        where a.id = u.id
          and a.debits_pending = u.old_dp and a.debits_posted = u.old_dpo
          and a.credits_pending = u.old_cp and a.credits_posted = u.old_cpo
          and (not a.debits_must_not_exceed_credits or u.dp::numeric + u.dpo <= u.cpo)
          and (not a.credits_must_not_exceed_debits or u.cp::numeric + u.cpo <= u.dpo)
       returning 1)
     select count(*)::int as n from changed`;
