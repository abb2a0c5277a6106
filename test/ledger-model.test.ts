import fc from 'fast-check';
import { v7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import type { Database } from '../src/db/client.ts';
import {
  applyTransferBatch,
  expirePendings,
  type AccountState,
  type NewTransfer,
  type PendingState,
  type Transfer,
  type TransferResult,
} from '../src/domain/ledger/index.ts';
import { MAX_FEN } from '../src/domain/shared/money.ts';
import {
  createAccounts,
  createTransfers,
  expirePendingTransfers,
  lookupAccounts,
  verifyLedger,
} from '../src/services/ledger/index.ts';
import { createTestPglite } from './support/test-database.ts';

/**
 * Model-based test: random ledger commands run against PGlite and against an in-memory oracle
 * (the pure state machine over plain maps). After every command: same results, same counters,
 * debits = credits per ledger, and no limited account past its limit.
 */

const LEDGERS = [156, 840];
/** Outcomes seen, to make sure the random commands reach every path. */
const coverage = new Map<string, number>();

type Spec = {
  kind: 'single' | 'pending' | 'post' | 'void';
  debit: number;
  credit: number;
  amount: number;
  bad: number; // 0 = well-formed; 1…7 = a kind of bad input
  timeout: number;
  target: number; // which pending a post/void names
};

type Command =
  | { type: 'account'; ledger: number; flags: number }
  | { type: 'batch'; specs: Spec[]; linked: boolean }
  | { type: 'duplicate'; pick: number; change: boolean }
  | { type: 'clock'; seconds: number }
  | { type: 'expire' };

const spec: fc.Arbitrary<Spec> = fc.record({
  kind: fc.constantFrom('single', 'single', 'pending', 'post', 'post', 'void'),
  debit: fc.nat(40),
  credit: fc.nat(40),
  amount: fc.oneof(fc.integer({ min: 1, max: 400 }), fc.constant(0)),
  bad: fc.oneof({ weight: 8, arbitrary: fc.constant(0) }, fc.integer({ min: 1, max: 7 })),
  timeout: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 120 })),
  target: fc.nat(100),
});

