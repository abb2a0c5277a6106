/** The checks of the no-stranded-money model (money-model.ts) after each sequence. */
import { expect } from 'vitest';
import type { Database } from '../../src/db/client.ts';
import { lookupAccounts } from '../../src/services/ledger/index.ts';
import { reconcileVouchers } from '../../src/services/vouchers/index.ts';
import type { ModelClaim, ModelWorld } from './money-model.ts';

/** The database agrees with the model on every claim's state and what it still holds. */
export async function checkClaims(db: Database, claims: readonly ModelClaim[]): Promise<void> {
  if (claims.length === 0) return;
  const rows = await db.query<{
    id: string;
    state: string;
    redeemed_fen: bigint;
    clawed_back_fen: bigint;
    paid_fen: bigint;
  }>(
    'select id, state, redeemed_fen, clawed_back_fen, paid_fen from voucher_claims where id = any($1::uuid[])',
    [claims.map((entry) => entry.claim.id)],
  );
  for (const entry of claims) {
    const row = rows.find((candidate) => candidate.id === entry.claim.id);
    expect(row?.state, entry.claim.id).toBe(entry.state);
    if (entry.state === 'redeemed' || entry.state === 'paid' || entry.state === 'clawed_back') {
      expect((row?.redeemed_fen ?? 0n) - (row?.clawed_back_fen ?? 0n)).toBe(entry.outstandingFen);
    }
  }
}

/**
 * The two invariants, from the claim and grant rows and the ledger's counters directly, and
 * through the production reconciliation (which must agree: no findings).
 */
export async function checkInvariants(world: ModelWorld, now: Date): Promise<void> {
  const { db, programId } = world;
  const [program] = await db.query<
    Record<'treasury' | 'budget' | 'payable' | 'paid_out' | 'receivable' | 'penalty', string>
  >(
    `select treasury_account_id as treasury, budget_account_id as budget, payable_account_id as payable,
            paid_out_account_id as paid_out, receivable_account_id as receivable, penalty_account_id as penalty
       from voucher_programs where program_id = $1`,
    [programId],
  );
  if (!program) throw new Error('program not activated');
  const [expected] = await db.query<{ payable: bigint; reserved: bigint }>(
    `select coalesce(sum(redeemed_fen - clawed_back_fen) filter (where state = 'redeemed'), 0)::int8 as payable,
            coalesce(sum(reserved_fen) filter (where state in ('submitted', 'evidence_complete')), 0)::int8 as reserved
       from voucher_claims where program_id = $1`,
    [programId],
  );
  const accounts = await lookupAccounts({
    sql: db,
    ids: [
      program.treasury,
      program.budget,
      program.payable,
      program.paid_out,
      program.receivable,
      program.penalty,
    ],
  });
  const [treasury, budget, payable, paidOut, receivable, penalty] = accounts;
  const held = (account: (typeof accounts)[number] | undefined): bigint =>
    (account?.creditsPostedFen ?? 0n) - (account?.debitsPostedFen ?? 0n);
  // Every fen of the payable belongs to a redeemed claim (posted) or a submitted one (pending).
  expect(held(payable)).toBe(expected?.payable);
  expect(payable?.creditsPendingFen).toBe(expected?.reserved);
  // Closed grants hold nothing; all grants together hold what they hold.
  const grants = await db.query<{ state: string; account_id: string }>(
    'select state, account_id from voucher_grants where program_id = $1',
    [programId],
  );
  const grantAccounts = await lookupAccounts({
    sql: db,
    ids: grants.map((grant) => grant.account_id),
  });
  let grantsFen = 0n;
  for (const grant of grants) {
    const account = grantAccounts.find((candidate) => candidate.id === grant.account_id);
    grantsFen += held(account);
    if (grant.state !== 'active' && grant.state !== 'exhausted') {
      expect(held(account) - (account?.debitsPendingFen ?? 0n)).toBe(0n);
    }
  }
  const owedBackFen = held(receivable) - (penalty?.debitsPostedFen ?? 0n);
  expect(held(budget) + grantsFen + held(payable) + held(paidOut) + owedBackFen).toBe(
    treasury?.debitsPostedFen,
  );
  const report = await reconcileVouchers({ sql: db, now, programId });
  expect(report.findings).toEqual([]);
}
