import { assert } from '../shared/assert.ts';
import { DomainError } from '../shared/errors.ts';
import { MAX_FEN } from '../shared/money.ts';
import type {
  AccountBalance,
  AccountFlags,
  NewTransfer,
  Transfer,
  TransferKind,
  TransferResult,
} from './types.ts';
import { transferKindOf, validateNewTransfer } from './validate.ts';

/** The part of an account the state machine reads and changes. */
export interface AccountState {
  id: string;
  ledger: number;
  flags: Required<AccountFlags>;
  debitsPendingFen: bigint;
  debitsPostedFen: bigint;
  creditsPendingFen: bigint;
  creditsPostedFen: bigint;
}

/** A pending transfer and how it was resolved so far (null = still open). */
export interface PendingState {
  transfer: Transfer;
  resolution: 'post' | 'void' | 'expire' | null;
}

export interface BatchInput {
  transfers: readonly NewTransfer[];
  /** Every account the batch may touch (missing ones fail with ACCOUNT_NOT_FOUND). Mutated. */
  accounts: Map<string, AccountState>;
  /** Stored transfers whose ids occur in the batch (idempotency). Mutated: gains the created. */
  existing: Map<string, Transfer>;
  /** Stored pending transfers the batch's posts and voids name. Mutated. */
  pendings: Map<string, PendingState>;
  now: Date;
  /** Makes ids for expire rows written on the way (uuid v7 in the services). */
  makeId: () => string;
  /** Prefix of error fields, e.g. `transfers`. */
  path?: string;
}

export interface BatchOutcome {
  results: TransferResult[];
  /** New rows in chain order: lazy expiries first, then the created transfers. */
  created: Transfer[];
  /** Ids of accounts whose counters changed. */
  touchedAccountIds: Set<string>;
}

/** How a row moves money: the debit account gets the debit side, the credit account the credit side. */
interface Movement {
  pendingDeltaFen: bigint;
  postedDeltaFen: bigint;
}

/** Undo log of a linked chain: restored when a member fails. */
interface Journal {
  accounts: Map<string, AccountState>;
  pendings: Map<string, PendingState | undefined>;
  existingIds: string[];
  createdLength: number;
}

export function expiresAt(transfer: Transfer): Date | null {
  if (transfer.kind !== 'pending' || transfer.timeoutSeconds === 0) return null;
  return new Date(transfer.createdAt.getTime() + transfer.timeoutSeconds * 1000);
}

function isExpired(pending: Transfer, now: Date): boolean {
  const at = expiresAt(pending);
  return at !== null && now.getTime() >= at.getTime();
}

/** What would be wrong with an account holding these counters (null = nothing). */
function violation(
  account: AccountState,
  debitsPendingFen: bigint,
  debitsPostedFen: bigint,
  creditsPendingFen: bigint,
  creditsPostedFen: bigint,
): 'limit' | 'overflow' | null {
  const debits = debitsPendingFen + debitsPostedFen;
  const credits = creditsPendingFen + creditsPostedFen;
  if (debits > MAX_FEN || credits > MAX_FEN) return 'overflow';
  if (account.flags.debitsMustNotExceedCredits && debits > creditsPostedFen) return 'limit';
  if (account.flags.creditsMustNotExceedDebits && credits > debitsPostedFen) return 'limit';
  return null;
}

function limitError(problem: 'limit' | 'overflow', field: string, accountId: string): DomainError {
  return problem === 'overflow'
    ? new DomainError('VALIDATION_FAILED', `${field}: would overflow account counters`, {
        field,
        accountId,
      })
    : new DomainError('INSUFFICIENT_BALANCE', undefined, { field, accountId });
}

/**
 * Applies a movement to both accounts, or to neither when a limit or counter would break.
 * Hot path (every transfer): computes the new counters without building new objects.
 */
