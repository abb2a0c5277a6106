import fc from 'fast-check';
import { v7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyTransferBatch,
  type AccountState,
  type NewTransfer,
  type PendingState,
  type Transfer,
  type TransferResult,
} from '../src/domain/ledger/index.ts';
import {
  LedgerBatcher,
  createTransfers,
  lookupAccounts,
  verifyLedger,
} from '../src/services/ledger/index.ts';
import { lockAndConfirm } from '../src/services/ledger/confirm-assumed-state.ts';
import { commitPreparedBatch, prepareBatch } from '../src/services/ledger/prepared-batch.ts';
import { readAccountsAndHead } from '../src/services/ledger/store.ts';
import { makeAccounts, transfer } from './ledger-support.ts';
import { createTestPostgres, type TestPostgres } from './support/test-database.ts';

/**
 * The batcher's pipeline computes batch N+1 on the state batch N will leave, before N commits
 * (`prepared-batch.ts`). These tests check that it gives exactly what applying the same
 * transfers one by one in submission order gives, and that a batch computed on a state that
 * changed meanwhile is computed again rather than written.
 */

let pg: TestPostgres;
beforeAll(async () => {
  pg = await createTestPostgres(8);
});
afterAll(async () => {
  await pg.drop();
});

type Step =
  | { kind: 'single' | 'pending'; debit: number; credit: number; amount: number }
  | { kind: 'post' | 'void'; target: number; amount: number }
  | { kind: 'retry'; pick: number; change: boolean };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constantFrom('single' as const, 'pending' as const),
      debit: fc.nat(4),
      credit: fc.nat(4),
      amount: fc.integer({ min: 1, max: 700 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constantFrom('post' as const, 'void' as const),
      target: fc.nat(60),
      amount: fc.nat(300),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('retry' as const),
      pick: fc.nat(60),
      change: fc.boolean(),
    }),
  },
);

/** Turns steps into transfers over `accounts` (index 0 is the unlimited source). */
function toTransfers(steps: Step[], accounts: string[]): NewTransfer[] {
  const made: NewTransfer[] = [];
  const pendings: NewTransfer[] = [];
  for (const s of steps) {
    switch (s.kind) {
      case 'single':
      case 'pending': {
        const t = transfer(accounts[s.debit] ?? '', accounts[s.credit] ?? '', BigInt(s.amount), {
          ...(s.kind === 'pending' ? { flags: { pending: true } } : {}),
        });
        if (s.kind === 'pending') pendings.push(t);
        made.push(t);
        break;
      }
      case 'retry': {
        const earlier = made[s.pick % Math.max(1, made.length)];
        if (earlier) {
          made.push(s.change ? { ...earlier, amountFen: earlier.amountFen + 1n } : { ...earlier });
        }
        break;
      }
      case 'post':
      case 'void': {
        const target = pendings[s.target % Math.max(1, pendings.length)];
        if (!target) break;
        made.push({
          ...transfer(target.debitAccountId, target.creditAccountId, BigInt(s.amount)),
          pendingId: target.id,
          flags: s.kind === 'post' ? { postPending: true } : { voidPending: true },
        });
      }
    }
  }
  return made;
}

/** What applying the transfers one by one, in order, gives (the pure state machine). */
function oracle(transfers: NewTransfer[], accounts: Map<string, AccountState>): string[] {
  const existing = new Map<string, Transfer>();
  const pendings = new Map<string, PendingState>();
  return transfers.map((t) => {
    const [result] = applyTransferBatch({
      transfers: [t],
      accounts,
      existing,
      pendings,
      now: new Date(),
      makeId: v7,
    }).results;
    return describeResult(result);
  });
}

function describeResult(result: TransferResult | undefined): string {
  if (!result) return 'missing';
  return result.status === 'failed' ? `failed:${result.error.code}` : result.status;
}

