import type { Database } from '../../db/client.ts';
import type { Transfer } from '../../domain/ledger/index.ts';
import {
  ACCOUNT_COLUMNS,
  TRANSFER_COLUMNS,
  chainHash,
  toAccount,
  toTransfer,
  type AccountRow,
  type TransferRow,
} from './rows.ts';

export type VerifyResult =
  | { ok: true; transfers: number; accounts: number }
  | { ok: false; problems: string[]; firstBadTransferId?: string };

interface Counters {
  ledger: number | null;
  debitsPendingFen: bigint;
  debitsPostedFen: bigint;
  creditsPendingFen: bigint;
  creditsPostedFen: bigint;
}

const PAGE_SIZE = 10_000;
const MAX_PROBLEMS = 100;

function counters(map: Map<string, Counters>, id: string): Counters {
  let entry = map.get(id);
  if (!entry) {
    entry = {
      ledger: null,
      debitsPendingFen: 0n,
      debitsPostedFen: 0n,
      creditsPendingFen: 0n,
      creditsPostedFen: 0n,
    };
    map.set(id, entry);
  }
  return entry;
}

/** Replays one row onto the recomputed counters; returns what is wrong with it, if anything. */
function replay(
  row: Transfer,
  totals: Map<string, Counters>,
  pendings: Map<string, Transfer | null>,
): string | null {
  const debit = counters(totals, row.debitAccountId);
  const credit = counters(totals, row.creditAccountId);
  if (row.kind === 'single' || row.kind === 'pending') {
    const posted = row.kind === 'single' ? row.amountFen : 0n;
    const pending = row.kind === 'pending' ? row.amountFen : 0n;
    debit.debitsPostedFen += posted;
    debit.debitsPendingFen += pending;
    credit.creditsPostedFen += posted;
    credit.creditsPendingFen += pending;
    if (row.kind === 'pending') pendings.set(row.id, row);
    return null;
  }
  const pending = pendings.get(row.pendingId ?? '');
  if (!pending) return `${row.kind} names pending ${row.pendingId} that is unknown or resolved`;
  if (
    pending.debitAccountId !== row.debitAccountId ||
    pending.creditAccountId !== row.creditAccountId
  ) {
    return `${row.kind} accounts differ from its pending ${pending.id}`;
  }
  if (
    row.amountFen > pending.amountFen ||
    (row.kind !== 'post' && row.amountFen !== pending.amountFen)
  ) {
    return `${row.kind} amount ${row.amountFen} does not fit pending amount ${pending.amountFen}`;
  }
  pendings.set(pending.id, null);
  debit.debitsPendingFen -= pending.amountFen;
  credit.creditsPendingFen -= pending.amountFen;
  if (row.kind === 'post') {
    debit.debitsPostedFen += row.amountFen;
    credit.creditsPostedFen += row.amountFen;
  }
  return null;
}

/**
 * Checks the whole ledger: walks the transfers in chain order, recomputes every hash and every
 * account's four counters from the rows, and compares them with the chain head and the
 * accounts table. Names the first bad row (seq and id) when the chain or a row is off.
 *
 * @example
 * const result = await verifyLedger({ db });
 * if (!result.ok) console.error(result.problems.join('\n'));
 */
export async function verifyLedger(options: { db: Database }): Promise<VerifyResult> {
  const { db } = options;
  const problems: string[] = [];
  let firstBadTransferId: string | undefined;
  const totals = new Map<string, Counters>();
  const pendings = new Map<string, Transfer | null>();
  let hash = '';
  let expectedSeq = 1n;
  let count = 0;
  for (;;) {
    const rows = await db.query<TransferRow>(
      `select ${TRANSFER_COLUMNS} from ledger_transfers where seq >= $1 order by seq limit $2`,
      [expectedSeq.toString(), PAGE_SIZE],
    );
    for (const row of rows) {
      const transfer = toTransfer(row);
      const where = `transfer seq ${transfer.seq} id ${transfer.id}`;
      const rowProblems: string[] = [];
      if (transfer.seq !== expectedSeq) rowProblems.push(`${where}: expected seq ${expectedSeq}`);
      hash = chainHash(hash, transfer);
      if (hash !== row.hash) {
        rowProblems.push(`${where}: hash does not match its contents and the previous row`);
        hash = row.hash; // report each broken row once, not every row after it
      }
      const replayProblem = replay(transfer, totals, pendings);
      if (replayProblem) rowProblems.push(`${where}: ${replayProblem}`);
      for (const account of [transfer.debitAccountId, transfer.creditAccountId]) {
        const entry = counters(totals, account);
        if (entry.ledger !== null && entry.ledger !== transfer.ledger) {
          rowProblems.push(`${where}: ledger ${transfer.ledger} differs from account ${account}`);
        }
        entry.ledger = transfer.ledger;
      }
      if (rowProblems.length > 0) {
        firstBadTransferId ??= transfer.id;
        problems.push(...rowProblems);
      }
      expectedSeq = transfer.seq + 1n;
      count += 1;
    }
    if (rows.length < PAGE_SIZE) break;
  }
  const [head] = await db.query<{ seq: bigint; hash: string }>(
    `select seq, encode(hash, 'hex') as hash from ledger_chain_head`,
  );
  if (head?.seq !== expectedSeq - 1n || head.hash !== hash) {
    problems.push(
      `chain head (seq ${head?.seq}) does not match the last transfer (seq ${expectedSeq - 1n})`,
    );
  }
  const accounts = (
    await db.query<AccountRow>(`select ${ACCOUNT_COLUMNS} from ledger_accounts`)
  ).map(toAccount);
  const known = new Set<string>();
  for (const account of accounts) {
    known.add(account.id);
    const expected = counters(totals, account.id);
    for (const key of [
      'debitsPendingFen',
      'debitsPostedFen',
      'creditsPendingFen',
      'creditsPostedFen',
    ] as const) {
      if (account[key] !== expected[key]) {
        problems.push(
          `account ${account.id}: ${key} is ${account[key]}, the transfers give ${expected[key]}`,
        );
      }
    }
    if (expected.ledger !== null && expected.ledger !== account.ledger) {
      problems.push(
        `account ${account.id}: ledger ${account.ledger}, its transfers use ${expected.ledger}`,
      );
    }
  }
  for (const id of totals.keys()) {
    if (!known.has(id)) problems.push(`account ${id}: named by transfers but missing`);
  }
  if (problems.length === 0) return { ok: true, transfers: count, accounts: accounts.length };
  const shown = problems.slice(0, MAX_PROBLEMS);
  if (problems.length > MAX_PROBLEMS) shown.push(`… and ${problems.length - MAX_PROBLEMS} more`);
  return firstBadTransferId === undefined
    ? { ok: false, problems: shown }
    : { ok: false, problems: shown, firstBadTransferId };
}
