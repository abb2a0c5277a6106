import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 } from 'uuid';
import type { Database } from '../src/db/client.ts';
import {
  createAccounts,
  createTransfers,
  getBalances,
  listAccountTransfers,
  lookupAccounts,
  lookupTransfers,
  verifyLedger,
} from '../src/services/ledger/index.ts';
import { createTestPglite } from './support/test-database.ts';
import { CNY, makeAccounts, transfer } from './ledger-support.ts';

let db: Database;
beforeAll(async () => {
  db = await createTestPglite();
});
afterAll(async () => {
  await db.close();
});

describe('ledger API on PGlite', () => {
  it('moves money, reports balances and verifies', async () => {
    const { source, holders } = await makeAccounts(db, 2, { fundFen: 1000n });
    const [grant, payee] = holders as [string, string];
    const results = await createTransfers({ sql: db, transfers: [transfer(grant, payee, 200n)] });
    expect(results.map((r) => [r.index, r.status])).toEqual([[0, 'created']]);
    const [account] = await lookupAccounts({ sql: db, ids: [grant] });
    expect(account).toMatchObject({
      debitsPostedFen: 200n,
      creditsPostedFen: 1000n,
      debitsPendingFen: 0n,
      creditsPendingFen: 0n,
      ledger: CNY,
    });
    const [sourceBalance] = await getBalances({ sql: db, ids: [source] });
    expect(sourceBalance?.settledFen).toBe(-2000n);
    const listed = await listAccountTransfers({ sql: db, accountId: grant, limit: 10 });
    expect(listed.map((t) => t.amountFen)).toEqual([1000n, 200n]);
    const next = await listAccountTransfers({
      sql: db,
      accountId: grant,
      limit: 10,
      afterId: listed[0]?.id ?? '',
    });
    expect(next.map((t) => t.amountFen)).toEqual([200n]);
    expect(await verifyLedger({ db })).toMatchObject({ ok: true });
  });

  it('documents the balance views with a concrete example', async () => {
    const { holders } = await makeAccounts(db, 2, { fundFen: 1000n });
    const [grant, payee] = holders as [string, string];
    await createTransfers({
      sql: db,
      transfers: [
        transfer(grant, payee, 300n, { flags: { pending: true } }),
        transfer(grant, payee, 200n),
      ],
    });
    const [balance] = await getBalances({ sql: db, ids: [grant] });
    expect(balance).toEqual({
      accountId: grant,
      settledFen: 800n,
      inFlightFen: 300n,
      committedFen: 500n,
      availableFen: 500n,
    });
  });

  it('is idempotent: same id and body → exists, other body → conflict', async () => {
    const { holders } = await makeAccounts(db, 2, { fundFen: 1000n });
    const [a, b] = holders as [string, string];
    const first = transfer(a, b, 100n);
    await createTransfers({ sql: db, transfers: [first] });
    const again = await createTransfers({
      sql: db,
      transfers: [first, { ...first, amountFen: 99n }],
    });
    expect(again[0]?.status).toBe('exists');
    expect(again[1]).toMatchObject({ status: 'failed', error: { code: 'IDEMPOTENCY_CONFLICT' } });
    const [account] = await lookupAccounts({ sql: db, ids: [a] });
    expect(account?.debitsPostedFen).toBe(100n);
    const [stored] = await lookupTransfers({ sql: db, ids: [first.id] });
    expect(stored).toMatchObject({ id: first.id, kind: 'single', amountFen: 100n });
  });

  it('posts partially, voids, and refuses a second resolution', async () => {
    const { holders } = await makeAccounts(db, 2, { fundFen: 1000n });
    const [a, b] = holders as [string, string];
    const pending = transfer(a, b, 500n, { flags: { pending: true } });
    const pending2 = transfer(a, b, 400n, { flags: { pending: true } });
    await createTransfers({ sql: db, transfers: [pending, pending2] });
    const results = await createTransfers({
      sql: db,
      transfers: [
        transfer(a, b, 300n, { flags: { postPending: true }, pendingId: pending.id }),
        transfer(a, b, 0n, { flags: { voidPending: true }, pendingId: pending2.id }),
        transfer(a, b, 0n, { flags: { voidPending: true }, pendingId: pending.id }),
      ],
    });
    expect(results.map((r) => r.status)).toEqual(['created', 'created', 'failed']);
    expect(results[2]).toMatchObject({ error: { code: 'PENDING_ALREADY_RESOLVED' } });
    const [account] = await lookupAccounts({ sql: db, ids: [a] });
    expect(account).toMatchObject({ debitsPendingFen: 0n, debitsPostedFen: 300n });
    expect(await verifyLedger({ db })).toMatchObject({ ok: true });
  });

  it('creates accounts idempotently and rejects a changed account', async () => {
    const id = v7();
    const account = { id, ledger: CNY, code: 3 };
    const results = await createAccounts({
      sql: db,
      accounts: [account, account, { ...account, code: 4 }],
    });
    expect(results.map((r) => r.status)).toEqual(['created', 'exists', 'failed']);
    const again = await createAccounts({
      sql: db,
      accounts: [account, { ...account, ledger: 840 }],
    });
    expect(again[0]?.status).toBe('exists');
    expect(again[1]).toMatchObject({ error: { code: 'ACCOUNT_EXISTS' } });
  });
});