function move(
  debit: AccountState,
  credit: AccountState,
  movement: Movement,
  field: string,
  journal: Journal | null,
): DomainError | null {
  const debitsPendingFen = debit.debitsPendingFen + movement.pendingDeltaFen;
  const debitsPostedFen = debit.debitsPostedFen + movement.postedDeltaFen;
  const creditsPendingFen = credit.creditsPendingFen + movement.pendingDeltaFen;
  const creditsPostedFen = credit.creditsPostedFen + movement.postedDeltaFen;
  assert(
    debitsPendingFen >= 0n && creditsPendingFen >= 0n,
    'ledger: pending counters went negative',
  );
  // Debit side first, then credit side, as before: the first account at fault is named.
  const debitProblem = violation(
    debit,
    debitsPendingFen,
    debitsPostedFen,
    debit.creditsPendingFen,
    debit.creditsPostedFen,
  );
  if (debitProblem) return limitError(debitProblem, field, debit.id);
  const creditProblem = violation(
    credit,
    credit.debitsPendingFen,
    credit.debitsPostedFen,
    creditsPendingFen,
    creditsPostedFen,
  );
  if (creditProblem) return limitError(creditProblem, field, credit.id);
  if (journal) {
    if (!journal.accounts.has(debit.id)) journal.accounts.set(debit.id, { ...debit });
    if (!journal.accounts.has(credit.id)) journal.accounts.set(credit.id, { ...credit });
  }
  // Mutate in place: callers hold the same objects in their maps.
  debit.debitsPendingFen = debitsPendingFen;
  debit.debitsPostedFen = debitsPostedFen;
  credit.creditsPendingFen = creditsPendingFen;
  credit.creditsPostedFen = creditsPostedFen;
  return null;
}

function sameBody(
  stored: Transfer,
  transfer: NewTransfer,
  pendings: BatchInput['pendings'],
): boolean {
  const kind = transferKindOf(transfer);
  let amountMatches = stored.amountFen === transfer.amountFen;
  if ((kind === 'post' || kind === 'void') && transfer.amountFen === 0n) {
    const pending = pendings.get(transfer.pendingId ?? '');
    amountMatches = pending !== undefined && pending.transfer.amountFen === stored.amountFen;
  }
  return (
    amountMatches &&
    stored.kind === kind &&
    stored.debitAccountId === transfer.debitAccountId &&
    stored.creditAccountId === transfer.creditAccountId &&
    stored.ledger === transfer.ledger &&
    stored.code === transfer.code &&
    stored.linked === (transfer.flags?.linked === true) &&
    stored.pendingId === (transfer.pendingId ?? null) &&
    stored.timeoutSeconds === (transfer.timeoutSeconds ?? 0) &&
    stored.userData === (transfer.userData ?? '')
  );
}

function newRow(transfer: NewTransfer, kind: TransferKind, amountFen: bigint, now: Date): Transfer {
  return {
    id: transfer.id,
    kind,
    debitAccountId: transfer.debitAccountId,
    creditAccountId: transfer.creditAccountId,
    amountFen,
    ledger: transfer.ledger,
    code: transfer.code,
    linked: transfer.flags?.linked === true,
    pendingId: transfer.pendingId ?? null,
    timeoutSeconds: transfer.timeoutSeconds ?? 0,
    userData: transfer.userData ?? '',
    createdAt: now,
    seq: 0n,
  };
}

/** The movement of a post or void, after checking it against its pending transfer. */
function resolve(
  transfer: NewTransfer,
  kind: 'post' | 'void',
  input: BatchInput,
  field: string,
): { movement: Movement; amountFen: bigint } | DomainError {
  const state = input.pendings.get(transfer.pendingId ?? '');
  if (!state)
    return new DomainError('PENDING_NOT_FOUND', undefined, { field: `${field}.pendingId` });
  const pending = state.transfer;
  if (
    state.resolution === 'expire' ||
    (state.resolution === null && isExpired(pending, input.now))
  ) {
    return new DomainError('PENDING_EXPIRED', undefined, { field: `${field}.pendingId` });
  }
  if (state.resolution !== null) {
    return new DomainError('PENDING_ALREADY_RESOLVED', undefined, { field: `${field}.pendingId` });
  }
  for (const key of ['debitAccountId', 'creditAccountId'] as const) {
    if (transfer[key] !== pending[key]) {
      return new DomainError('VALIDATION_FAILED', `${field}.${key}: must equal the pending's`, {
        field: `${field}.${key}`,
      });
    }
  }
  if (transfer.ledger !== pending.ledger) {
    return new DomainError('LEDGER_MISMATCH', undefined, { field: `${field}.ledger` });
  }
  const pendingFen = pending.amountFen;
  const amount = transfer.amountFen;
  if (amount > pendingFen) {
    return new DomainError('AMOUNT_EXCEEDS_PENDING', undefined, { field: `${field}.amountFen` });
  }
  if (kind === 'void' && amount !== 0n && amount !== pendingFen) {
    return new DomainError('VALIDATION_FAILED', `${field}.amountFen: a void releases it all`, {
      field: `${field}.amountFen`,
    });
  }
  const postedFen = kind === 'post' && amount !== 0n ? amount : pendingFen;
  return {
    movement: { pendingDeltaFen: -pendingFen, postedDeltaFen: kind === 'post' ? postedFen : 0n },
    amountFen: postedFen,
  };
}

