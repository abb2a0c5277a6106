import { DomainError } from '../shared/errors.ts';
import { MAX_FEN } from '../shared/money.ts';
import type { NewAccount, NewTransfer, TransferKind } from './types.ts';

/** Lower-case only: PostgreSQL prints uuids in lower case, and ids are compared as strings. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Ledgers and codes are stored as PostgreSQL `integer`. */
const MAX_INT32 = 2_147_483_647;
/**
 * Two leap years (732 days): a voucher grant reserves its budget until the end of the year after
 * the year it is issued, 731 days at most (src/domain/vouchers/grant-lifetime.ts). Longer
 * reservations are a bug in the caller, not a plan.
 */
export const MAX_TIMEOUT_SECONDS = 2 * 366 * 24 * 3600;
export const MAX_USER_DATA_LENGTH = 256;

/** True for a lower-case UUID string: the only ids the ledger accepts. */
export function isLedgerId(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

function invalid(field: string, message: string): DomainError {
  return new DomainError('VALIDATION_FAILED', `${field}: ${message}`, { field });
}

function checkPositiveInt(value: unknown, field: string): DomainError | null {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_INT32) {
    return invalid(field, 'must be an integer between 1 and 2147483647');
  }
  return null;
}

function checkUuid(value: unknown, field: string): DomainError | null {
  return typeof value === 'string' && UUID.test(value)
    ? null
    : invalid(field, 'must be a lower-case UUID');
}

/**
 * NUL cannot be stored in a PostgreSQL text column (the whole batch would fail with a raw
 * database error), and a lone surrogate is stored as U+FFFD, so the stored row would no longer
 * match its hash or an idempotent retry.
 */
const UNSTORABLE = /[\u0000\p{Cs}]/u;

function checkUserData(value: unknown, field: string): DomainError | null {
  if (value === undefined) return null;
  if (typeof value !== 'string' || value.length > MAX_USER_DATA_LENGTH) {
    return invalid(field, `must be a string of at most ${MAX_USER_DATA_LENGTH} characters`);
  }
  return UNSTORABLE.test(value)
    ? invalid(field, 'must not contain NUL or unpaired surrogate characters')
    : null;
}

/**
 * Checks the shape of a new account; returns the first problem (naming the field) or null.
 *
 * @example
 * validateNewAccount({ id: 'x', ledger: 156, code: 1 }, 'accounts.0')?.details.field // 'accounts.0.id'
 */
export function validateNewAccount(account: NewAccount, path: string): DomainError | null {
  const flags = account.flags ?? {};
  if (flags.debitsMustNotExceedCredits === true && flags.creditsMustNotExceedDebits === true) {
    return invalid(`${path}.flags`, 'at most one limit flag may be set');
  }
  return (
    checkUuid(account.id, `${path}.id`) ??
    checkPositiveInt(account.ledger, `${path}.ledger`) ??
    checkPositiveInt(account.code, `${path}.code`) ??
    checkUserData(account.userData, `${path}.userData`)
  );
}

/** The kind of row a client transfer becomes (flags are checked to be exclusive first). */
export function transferKindOf(transfer: NewTransfer): TransferKind {
  const flags = transfer.flags ?? {};
  if (flags.pending === true) return 'pending';
  if (flags.postPending === true) return 'post';
  if (flags.voidPending === true) return 'void';
  return 'single';
}

function checkAmount(transfer: NewTransfer, kind: TransferKind, path: string): DomainError | null {
  const field = `${path}.amountFen`;
  const amount = transfer.amountFen;
  if (typeof amount !== 'bigint') return invalid(field, 'must be a bigint number of fen');
  if (amount > MAX_FEN) return invalid(field, 'must not exceed 2^63 − 1 fen');
  const resolving = kind === 'post' || kind === 'void';
  if (resolving ? amount < 0n : amount <= 0n) {
    return invalid(field, resolving ? 'must not be negative' : 'must be greater than zero');
  }
  return null;
}

function checkFlags(transfer: NewTransfer, kind: TransferKind, path: string): DomainError | null {
  const flags = transfer.flags ?? {};
  const phases = [flags.pending, flags.postPending, flags.voidPending].filter((f) => f === true);
  if (phases.length > 1) {
    return invalid(`${path}.flags`, 'pending, postPending and voidPending are exclusive');
  }
  const resolving = kind === 'post' || kind === 'void';
  if (resolving) {
    const error = checkUuid(transfer.pendingId, `${path}.pendingId`);
    if (error) return error;
    if (transfer.pendingId === transfer.id) {
      return invalid(`${path}.pendingId`, 'must not be the transfer itself');
    }
  } else if (transfer.pendingId !== undefined) {
    return invalid(`${path}.pendingId`, 'only a post or void names a pending transfer');
  }
  const timeout = transfer.timeoutSeconds;
  if (timeout !== undefined && timeout !== 0) {
    if (kind !== 'pending') return invalid(`${path}.timeoutSeconds`, 'only pending transfers');
    if (!Number.isInteger(timeout) || timeout < 0 || timeout > MAX_TIMEOUT_SECONDS) {
      return invalid(`${path}.timeoutSeconds`, `must be an integer 0…${MAX_TIMEOUT_SECONDS}`);
    }
  }
  return null;
}

/**
 * Checks everything about a transfer that needs no database state; returns the first problem
 * (a DomainError naming the field under `path`) or null. Account existence, ledgers of the
 * accounts and balances are checked by the state machine.
 */
export function validateNewTransfer(transfer: NewTransfer, path: string): DomainError | null {
  const kind = transferKindOf(transfer);
  const shape =
    checkUuid(transfer.id, `${path}.id`) ??
    checkUuid(transfer.debitAccountId, `${path}.debitAccountId`) ??
    checkUuid(transfer.creditAccountId, `${path}.creditAccountId`) ??
    checkAmount(transfer, kind, path) ??
    checkPositiveInt(transfer.ledger, `${path}.ledger`) ??
    checkPositiveInt(transfer.code, `${path}.code`) ??
    checkFlags(transfer, kind, path) ??
    checkUserData(transfer.userData, `${path}.userData`);
  if (shape) return shape;
  if (transfer.debitAccountId === transfer.creditAccountId) {
    return new DomainError('SAME_ACCOUNT', undefined, { field: `${path}.creditAccountId` });
  }
  return null;
}
