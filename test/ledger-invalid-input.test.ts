import { v7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/client.ts';
import { MAX_TIMEOUT_SECONDS } from '../src/domain/ledger/validate.ts';
import { DomainError, type ErrorCode } from '../src/domain/shared/errors.ts';
import { MAX_FEN } from '../src/domain/shared/money.ts';
import {
  MAX_TRANSFERS_PER_BATCH,
  LedgerBatcher,
  createAccounts,
  createTransfers,
  lookupTransfers,
  verifyLedger,
  type NewAccount,
  type NewTransfer,
} from '../src/services/ledger/index.ts';
import { CNY, makeAccounts, transfer } from './ledger-support.ts';
import { createTestPglite } from './support/test-database.ts';

/**
 * Bad input to the ledger: each case fails with a typed DomainError whose code is stable and
 * whose `details.field` names the field at fault, and writes nothing at all (same transfer
 * rows, same chain head, same account counters before and after).
 */

let db: Database;
let budget: string; // limited, funded with 1 000
let payee: string; // limited, funded with 1 000
let usd: string; // an account on another ledger
let pendingId: string; // an open pending budget → payee of 300
let singleId: string; // a stored single transfer (not pending)

beforeAll(async () => {
  db = await createTestPglite();
  const made = await makeAccounts(db, 2, { fundFen: 1000n });
  [budget, payee] = made.holders as [string, string];
  usd = v7();
  await createAccounts({ sql: db, accounts: [{ id: usd, ledger: 840, code: 2 }] });
  const pending = transfer(budget, payee, 300n, { flags: { pending: true } });
  const single = transfer(payee, budget, 1n);
  const results = await createTransfers({ sql: db, transfers: [pending, single] });
  expect(results.map((r) => r.status)).toEqual(['created', 'created']);
  pendingId = pending.id;
  singleId = single.id;
});
afterAll(async () => {
  await db.close();
});

/** Everything the ledger could have written. */
async function snapshot(): Promise<unknown> {
  return {
    transfers: await db.query('select count(*)::int as n, max(seq) as seq from ledger_transfers'),
    head: await db.query(`select seq, encode(hash, 'hex') as hash from ledger_chain_head`),
    accounts: await db.query(
      `select id, debits_pending, debits_posted, credits_pending, credits_posted
         from ledger_accounts order by id`,
    ),
  };
}

interface Case {
  name: string;
  /** The batch; the bad transfer is at `index`. */
  make: () => NewTransfer[];
  index?: number;
  code: ErrorCode;
  field: string;
}

const post = (extra: Partial<NewTransfer>): NewTransfer =>
  transfer(budget, payee, 0n, { flags: { postPending: true }, pendingId, ...extra });

const cases: Case[] = [
  {
    name: 'zero amount',
    make: () => [transfer(budget, payee, 0n)],
    code: 'VALIDATION_FAILED',
    field: 'transfers.0.amountFen',
  },
  {
    name: 'negative amount',
    make: () => [transfer(budget, payee, -5n)],
    code: 'VALIDATION_FAILED',
    field: 'transfers.0.amountFen',
  },
  {
    name: 'negative amount on a post',
    make: () => [post({ amountFen: -1n })],
    code: 'VALIDATION_FAILED',
    field: 'transfers.0.amountFen',
  },
  {
    name: 'amount over 2^63 − 1',
    make: () => [transfer(budget, payee, MAX_FEN + 1n)],
    code: 'VALIDATION_FAILED',
    field: 'transfers.0.amountFen',
  },
  {
    name: 'amount given as a JS number',
    make: () => [{ ...transfer(budget, payee, 1n), amountFen: 10 as unknown as bigint }],
    code: 'VALIDATION_FAILED',
    field: 'transfers.0.amountFen',
  },
  {
    name: 'unknown debit account',
    make: () => [transfer(v7(), payee, 10n)],
    code: 'ACCOUNT_NOT_FOUND',
    field: 'transfers.0.debitAccountId',
  },
  {
    name: 'unknown credit account',
    make: () => [transfer(budget, v7(), 10n)],
    code: 'ACCOUNT_NOT_FOUND',
    field: 'transfers.0.creditAccountId',
  },
  {
    name: 'from an account to itself',
    make: () => [transfer(budget, budget, 10n)],
    code: 'SAME_ACCOUNT',
    field: 'transfers.0.creditAccountId',
  },
  {
    name: 'transfer ledger differs from the accounts’',
    make: () => [transfer(budget, payee, 10n, { ledger: 840 })],
    code: 'LEDGER_MISMATCH',
    field: 'transfers.0.ledger',
  },
  {
    name: 'accounts on different ledgers',
    make: () => [transfer(budget, usd, 10n)],
    code: 'LEDGER_MISMATCH',
    field: 'transfers.0.ledger',
  },
  {
    name: 'malformed transfer id',
    make: () => [transfer(budget, payee, 10n, { id: 'not-a-uuid' })],
    code: 'VALIDATION_FAILED',
    field: 'transfers.0.id',
  },
  {
    name: 'malformed debit account id',
    make: () => [transfer('12345', payee, 10n)],
    code: 'VALIDATION_FAILED',
    field: 'transfers.0.debitAccountId',
  },
  {
    name: 'ledger zero',
    make: () => [transfer(budget, payee, 10n, { ledger: 0 })],
    code: 'VALIDATION_FAILED',
    field: 'transfers.0.ledger',
  },
  {
    name: 'code not an integer',
    make: () => [transfer(budget, payee, 10n, { code: 1.5 })],
    code: 'VALIDATION_FAILED',
    field: 'transfers.0.code',
  },
  {
    name: 'post without pendingId',
    make: () => [transfer(budget, payee, 10n, { flags: { postPending: true } })],
    code: 'VALIDATION_FAILED',
    field: 'transfers.0.pendingId',
  },
  {
    name: 'pendingId on a single transfer',
    make: () => [transfer(budget, payee, 10n, { pendingId })],
    code: 'VALIDATION_FAILED',
    field: 'transfers.0.pendingId',
  },
  {
    name: 'timeout on a non-pending transfer',
    make: () => [transfer(budget, payee, 10n, { timeoutSeconds: 60 })],
    code: 'VALIDATION_FAILED',
    field: 'transfers.0.timeoutSeconds',
  },
  {
    name: 'negative timeout on a pending transfer',
    make: () => [transfer(budget, payee, 10n, { flags: { pending: true }, timeoutSeconds: -1 })],
    code: 'VALIDATION_FAILED',
    field: 'transfers.0.timeoutSeconds',
  },
  {
    name: 'timeout past the longest reservation (two leap years)',
    make: () => [
      transfer(budget, payee, 10n, {
        flags: { pending: true },
        timeoutSeconds: MAX_TIMEOUT_SECONDS + 1,
      }),
    ],
    code: 'VALIDATION_FAILED',
    field: 'transfers.0.timeoutSeconds',
  },
  {
    name: 'pending and post at once',
    make: () => [post({ amountFen: 10n, flags: { pending: true, postPending: true } })],
    code: 'VALIDATION_FAILED',
    field: 'transfers.0.flags',
  },
  {
    name: 'user data too long',
    make: () => [transfer(budget, payee, 10n, { userData: 'x'.repeat(257) })],
    code: 'VALIDATION_FAILED',
    field: 'transfers.0.userData',
  },
  {
    name: 'user data with a NUL character (PostgreSQL text cannot hold it)',
    make: () => [transfer(budget, payee, 10n, { userData: 'a\u0000b' })],
    code: 'VALIDATION_FAILED',
    field: 'transfers.0.userData',
  },
  {
    name: 'user data with an unpaired surrogate (would be stored as U+FFFD)',
    make: () => [transfer(budget, payee, 10n, { userData: 'a\ud800b' })],
    code: 'VALIDATION_FAILED',
    field: 'transfers.0.userData',
  },
  {
    name: 'post of an unknown pending',
    make: () => [post({ pendingId: v7() })],
    code: 'PENDING_NOT_FOUND',
    field: 'transfers.0.pendingId',
  },
  {
    name: 'post naming a transfer that is not pending',
    make: () => [post({ pendingId: singleId })],
    code: 'PENDING_NOT_FOUND',
    field: 'transfers.0.pendingId',
  },
  {
    name: 'post of more than the pending amount',
    make: () => [post({ amountFen: 301n })],
    code: 'AMOUNT_EXCEEDS_PENDING',
    field: 'transfers.0.amountFen',
  },
  {
    name: 'post with other accounts than the pending',
    make: () => [post({ creditAccountId: budget, debitAccountId: payee })],
    code: 'VALIDATION_FAILED',
    field: 'transfers.0.debitAccountId',
  },
  {
    name: 'more than the limited account holds',
    make: () => [transfer(budget, payee, 1000n)], // 1 000 + 1 − 300 reserved = 701 available
    code: 'INSUFFICIENT_BALANCE',
    field: 'transfers.0.amountFen',
  },
  {
    name: 'a bad member of a linked group (the others are not applied)',
    make: () => [
      transfer(budget, payee, 10n, { flags: { linked: true } }),
      transfer(payee, budget, 0n, { flags: { linked: true } }),
      transfer(payee, budget, 5n),
    ],
    index: 1,
    code: 'VALIDATION_FAILED',
    field: 'transfers.1.amountFen',
  },
  {
    name: 'a linked group left open',
    make: () => [
      transfer(budget, payee, 10n, { flags: { linked: true } }),
      transfer(payee, budget, 5n, { flags: { linked: true } }),
    ],
    index: 1,
    code: 'VALIDATION_FAILED',
    field: 'transfers.1.flags.linked',
  },
];

describe('invalid transfers fail with a typed error naming the field and write nothing', () => {
  it.each(cases)('$name', async ({ make, index = 0, code, field }) => {
    const before = await snapshot();
    const batch = make();
    const results = await createTransfers({ sql: db, transfers: batch });
    expect(results).toHaveLength(batch.length);
    const result = results[index];
    expect(result?.status).toBe('failed');
    if (result?.status !== 'failed') return;
    expect(result.error).toBeInstanceOf(DomainError);
    expect(result.error.code).toBe(code);
    expect(result.error.details.field).toBe(field);
    // Every other member of the batch failed with it (they are all one linked group here).
    for (const other of results.filter((r) => r.index !== index)) {
      expect(other).toMatchObject({
        status: 'failed',
        error: {
          code: 'LINKED_EVENT_FAILED',
          details: { field: `transfers.${other.index}`, failedField: field },
        },
      });
    }
    expect(await snapshot()).toEqual(before);
  });

  it('counters that would overflow 2^63 − 1 are refused, naming the amount', async () => {
    const { source, holders } = await makeAccounts(db, 1, { limited: false });
    const [holder] = holders as [string];
    const first = await createTransfers({
      sql: db,
      transfers: [transfer(source, holder, MAX_FEN)],
    });
    expect(first[0]?.status).toBe('created');
    const before = await snapshot();
    const [result] = await createTransfers({ sql: db, transfers: [transfer(source, holder, 1n)] });
    expect(result).toMatchObject({
      status: 'failed',
      error: { code: 'VALIDATION_FAILED', details: { field: 'transfers.0.amountFen' } },
    });
    expect(await snapshot()).toEqual(before);
  });

  it('a pending transfer may wait the longest reservation: two leap years, a grant’s longest life', async () => {
    const { source, holders } = await makeAccounts(db, 1, { limited: false });
    const [holder] = holders as [string];
    const longest = transfer(source, holder, 1n, {
      flags: { pending: true },
      timeoutSeconds: MAX_TIMEOUT_SECONDS,
    });
    const [result] = await createTransfers({ sql: db, transfers: [longest] });
    expect(result?.status).toBe('created');
    expect(MAX_TIMEOUT_SECONDS).toBe(732 * 86_400);
  });

  it('one bad transfer in a batcher batch does not fail its neighbours', async () => {
    const batcher = new LedgerBatcher({ db });
    const good = [transfer(payee, budget, 3n, { userData: 'ok 😀' }), transfer(payee, budget, 4n)];
    const bad = transfer(payee, budget, 5n, { userData: 'bad\u0000' });
    const results = await Promise.all([
      batcher.submit(good[0] as NewTransfer),
      batcher.submit(bad),
      batcher.submit(good[1] as NewTransfer),
    ]);
    await batcher.close();
    expect(results.map((r) => r.status)).toEqual(['created', 'failed', 'created']);
    expect(results[1]).toMatchObject({ error: { details: { field: 'transfers.0.userData' } } });
    const stored = await lookupTransfers({ sql: db, ids: good.map((t) => t.id) });
    expect(stored.map((t) => t.userData)).toEqual(['ok 😀', '']);
    expect(await verifyLedger({ db })).toMatchObject({ ok: true });
  });

  it('a batch over the size limit is refused whole', async () => {
    const before = await snapshot();
    const batch = Array.from({ length: MAX_TRANSFERS_PER_BATCH + 1 }, () =>
      transfer(budget, payee, 1n),
    );
    await expect(createTransfers({ sql: db, transfers: batch })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { field: 'transfers' },
    });
    expect(await snapshot()).toEqual(before);
    expect(await verifyLedger({ db })).toMatchObject({ ok: true });
  });
});