/** Applies one transfer: 'exists' (no effect), null (applied) or the error (no effect). */
function applyOne(
  transfer: NewTransfer,
  input: BatchInput,
  field: string,
  created: Transfer[],
  journal: Journal | null,
): DomainError | 'exists' | null {
  const invalid = validateNewTransfer(transfer, field);
  if (invalid) return invalid;
  const stored = input.existing.get(transfer.id);
  if (stored) {
    return sameBody(stored, transfer, input.pendings)
      ? 'exists'
      : new DomainError('IDEMPOTENCY_CONFLICT', undefined, { field: `${field}.id` });
  }
  const debit = input.accounts.get(transfer.debitAccountId);
  if (!debit)
    return new DomainError('ACCOUNT_NOT_FOUND', undefined, { field: `${field}.debitAccountId` });
  const credit = input.accounts.get(transfer.creditAccountId);
  if (!credit) {
    return new DomainError('ACCOUNT_NOT_FOUND', undefined, { field: `${field}.creditAccountId` });
  }
  if (debit.ledger !== transfer.ledger || credit.ledger !== transfer.ledger) {
    return new DomainError('LEDGER_MISMATCH', undefined, { field: `${field}.ledger` });
  }
  const kind = transferKindOf(transfer);
  let movement: Movement = { pendingDeltaFen: 0n, postedDeltaFen: transfer.amountFen };
  let amountFen = transfer.amountFen;
  if (kind === 'pending') movement = { pendingDeltaFen: transfer.amountFen, postedDeltaFen: 0n };
  if (kind === 'post' || kind === 'void') {
    const resolved = resolve(transfer, kind, input, field);
    if (resolved instanceof DomainError) return resolved;
    ({ movement, amountFen } = resolved);
  }
  const error = move(debit, credit, movement, `${field}.amountFen`, journal);
  if (error) return error;
  const row = newRow(transfer, kind, amountFen, input.now);
  created.push(row);
  journal?.existingIds.push(row.id);
  input.existing.set(row.id, row);
  if (kind === 'pending') {
    journal?.pendings.set(row.id, undefined);
    input.pendings.set(row.id, { transfer: row, resolution: null });
  } else if (kind === 'post' || kind === 'void') {
    const state = input.pendings.get(row.pendingId ?? '');
    assert(state, 'ledger: resolved pending vanished');
    if (journal && !journal.pendings.has(state.transfer.id)) {
      journal.pendings.set(state.transfer.id, { ...state });
    }
    state.resolution = kind;
  }
  return null;
}

function rollback(journal: Journal, input: BatchInput, created: Transfer[]): void {
  for (const [id, saved] of journal.accounts) {
    const live = input.accounts.get(id);
    assert(live, 'ledger: journalled account vanished');
    Object.assign(live, saved);
  }
  for (const [id, saved] of journal.pendings) {
    if (saved === undefined) input.pendings.delete(id);
    else Object.assign(input.pendings.get(id) ?? {}, saved);
  }
  for (const id of journal.existingIds) input.existing.delete(id);
  created.length = journal.createdLength;
}

/**
 * Expires the open pending transfers among `ids` whose timeout has passed at `now`: writes an
 * `expire` row for each (releasing the pending amount) and marks it resolved. Returns the rows.
 */