describe('LedgerBatcher pipeline on PostgreSQL', () => {
  it('gives the results and balances of applying the transfers one by one in order', async () => {
    const totals = { prepared: 0, confirmed: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { minLength: 10, maxLength: 60 }),
        fc.integer({ min: 1, max: 6 }),
        async (steps, maxBatch) => {
          const { source, holders } = await makeAccounts(pg.db, 4, { fundFen: 1000n });
          const ids = [source, ...holders];
          const transfers = toTransfers(steps, ids);
          const start = await readAccountsAndHead(pg.db, ids);
          const expected = oracle(transfers, start.accounts);
          const batcher = new LedgerBatcher({ db: pg.db, maxBatch });
          const results = await Promise.all(transfers.map((t) => batcher.submit(t)));
          await batcher.close();
          totals.prepared += batcher.stats.prepared;
          totals.confirmed += batcher.stats.confirmed;
          expect(results.map(describeResult)).toEqual(expected);
          const stored = await lookupAccounts({ sql: pg.db, ids });
          for (const account of stored) {
            const model = start.accounts.get(account.id);
            expect(account).toMatchObject({
              debitsPendingFen: model?.debitsPendingFen,
              debitsPostedFen: model?.debitsPostedFen,
              creditsPendingFen: model?.creditsPendingFen,
              creditsPostedFen: model?.creditsPostedFen,
            });
          }
        },
      ),
      { numRuns: 40 },
    );
    // The pipeline really ran: most prepared batches were written as computed ahead.
    expect(totals.prepared).toBeGreaterThan(50);
    expect(totals.confirmed).toBeGreaterThan(totals.prepared / 2);
    expect(await verifyLedger({ db: pg.db })).toMatchObject({ ok: true });
  });

  it('computes a prepared batch again when its accounts changed after it was computed', async () => {
    const { source, holders } = await makeAccounts(pg.db, 2, { fundFen: 500n });
    const [budget, payee] = holders as [string, string];
    const planned = [transfer(budget, payee, 300n), transfer(budget, payee, 150n)];
    const prepared = prepareBatch(
      planned,
      new Date(),
      await readAccountsAndHead(pg.db, holders),
      pg.db.kind,
    );
    expect(prepared.results.map(describeResult)).toEqual(['created', 'created']);
    // Meanwhile another writer takes 100 from the budget: only 400 is left.
    await createTransfers({ sql: pg.db, transfers: [transfer(budget, source, 100n)] });
    const outcome = await commitPreparedBatch(pg.db, prepared);
    expect(outcome.confirmed).toBe(false);
    expect(outcome.results.map(describeResult)).toEqual(['created', 'failed:INSUFFICIENT_BALANCE']);
    const [stored] = await lookupAccounts({ sql: pg.db, ids: [budget] });
    expect(stored).toMatchObject({ debitsPostedFen: 400n, creditsPostedFen: 500n });
    expect(await verifyLedger({ db: pg.db })).toMatchObject({ ok: true });
  });

  it('answers exists for an id stored after the batch was computed', async () => {
    const { holders } = await makeAccounts(pg.db, 2, { fundFen: 500n });
    const [budget, payee] = holders as [string, string];
    const once = transfer(budget, payee, 200n);
    const prepared = prepareBatch(
      [once],
      new Date(),
      await readAccountsAndHead(pg.db, holders),
      pg.db.kind,
    );
    await createTransfers({ sql: pg.db, transfers: [once] });
    const outcome = await commitPreparedBatch(pg.db, prepared);
    expect(outcome.results.map(describeResult)).toEqual(['exists']);
    const [stored] = await lookupAccounts({ sql: pg.db, ids: [budget] });
    expect(stored).toMatchObject({ debitsPostedFen: 200n });
  });

  it('confirms exactly the assumed state: the head, and every assumed account with its counters', async () => {
    const { holders } = await makeAccounts(pg.db, 3, { fundFen: 500n });
    const state = await readAccountsAndHead(pg.db, holders);
    const confirm = (assumed: typeof state): Promise<boolean> =>
      pg.db.transaction((tx) => lockAndConfirm(tx, holders, assumed));
    expect(await confirm(state)).toBe(true);
    const [first, second] = holders as [string, string];
    const changed = (id: string, change: Partial<AccountState>): typeof state => {
      const accounts = new Map(state.accounts);
      const account = accounts.get(id);
      if (account) accounts.set(id, { ...account, ...change });
      return { accounts, head: state.head };
    };
    for (const counter of [
      'debitsPendingFen',
      'debitsPostedFen',
      'creditsPendingFen',
      'creditsPostedFen',
    ] as const) {
      expect(await confirm(changed(second, { [counter]: 1n }))).toBe(false);
    }
    const withoutFirst = new Map(state.accounts);
    withoutFirst.delete(first);
    expect(await confirm({ accounts: withoutFirst, head: state.head })).toBe(false);
    expect(await confirm({ ...state, head: { ...state.head, seq: state.head.seq - 1n } })).toBe(
      false,
    );
    expect(await confirm({ ...state, head: { ...state.head, hash: '00'.repeat(32) } })).toBe(false);
    // A transfer committed by another writer moves the head and two counters.
    await createTransfers({ sql: pg.db, transfers: [transfer(first, second, 1n)] });
    expect(await confirm(state)).toBe(false);
    expect(await confirm(await readAccountsAndHead(pg.db, holders))).toBe(true);
  });

  // Sets of up to 512 run as prepared statements with generic plans, larger ones are planned
  // each time (store.ts, preparedIfSmall): both paths must write the same ledger.
  it('writes batches over the prepared-statement size, directly and through the batcher', async () => {
    const { holders } = await makeAccounts(pg.db, 700, { fundFen: 1_000n });
    const expected = new Map(holders.map((id) => [id, 1_000n]));
    const ring = (from: number, amountFen: bigint): NewTransfer => {
      const debit = holders[from % holders.length] ?? '';
      const credit = holders[(from + 1) % holders.length] ?? '';
      expected.set(debit, (expected.get(debit) ?? 0n) - amountFen);
      expected.set(credit, (expected.get(credit) ?? 0n) + amountFen);
      return transfer(debit, credit, amountFen);
    };
    const direct = Array.from({ length: 1_400 }, (_, i) => ring(i, BigInt(1 + (i % 7))));
    const results = await createTransfers({ sql: pg.db, transfers: direct });
    expect(results.every((r) => r.status === 'created')).toBe(true);

    const batcher = new LedgerBatcher({ db: pg.db });
    const submitted = Array.from({ length: 4_000 }, (_, i) => ring(i * 3, BigInt(1 + (i % 5))));
    const outcomes = await Promise.all(submitted.map((t) => batcher.submit(t)));
    await batcher.close();
    expect(outcomes.every((r) => r.status === 'created')).toBe(true);
    expect(batcher.stats.confirmed).toBeGreaterThan(0);
    // Batches of more than 512 on average: the large path really ran.
    expect(batcher.stats.batches).toBeLessThan(submitted.length / 512);

    const stored = await lookupAccounts({ sql: pg.db, ids: holders });
    expect(stored).toHaveLength(holders.length);
    for (const account of stored) {
      expect(account.creditsPostedFen - account.debitsPostedFen).toBe(expected.get(account.id));
    }
    expect(await verifyLedger({ db: pg.db })).toMatchObject({ ok: true });
  });
});