const command: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('account' as const),
      ledger: fc.nat(1),
      flags: fc.nat(2),
    }),
  },
  {
    weight: 10,
    arbitrary: fc.record({
      type: fc.constant('batch' as const),
      specs: fc.array(spec, { minLength: 1, maxLength: 4 }),
      linked: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('duplicate' as const),
      pick: fc.nat(1000),
      change: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('clock' as const),
      seconds: fc.integer({ min: 1, max: 90 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('expire' as const) }) },
);

interface Model {
  db: Database;
  now: Date;
  accounts: Map<string, AccountState>;
  accountIds: string[];
  existing: Map<string, Transfer>;
  pendings: Map<string, PendingState>;
  pendingIds: string[];
  sent: NewTransfer[];
}

const pick = <T>(items: readonly T[], index: number): T | undefined =>
  items[index % Math.max(1, items.length)];

function toTransfer(model: Model, s: Spec, ledger: number): NewTransfer {
  const debit = pick(model.accountIds, s.debit) ?? v7();
  // Mostly accounts of the same ledger (cross-ledger pairs are one kind of bad input below).
  const sameLedger = model.accountIds.filter((id) => model.accounts.get(id)?.ledger === ledger);
  let credit = pick(sameLedger, s.credit) ?? v7();
  if (credit === debit) credit = pick(sameLedger, s.credit + 1) ?? v7();
  const base: NewTransfer = {
    id: v7(),
    debitAccountId: debit,
    creditAccountId: credit,
    amountFen: BigInt(s.amount || 1),
    ledger,
    code: 7,
  };
  if (s.kind === 'pending') {
    base.flags = { pending: true };
    base.timeoutSeconds = s.timeout;
  }
  if (s.kind === 'post' || s.kind === 'void') {
    // Mostly one of the newest pendings, which are more likely still open.
    const recent = model.pendingIds.slice(s.target % 4 === 0 ? 0 : -4);
    const pendingId = pick(recent, s.target);
    const pending = pendingId ? model.pendings.get(pendingId)?.transfer : undefined;
    base.flags = s.kind === 'post' ? { postPending: true } : { voidPending: true };
    base.pendingId = pendingId ?? v7();
    base.amountFen = s.kind === 'void' ? 0n : BigInt(s.amount);
    if (pending) {
      base.debitAccountId = pending.debitAccountId;
      base.creditAccountId = pending.creditAccountId;
      base.ledger = pending.ledger;
    }
  }
  switch (s.bad) {
    case 1:
      base.amountFen = 0n - BigInt(s.amount);
      break; // zero/negative
    case 2:
      base.amountFen = MAX_FEN + 1n;
      break;
    case 3:
      base.creditAccountId = base.debitAccountId;
      break;
    case 4:
      base.debitAccountId = v7();
      break; // unknown account
    case 5:
      base.ledger = ledger === 156 ? 840 : 156;
      break;
    case 6:
      base.amountFen = MAX_FEN;
      break; // limits or overflow
    case 7:
      base.id = 'not-a-uuid';
      break;
  }
  return base;
}

function ledgerOf(model: Model, s: Spec): number {
  const debit = pick(model.accountIds, s.debit);
  return (debit ? model.accounts.get(debit)?.ledger : undefined) ?? 156;
}

const summary = (results: TransferResult[]): string[] =>
  results.map((r) => (r.status === 'failed' ? `failed:${r.error.code}` : r.status));

async function runBatch(model: Model, transfers: NewTransfer[]): Promise<void> {
  const expected = applyTransferBatch({
    transfers,
    accounts: model.accounts,
    existing: model.existing,
    pendings: model.pendings,
    now: model.now,
    makeId: v7,
  });
  for (const row of expected.created) if (row.kind === 'pending') model.pendingIds.push(row.id);
  const actual = await createTransfers({ sql: model.db, transfers, now: model.now });
  expect(summary(actual)).toEqual(summary(expected.results));
  transfers.forEach((t, i) => {
    const outcome = summary(actual)[i] ?? '';
    const kind = t.flags?.pending
      ? 'pending'
      : t.flags?.postPending
        ? 'post'
        : t.flags?.voidPending
          ? 'void'
          : 'single';
    const key = `${kind}${t.flags?.linked ? '+linked' : ''}:${outcome}`;
    coverage.set(key, (coverage.get(key) ?? 0) + 1);
  });
  model.sent.push(...transfers);
}

async function step(model: Model, cmd: Command): Promise<void> {
  switch (cmd.type) {
    case 'account': {
      const id = v7();
      const ledger = LEDGERS[cmd.ledger] ?? 156;
      const flags = {
        debitsMustNotExceedCredits: cmd.flags === 1,
        creditsMustNotExceedDebits: cmd.flags === 2,
      };
      const [result] = await createAccounts({
        sql: model.db,
        accounts: [{ id, ledger, code: 2, flags }],
      });
      expect(result?.status).toBe('created');
      model.accounts.set(id, {
        id,
        ledger,
        flags,
        debitsPendingFen: 0n,
        debitsPostedFen: 0n,
        creditsPendingFen: 0n,
        creditsPostedFen: 0n,
      });
      model.accountIds.push(id);
      return;
    }
    case 'batch': {
      const transfers = cmd.specs.map((s) => toTransfer(model, s, ledgerOf(model, s)));
      if (cmd.linked)
        transfers.forEach((t, i) => {
          if (i < transfers.length - 1) t.flags = { ...t.flags, linked: true };
        });
      return runBatch(model, transfers);
    }
    case 'duplicate': {
      const original = pick(model.sent, cmd.pick);
      if (!original) return;
      return runBatch(model, [
        cmd.change ? { ...original, code: original.code + 1 } : { ...original },
      ]);
    }
    case 'clock':
      model.now = new Date(model.now.getTime() + cmd.seconds * 1000);
      return;
    case 'expire': {
      const rows = expirePendings({
        ids: [...model.pendings.keys()],
        accounts: model.accounts,
        pendings: model.pendings,
        now: model.now,
        makeId: v7,
      });
      const { expired } = await expirePendingTransfers({ db: model.db, now: model.now });
      expect(expired).toBe(rows.length);
      return;
    }
  }
}

async function checkState(model: Model): Promise<void> {
  const stored = await lookupAccounts({ sql: model.db, ids: model.accountIds });
  const totals = new Map<number, bigint[]>();
  for (const account of stored) {
    const oracle = model.accounts.get(account.id);
    expect([
      account.debitsPendingFen,
      account.debitsPostedFen,
      account.creditsPendingFen,
      account.creditsPostedFen,
    ]).toEqual([
      oracle?.debitsPendingFen,
      oracle?.debitsPostedFen,
      oracle?.creditsPendingFen,
      oracle?.creditsPostedFen,
    ]);
    const sums = totals.get(account.ledger) ?? [0n, 0n, 0n, 0n];
    totals.set(account.ledger, [
      sums[0]! + account.debitsPendingFen,
      sums[1]! + account.debitsPostedFen,
      sums[2]! + account.creditsPendingFen,
      sums[3]! + account.creditsPostedFen,
    ]);
    if (account.flags.debitsMustNotExceedCredits) {
      expect(account.debitsPendingFen + account.debitsPostedFen).toBeLessThanOrEqual(
        account.creditsPostedFen,
      );
    }
    if (account.flags.creditsMustNotExceedDebits) {
      expect(account.creditsPendingFen + account.creditsPostedFen).toBeLessThanOrEqual(
        account.debitsPostedFen,
      );
    }
  }
  expect(stored.length).toBe(model.accountIds.length);
  for (const [, [dp, dpo, cp, cpo]] of totals) {
    expect(dp).toBe(cp);
    expect(dpo).toBe(cpo);
  }
}

describe('ledger model-based test (PGlite vs in-memory oracle)', () => {
  it('agrees with the oracle after every one of thousands of random commands', async () => {
    let commands = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 100, maxLength: 250 }), async (cmds) => {
        const db = await createTestPglite();
        try {
          const model: Model = {
            db,
            now: new Date('2026-03-01T00:00:00Z'),
            accounts: new Map(),
            accountIds: [],
            existing: new Map(),
            pendings: new Map(),
            pendingIds: [],
            sent: [],
          };
          // Sources without limits on both ledgers, and limited holders funded from them.
          for (const ledger of [0, 1]) await step(model, { type: 'account', ledger, flags: 0 });
          for (let i = 0; i < 6; i += 1)
            await step(model, { type: 'account', ledger: i % 2, flags: i < 4 ? 1 : 2 });
          const [s156, s840] = model.accountIds as [string, string];
          await runBatch(
            model,
            model.accountIds.slice(2, 6).map((id, i) => ({
              id: v7(),
              debitAccountId: i % 2 ? s840 : s156,
              creditAccountId: id,
              amountFen: 1000n,
              ledger: LEDGERS[i % 2] ?? 156,
              code: 1,
            })),
          );
          for (const cmd of cmds) {
            await step(model, cmd);
            await checkState(model);
            commands += 1;
          }
          expect(await verifyLedger({ db })).toMatchObject({ ok: true });
        } finally {
          await db.close();
        }
      }),
      { numRuns: 14 },
    );
    expect(commands).toBeGreaterThan(1000);
    for (const outcome of [
      'single:created',
      'pending:created',
      'post:created',
      'void:created',
      'single+linked:created',
      'single:exists',
      'single:failed:IDEMPOTENCY_CONFLICT',
      'single:failed:INSUFFICIENT_BALANCE',
      'single+linked:failed:LINKED_EVENT_FAILED',
      'post:failed:PENDING_EXPIRED',
      'post:failed:PENDING_ALREADY_RESOLVED',
      'post:failed:AMOUNT_EXCEEDS_PENDING',
      'single:failed:VALIDATION_FAILED',
      'single:failed:SAME_ACCOUNT',
      'single:failed:ACCOUNT_NOT_FOUND',
      'single:failed:LEDGER_MISMATCH',
    ]) {
      expect(coverage.get(outcome) ?? 0, outcome).toBeGreaterThan(0);
    }
    console.log(JSON.stringify([...coverage].sort()));
  }, 180_000);
});