describe('invalid accounts fail with a typed error naming the field and write nothing', () => {
  const accountCases: { name: string; account: () => NewAccount; field: string }[] = [
    { name: 'malformed id', account: () => ({ id: 'x', ledger: CNY, code: 1 }), field: 'id' },
    { name: 'ledger zero', account: () => ({ id: v7(), ledger: 0, code: 1 }), field: 'ledger' },
    { name: 'negative code', account: () => ({ id: v7(), ledger: CNY, code: -2 }), field: 'code' },
    {
      name: 'both limit flags',
      account: () => ({
        id: v7(),
        ledger: CNY,
        code: 1,
        flags: { debitsMustNotExceedCredits: true, creditsMustNotExceedDebits: true },
      }),
      field: 'flags',
    },
    {
      name: 'user data with a NUL character',
      account: () => ({ id: v7(), ledger: CNY, code: 1, userData: '\u0000' }),
      field: 'userData',
    },
    {
      name: 'user data too long',
      account: () => ({ id: v7(), ledger: CNY, code: 1, userData: 'y'.repeat(300) }),
      field: 'userData',
    },
  ];
  it.each(accountCases)('$name', async ({ account, field }) => {
    const before = await snapshot();
    const [result] = await createAccounts({ sql: db, accounts: [account()] });
    expect(result).toMatchObject({
      status: 'failed',
      error: { code: 'VALIDATION_FAILED', details: { field: `accounts.0.${field}` } },
    });
    expect(await snapshot()).toEqual(before);
  });
});
