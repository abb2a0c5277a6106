import fc from 'fast-check';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/client.ts';
import type { DomainError } from '../src/domain/shared/errors.ts';
import { verifyLedger } from '../src/services/ledger/index.ts';
import { publishProgramVersion } from '../src/services/programs/index.ts';
import {
  createApplication,
  getEnterpriseBalances,
  getProgramBudget,
  redeemClaim,
  reviewApplication,
  scheduleVoucherJobs,
  submitApplication,
  submitClaim,
  type Grant,
  systemActor,
} from '../src/services/vouchers/index.ts';
import { attachEvidenceFile, draftClaimOn } from './support/claim-fixtures.ts';
import { createTestPglite } from './support/test-database.ts';
import { at, operator, registerComputeProvider, registerHangzhouSme } from './vouchers-support.ts';

/**
 * Money paths through the real services and ledger (PGlite), on random scenarios: grants never
 * exceed the budget, redemptions never exceed the reservation nor the policy's subsidy on the
 * final amounts, and expiry returns exactly the unused amount — with the budget identity and
 * `verifyLedger` after every scenario.
 */

let db: Database;
let providerId: string;
let hangzhouText: string;
let programCounter = 0;

beforeAll(async () => {
  db = await createTestPglite();
  providerId = await registerComputeProvider(db);
  hangzhouText = await readFile(
    new URL('../programs/hangzhou-city-compute.v1.yaml', import.meta.url),
    'utf8',
  );
});
afterAll(async () => {
  await db.close();
});

/** A Hangzhou-rules program with its own id and a small budget (yuan). */
async function smallProgram(budgetYuan: number): Promise<string> {
  programCounter += 1;
  const id = `prop-hangzhou-${programCounter}`;
  const yamlText = hangzhouText
    .replace(/^id: .*$/mu, `id: ${id}`)
    .replace(/^budgetYuan: .*$/mu, `budgetYuan: "${budgetYuan}"`);
  await publishProgramVersion({
    sql: db,
    yamlText,
    publishedBy: 'property',
    now: at('2025-01-01'),
  });
  return id;
}

interface GrantPlan {
  requestedFen: bigint;
  /** null: never claimed. */
  claim: null | { purchaseFen: bigint; redeem: null | { invoicedFen: bigint; paidFen: bigint } };
}

const grantPlan: fc.Arbitrary<GrantPlan> = fc.record({
  requestedFen: fc.bigInt({ min: 1n, max: 400_000n }),
  claim: fc.option(
    fc.record({
      purchaseFen: fc.bigInt({ min: 1n, max: 2_000_000n }),
      redeem: fc.option(
        fc.record({
          invoicedFen: fc.bigInt({ min: 1n, max: 2_000_000n }),
          paidFen: fc.bigInt({ min: 1n, max: 2_000_000n }),
        }),
      ),
    }),
  ),
});

let invoiceCounter = 10_000_000;