export function expirePendings(options: {
  ids: Iterable<string>;
  accounts: Map<string, AccountState>;
  pendings: Map<string, PendingState>;
  now: Date;
  makeId: () => string;
}): Transfer[] {
  const rows: Transfer[] = [];
  for (const id of options.ids) {
    const state = options.pendings.get(id);
    if (!state || state.resolution !== null || !isExpired(state.transfer, options.now)) continue;
    const pending = state.transfer;
    const debit = options.accounts.get(pending.debitAccountId);
    const credit = options.accounts.get(pending.creditAccountId);
    // Not loaded (not locked): leave it to `expirePendingTransfers`; posts still see it expired.
    if (!debit || !credit) continue;
    const movement = { pendingDeltaFen: -pending.amountFen, postedDeltaFen: 0n };
    assert(move(debit, credit, movement, 'expire', null) === null, 'ledger: expiry failed');
    state.resolution = 'expire';
    rows.push({
      ...pending,
      id: options.makeId(),
      kind: 'expire',
      linked: false,
      pendingId: pending.id,
      timeoutSeconds: 0,
      userData: '',
      createdAt: options.now,
      seq: 0n,
    });
  }
  return rows;
}

/** Length of the linked chain starting at `start` (1 for an unlinked transfer). */
function chainLength(transfers: readonly NewTransfer[], start: number): number {
  let end = start;
  while (end < transfers.length - 1 && transfers[end]?.flags?.linked === true) end += 1;
  return end - start + 1;
}

/**
 * The ledger's state machine (TigerBeetle semantics): applies a batch of client transfers in
 * order to in-memory account snapshots. Pure: the database path and the model-based test's
 * oracle both run exactly this. Expired pendings named by a post or void are expired first.
 *
 * @example
 * const outcome = applyTransferBatch({ transfers, accounts, existing, pendings, now, makeId });
 * outcome.results[0]?.status // 'created'
 */
export function applyTransferBatch(input: BatchInput): BatchOutcome {
  const path = input.path ?? 'transfers';
  const referenced = input.transfers.flatMap((t) => (t.pendingId ? [t.pendingId] : []));
  const created = expirePendings({ ...input, ids: new Set(referenced) });
  const results: TransferResult[] = [];
  let start = 0;
  while (start < input.transfers.length) {
    const length = chainLength(input.transfers, start);
    const last = input.transfers[start + length - 1];
    const open = last?.flags?.linked === true;
    const journal: Journal | null =
      length > 1 || open
        ? {
            accounts: new Map(),
            pendings: new Map(),
            existingIds: [],
            createdLength: created.length,
          }
        : null;
    let failedAt = -1;
    let failure: DomainError | null = null;
    for (let index = start; index < start + length; index += 1) {
      const transfer = input.transfers[index];
      assert(transfer, 'ledger: batch index out of range');
      const outcome =
        open && index === start + length - 1
          ? new DomainError(
              'VALIDATION_FAILED',
              `${path}.${index}.flags.linked: chain not closed`,
              {
                field: `${path}.${index}.flags.linked`,
              },
            )
          : applyOne(transfer, input, `${path}.${index}`, created, journal);
      if (outcome instanceof DomainError) {
        failedAt = index;
        failure = outcome;
        break;
      }
      results.push({ index, id: transfer.id, status: outcome === 'exists' ? 'exists' : 'created' });
    }
    if (failure) {
      if (journal) rollback(journal, input, created);
      results.length = start;
      for (let index = start; index < start + length; index += 1) {
        const id = input.transfers[index]?.id ?? '';
        // The other members name themselves and the member whose failure sank the group.
        const error =
          index === failedAt
            ? failure
            : new DomainError('LINKED_EVENT_FAILED', undefined, {
                field: `${path}.${index}`,
                failedField: failure.details.field ?? `${path}.${failedAt}`,
              });
        results.push({ index, id, status: 'failed', error });
      }
    }
    start += length;
  }
  const touchedAccountIds = new Set<string>();
  for (const row of created) {
    touchedAccountIds.add(row.debitAccountId);
    touchedAccountIds.add(row.creditAccountId);
  }
  return { results, created, touchedAccountIds };
}

/** The balance views of `AccountBalance` (see its doc comment for the definitions). */
export function accountBalance(account: {
  id: string;
  debitsPendingFen: bigint;
  debitsPostedFen: bigint;
  creditsPendingFen: bigint;
  creditsPostedFen: bigint;
}): AccountBalance {
  const settledFen = account.creditsPostedFen - account.debitsPostedFen;
  const committedFen = settledFen - account.debitsPendingFen;
  return {
    accountId: account.id,
    settledFen,
    inFlightFen: account.debitsPendingFen,
    committedFen,
    availableFen: committedFen,
  };
}
