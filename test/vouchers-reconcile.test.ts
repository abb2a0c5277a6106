import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CNY_LEDGER, ledgerIdFor, transferCodes } from '../src/domain/vouchers/account-plan.ts';
import { createTransfers } from '../src/services/ledger/index.ts';
import { reconcileVouchers } from '../src/services/vouchers/index.ts';
import {
  claimInState,
  publishTestProgram,
  testEnterprise,
  testProvider,
  type RedeemedClaim,
} from './support/publication-fixtures.ts';
import { createTestPostgres, type TestPostgres } from './support/test-database.ts';

/**
 * The reconciliation of claims and grants with their ledger balances, through the service and
 * `suanli ledger verify` on PostgreSQL: a clean database passes; one where a partial clawback
 * stranded money as the code before issue 17 did (the postings written here directly through the
 * ledger, since today's clawback no longer makes them) fails, naming the claim.
 */

let db: TestPostgres;
let programId: string;
let stranded: RedeemedClaim;
let clean: RedeemedClaim;
const now = new Date('2026-03-02T09:00:00Z');

beforeAll(async () => {
  db = await createTestPostgres(4);
  const before = new Date(now.getTime() - 30 * 86_400_000);
  programId = await publishTestProgram(db.db, { at: before, operatorTenantId: null });
  const providerId = await testProvider(db.db, before);
  for (const minutesAgo of [30, 20]) {
    const claim = await claimInState(db.db, {
      programId,
      at: new Date(now.getTime() - minutesAgo * 60_000),
      enterpriseId: await testEnterprise(db.db, before),
      providerId,
    });
    if (minutesAgo === 30) clean = claim;
    stranded = claim;
  }
}, 120_000);
afterAll(async () => {
  await db.drop();
});

function verifyCli(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'ledger', 'verify'],
      { env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'silent' } },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * What `POST /claims/{id}/clawback {"amountFen":"1"}` on a redeemed, unpaid claim did before:
 * 1 fen payable → budget, and the claim and its grant moved to clawed_back, leaving the rest of
 * the claim in the payable with no action to move it.
 */
async function strandLikeTheOldClawback(claim: RedeemedClaim): Promise<void> {
  const [program] = await db.db.query<{ payable_account_id: string; budget_account_id: string }>(
    'select payable_account_id, budget_account_id from voucher_programs where program_id = $1',
    [programId],
  );
  if (!program) throw new Error('program not activated');
  const [result] = await createTransfers({
    sql: db.db,
    now,
    transfers: [
      {
        id: ledgerIdFor('claim', claim.claim.id, 'clawback:reversal'),
        debitAccountId: program.payable_account_id,
        creditAccountId: program.budget_account_id,
        amountFen: 1n,
        ledger: CNY_LEDGER,
        code: transferCodes.clawbackReversal,
        userData: `claim:${claim.claim.id}`,
      },
    ],
  });
  expect(result?.status).toBe('created');
  await db.db.query(
    `update voucher_claims set state = 'clawed_back', clawed_back_fen = 1 where id = $1`,
    [claim.claim.id],
  );
  await db.db.query(`update voucher_grants set state = 'clawed_back' where id = $1`, [
    claim.grant.id,
  ]);
}

describe('reconciliation of claims and grants with the ledger (PostgreSQL)', () => {
  it('passes on a clean database, through the service and the CLI', async () => {
    const report = await reconcileVouchers({ sql: db.db, now });
    expect(report).toMatchObject({ ok: true, programs: 1, claims: 2, grants: 2, findings: [] });
    const out = await verifyCli();
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toContain('ledger ok');
    expect(out.stdout).toContain('vouchers ok: 2 claims, 2 grants in 1 programs');
  }, 60_000);

  it('names the claim whose money the old partial clawback stranded, and fails the CLI', async () => {
    await strandLikeTheOldClawback(stranded);
    const report = await reconcileVouchers({ sql: db.db, now });
    expect(report.ok).toBe(false);
    expect(report.findings).toEqual([
      {
        entity: 'claim',
        id: stranded.claim.id,
        programId,
        state: 'clawed_back',
        account: 'payable',
        expectedFen: 0n,
        actualFen: 4_999_999n,
        message: `claim ${stranded.claim.id} (clawed_back) strands 4999999 fen in the payable: no action moves it`,
      },
    ]);
    const out = await verifyCli();
    expect(out.code).toBe(1);
    // The ledger itself is sound (every balance matches its transfers): the vouchers are not.
    expect(out.stdout).toContain('ledger ok');
    expect(out.stderr).toContain(
      `claim ${stranded.claim.id} (clawed_back) strands 4999999 fen in the payable`,
    );
  }, 60_000);

  it('names a claim whose recorded paid total no longer adds up its payment rows', async () => {
    const [before] = await db.db.query<{ paid_amount_fen: bigint }>(
      'select paid_amount_fen from voucher_claims where id = $1',
      [clean.claim.id],
    );
    const paidFen = before?.paid_amount_fen ?? 0n;
    expect(paidFen).toBeGreaterThan(0n);
    // A running sum written without its row (what a code path forgetting one of the two would
    // leave): the ledger is untouched, so only this check can see it.
    await db.db.query('update voucher_claims set paid_amount_fen = $2 where id = $1', [
      clean.claim.id,
      paidFen + 100n,
    ]);
    const report = await reconcileVouchers({ sql: db.db, now });
    expect(report.findings).toContainEqual({
      entity: 'claim',
      id: clean.claim.id,
      programId,
      state: 'redeemed',
      account: 'payments',
      expectedFen: paidFen,
      actualFen: paidFen + 100n,
      message: `claim ${clean.claim.id} (redeemed) records ${paidFen + 100n} fen paid, its payments add up to ${paidFen} fen`,
    });
    expect(report.findings.filter((finding) => finding.account === 'invoices')).toEqual([]);
  }, 60_000);
});