async function runScenario(budgetYuan: number, plans: GrantPlan[]): Promise<void> {
  const programId = await smallProgram(budgetYuan);
  const budgetFen = BigInt(budgetYuan) * 100n;
  const enterpriseId = await registerHangzhouSme(db, `性质测试企业${programCounter}`);
  const actor = { ...operator, tenantId: enterpriseId };
  const granted: {
    grant: Grant;
    plan: GrantPlan;
    reservedFen: bigint;
    redeemedFen: bigint;
    inFlight: boolean;
  }[] = [];
  let grantedFen = 0n;
  for (const plan of plans) {
    // The pre-check's estimate is capped by what the budget has left: a request above it is
    // refused at once (VALIDATION_FAILED, or POLICY_REJECTED when nothing is left).
    let application;
    try {
      application = await createApplication({
        db,
        programId,
        enterpriseId,
        requestedFen: plan.requestedFen,
        purpose: 'property',
        plannedPurchase: { kind: 'compute', amountFen: 100_000_000n, chipOrigin: 'domestic' },
        actor,
        now: at('2025-06-01'),
      });
    } catch (error) {
      expect(['VALIDATION_FAILED', 'POLICY_REJECTED']).toContain((error as DomainError).code);
      expect(grantedFen + plan.requestedFen).toBeGreaterThan(budgetFen);
      continue;
    }
    await submitApplication({ db, applicationId: application.id, actor, now: at('2025-06-01') });
    try {
      const { grant } = await reviewApplication({
        db,
        applicationId: application.id,
        actor: operator,
        now: at('2025-06-02'),
        decision: { decision: 'approve', amountFen: plan.requestedFen, expiresOn: '2025-09-30' },
      });
      if (!grant) throw new Error('approved without a grant');
      grantedFen += plan.requestedFen;
      granted.push({ grant, plan, reservedFen: 0n, redeemedFen: 0n, inFlight: false });
    } catch (error) {
      // Only an over-budget approval may fail, and only when it does not fit.
      expect((error as DomainError).code).toBe('BUDGET_EXHAUSTED');
      expect(grantedFen + plan.requestedFen).toBeGreaterThan(budgetFen);
    }
  }
  expect(grantedFen).toBeLessThanOrEqual(budgetFen);

  for (const entry of granted) {
    const { claim } = entry.plan;
    if (!claim) continue;
    const drafted = await draftClaimOn(db, entry.grant, {
      providerId,
      contractId: `P-${entry.grant.id}`,
      contractAmountFen: 100_000_000n, // > ¥500k: 30 % domestic
      purchaseFen: claim.purchaseFen,
    });
    try {
      const submitted = await submitClaim({
        db,
        claimId: drafted.id,
        enterpriseId,
        actor,
        now: at('2025-06-06'),
      });
      entry.reservedFen = submitted.reservedFen;
      entry.inFlight = true;
    } catch (error) {
      // 30 % of a tiny purchase rounds down to 0 fen: nothing to claim.
      expect((error as DomainError).code).toBe('POLICY_REJECTED');
      expect((claim.purchaseFen * 3000n) / 10_000n).toBe(0n);
      continue;
    }
    expect(entry.reservedFen).toBeLessThanOrEqual(entry.grant.amountFen);
    expect(entry.reservedFen).toBeLessThanOrEqual((claim.purchaseFen * 3000n) / 10_000n);
    if (!claim.redeem) continue;
    const { invoicedFen, paidFen } = claim.redeem;
    invoiceCounter += 1;
    const attach = (kind: string, extra: Parameters<typeof attachEvidenceFile>[3] = {}) =>
      attachEvidenceFile(db, { claimId: drafted.id, enterpriseId }, kind, extra);
    // Paid before invoiced: a payment after an invoice may not pass the invoiced total, so the
    // paid > invoiced scenarios need the payment first.
    await attach('payment', { amountFen: paidFen });
    await attach('invoice', {
      invoiceNumber: String(invoiceCounter),
      invoiceCode: '033002500111',
      amountFen: invoicedFen,
    });
    await attach('delivery');
    const finalFen = invoicedFen < paidFen ? invoicedFen : paidFen;
    const subsidyFen = (finalFen * 3000n) / 10_000n;
    try {
      const redeemed = await redeemClaim({
        db,
        claimId: drafted.id,
        actor: operator,
        now: at('2025-07-02'),
      });
      entry.redeemedFen = redeemed.redeemedFen;
      entry.inFlight = false;
    } catch (error) {
      expect((error as DomainError).code).toBe('POLICY_REJECTED');
      expect(subsidyFen).toBe(0n);
      continue;
    }
    expect(entry.redeemedFen).toBeLessThanOrEqual(entry.reservedFen);
    expect(entry.redeemedFen).toBeLessThanOrEqual(subsidyFen);
    expect(entry.redeemedFen).toBe(entry.reservedFen < subsidyFen ? entry.reservedFen : subsidyFen);
  }

  // No application passed the pre-check: the program was never opened for vouchers.
  const opened = await getProgramBudget({ sql: db, actor: systemActor, programId }).catch(
    () => null,
  );
  if (opened === null) {
    expect(granted).toEqual([]);
    return;
  }
  const before = opened;
  expect(before.fundedFen).toBe(budgetFen);
  expect(before.remainingFen).toBe(budgetFen - grantedFen);

  // Expiry through the server's job runner: exactly the unused part of every grant comes back.
  const jobs = scheduleVoucherJobs({
    db,
    intervalMs: 3_600_000,
    clock: () => at('2025-10-01'),
    onError: (error) => {
      throw error;
    },
  });
  await jobs.runNow();
  jobs.stop();
  const { grants } = await getEnterpriseBalances({
    sql: db,
    actor: systemActor,
    enterpriseId,
    programId,
  });
  let unusedFen = 0n;
  for (const entry of granted) {
    const balance = grants.find((g) => g.grantId === entry.grant.id);
    expect(balance?.state).toBe('expired');
    const inFlightFen = entry.inFlight ? entry.reservedFen : 0n;
    const expectedUnused = entry.grant.amountFen - entry.redeemedFen - inFlightFen;
    expect(balance).toMatchObject({
      committedFen: 0n,
      inFlightFen,
      settledFen: entry.redeemedFen,
      returnedFen: expectedUnused,
    });
    unusedFen += expectedUnused;
  }
  const after = await getProgramBudget({ sql: db, actor: systemActor, programId });
  expect(after.remainingFen - before.remainingFen).toBe(unusedFen);
  expect(after.fundedFen).toBe(
    after.remainingFen +
      after.committedFen +
      after.inFlightFen +
      after.settledFen +
      after.clawedBackOwedFen,
  );
}

describe('voucher money paths (fast-check over the services, PGlite)', () => {
  it('grants ≤ budget, redemption ≤ reservation and policy subsidy, expiry returns exactly the unused amount', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1_000, max: 8_000 }),
        fc.array(grantPlan, { minLength: 1, maxLength: 5 }),
        async (budgetYuan, plans) => {
          await runScenario(budgetYuan, plans);
        },
      ),
      { numRuns: 20 },
    );
    expect(await verifyLedger({ db })).toMatchObject({ ok: true });
  }, 240_000);
});
