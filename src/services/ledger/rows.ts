import { hash } from 'node:crypto';
import type { Account, AccountState, Transfer, TransferKind } from '../../domain/ledger/index.ts';

/** Columns of `ledger_accounts` in the shape `AccountRow` maps. */
export const ACCOUNT_COLUMNS = `id, ledger, code, debits_must_not_exceed_credits, credits_must_not_exceed_debits,
  user_data, debits_pending, debits_posted, credits_pending, credits_posted, created_at`;

export interface AccountRow {
  id: string;
  ledger: number;
  code: number;
  debits_must_not_exceed_credits: boolean;
  credits_must_not_exceed_debits: boolean;
  user_data: string;
  debits_pending: bigint;
  debits_posted: bigint;
  credits_pending: bigint;
  credits_posted: bigint;
  created_at: Date;
}

export function toAccount(row: AccountRow): Account {
  return {
    id: row.id,
    ledger: row.ledger,
    code: row.code,
    flags: {
      debitsMustNotExceedCredits: row.debits_must_not_exceed_credits,
      creditsMustNotExceedDebits: row.credits_must_not_exceed_debits,
    },
    userData: row.user_data,
    debitsPendingFen: row.debits_pending,
    debitsPostedFen: row.debits_posted,
    creditsPendingFen: row.credits_pending,
    creditsPostedFen: row.credits_posted,
    createdAt: row.created_at,
  };
}

/**
 * The columns `AccountState` needs: what a batch locks and computes on, read for every account
 * of every batch, so without the ones it never looks at (a timestamp costs a parse per row).
 */
export const ACCOUNT_STATE_COLUMNS = `id, ledger, debits_must_not_exceed_credits,
  credits_must_not_exceed_debits, debits_pending, debits_posted, credits_pending, credits_posted`;

export type AccountStateRow = Pick<
  AccountRow,
  | 'id'
  | 'ledger'
  | 'debits_must_not_exceed_credits'
  | 'credits_must_not_exceed_debits'
  | 'debits_pending'
  | 'debits_posted'
  | 'credits_pending'
  | 'credits_posted'
>;

export function toAccountState(row: AccountStateRow): AccountState {
  return {
    id: row.id,
    ledger: row.ledger,
    flags: {
      debitsMustNotExceedCredits: row.debits_must_not_exceed_credits,
      creditsMustNotExceedDebits: row.credits_must_not_exceed_debits,
    },
    debitsPendingFen: row.debits_pending,
    debitsPostedFen: row.debits_posted,
    creditsPendingFen: row.credits_pending,
    creditsPostedFen: row.credits_posted,
  };
}

/** Columns of `ledger_transfers` in the shape `TransferRow` maps (hash as hex). */
export const TRANSFER_COLUMNS = `seq, id, kind, debit_account_id, credit_account_id, amount_fen, ledger,
  code, linked, pending_id, timeout_seconds, user_data, created_at, encode(hash, 'hex') as hash`;

export interface TransferRow {
  seq: bigint;
  id: string;
  kind: string;
  debit_account_id: string;
  credit_account_id: string;
  amount_fen: bigint;
  ledger: number;
  code: number;
  linked: boolean;
  pending_id: string | null;
  timeout_seconds: number;
  user_data: string;
  created_at: Date;
  hash: string;
}

export function toTransfer(row: TransferRow): Transfer {
  return {
    id: row.id,
    kind: row.kind as TransferKind,
    debitAccountId: row.debit_account_id,
    creditAccountId: row.credit_account_id,
    amountFen: row.amount_fen,
    ledger: row.ledger,
    code: row.code,
    linked: row.linked,
    pendingId: row.pending_id,
    timeoutSeconds: row.timeout_seconds,
    userData: row.user_data,
    createdAt: row.created_at,
    seq: row.seq,
  };
}

/**
 * The canonical encoding of a transfer that the hash chain covers: every stored column in a
 * fixed order, separated by `|`, amounts as decimal, the time as epoch milliseconds, and the
 * free-text user data last and JSON-quoted. Unambiguous: no other field can hold a `|` (ids
 * are uuids, the rest numbers, booleans or a kind word).
 */
export function canonicalTransfer(transfer: Transfer): string {
  return (
    `${transfer.seq}|${transfer.id}|${transfer.kind}|${transfer.debitAccountId}|` +
    `${transfer.creditAccountId}|${transfer.amountFen}|${transfer.ledger}|${transfer.code}|` +
    `${transfer.linked ? 1 : 0}|${transfer.pendingId ?? ''}|${transfer.timeoutSeconds}|` +
    `${transfer.createdAt.getTime()}|${JSON.stringify(transfer.userData)}`
  );
}

/**
 * hash(n) = sha256(hex(hash(n − 1)) || canonical(n)) as hex; the first row chains to the empty
 * string. One-shot `crypto.hash` on one string: a third of the cost of a `createHash` object
 * per row, which matters at tens of thousands of rows per second.
 */
export function chainHash(previousHashHex: string, transfer: Transfer): string {
  return hash('sha256', previousHashHex + canonicalTransfer(transfer), 'hex');
}

/**
 * A PostgreSQL array literal of values that need no quoting (validated uuids, numbers,
 * booleans, hex). Built by hand because pg's generic array serialiser costs a fifth of a
 * large batch's time; pass it as a text parameter cast to the array type (`$1::uuid[]`).
 */
export function plainArray(values: readonly (string | number | bigint | boolean)[]): string {
  return `{${values.join(',')}}`;
}

/** A PostgreSQL array literal of arbitrary strings (quoted, escaped) and NULLs. */
export function quotedArray(values: readonly (string | null)[]): string {
  return `{${values
    .map((value) => (value === null ? 'NULL' : `"${value.replace(/[\\"]/g, '\\$&')}"`))
    .join(',')}}`;
}
