import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/client.ts';
import { ledgerCodeOwner } from '../src/domain/ledger/account-codes.ts';
import { accountCodes, transferCodes } from '../src/domain/vouchers/account-plan.ts';
import { verifyLedger } from '../src/services/ledger/index.ts';
import {
  clawbackClaim,
  createApplication,
  createClaim,
  expireGrants,
  getClaim,
  getEnterpriseBalances,
  getProgramBudget,
  listExpiryWarnings,
  payoutClaim,
  redeemClaim,
  submitClaim,
  voidGrant,
  type Grant,
  systemActor,
} from '../src/services/vouchers/index.ts';
import {
  approvedGrant,
  attachCompleteEvidence,
  attachEvidenceFile,
  draftClaimOn,
} from './support/claim-fixtures.ts';
import { createTestPglite } from './support/test-database.ts';
import {
  at,
  operator,
  publishPrograms,
  publishRecipients,
  registerComputeProvider,
  registerHangzhouSme,
} from './vouchers-support.ts';

const HANGZHOU = 'hangzhou-city-compute';
const BUDGET_FEN = 25_000_000_000n; // ¥250M

let db: Database;
let providerId: string;

beforeAll(async () => {
  db = await createTestPglite();
  await publishPrograms(db);
  providerId = await registerComputeProvider(db);
});
afterAll(async () => {
  await db.close();
});

/** A Hangzhou grant of `amountFen` for a new SME (¥1,000,000 of domestic compute planned). */
async function newSmeGrant(
  amountFen: bigint,
  expiresOn = '2025-12-31',
): Promise<{ enterpriseId: string; grant: Grant }> {
  const enterpriseId = await registerHangzhouSme(db, `杭州企业${Math.random()}`);
  const grant = await approvedGrant(db, {
    enterpriseId,
    requestedFen: amountFen,
    purpose: 'fine-tuning a model on Ascend 910B',
    expiresOn,
  });
  return { enterpriseId, grant };
}

/** Invoice, payment and delivery proof for the claim. */
function attachEvidence(
  claimId: string,
  enterpriseId: string,
  invoiceNumber: string,
  invoicedFen: bigint,
  paidFen: bigint,
): Promise<void> {
  return attachCompleteEvidence(
    db,
    { claimId, enterpriseId },
    { invoiceNumber, invoicedFen, paidFen },
  );
}

describe('voucher lifecycle on the ledger (PGlite)', () => {
  it('grant → claim → evidence → redemption → payout with exact balances at each step', async () => {
    const before = await getProgramBudget({
      sql: db,
      actor: systemActor,
      programId: HANGZHOU,
    }).catch(() => null);
    const { enterpriseId, grant } = await newSmeGrant(25_000_000n);
    const actor = { ...operator, tenantId: enterpriseId };
    const balances = async () =>
      (await getEnterpriseBalances({ sql: db, actor: systemActor, enterpriseId })).totals;
    expect(await balances()).toEqual({
      committedFen: 25_000_000n,
      inFlightFen: 0n,
      settledFen: 0n,
    });

    // Contract ¥1,000,000; purchase ¥800,000 of domestic compute → 30 % = ¥240,000 reserved.
    const claim = await draftClaimOn(db, grant, {
      providerId,
      contractId: `HZ-${grant.id}`,
      purchaseFen: 80_000_000n,
      signedOn: '2025-06-10',
    });
    const submitted = await submitClaim({
      db,
      claimId: claim.id,
      enterpriseId,
      actor,
      now: at('2025-06-11'),
    });
    expect(submitted.state).toBe('submitted');
    expect(submitted.reservedFen).toBe(24_000_000n);
    expect(await balances()).toEqual({
      committedFen: 1_000_000n,
      inFlightFen: 24_000_000n,
      settledFen: 0n,
    });

    // Final invoice ¥700,000, paid ¥700,000 → 30 % = ¥210,000 redeemed; ¥30,000 back to the grant.
    await attachEvidence(claim.id, enterpriseId, '25330000000012345678', 70_000_000n, 70_000_000n);
    expect((await getClaim({ sql: db, actor: systemActor, claimId: claim.id })).claim.state).toBe(
      'evidence_complete',
    );
    const redeemed = await redeemClaim({
      db,
      claimId: claim.id,
      actor: operator,
      now: at('2025-07-02'),
    });
    expect(redeemed.redeemedFen).toBe(21_000_000n);
    expect(await balances()).toEqual({
      committedFen: 4_000_000n,
      inFlightFen: 0n,
      settledFen: 21_000_000n,
    });

    // 公示 first: paying before the recipient list closed is refused.
    await expect(
      payoutClaim({ db, claimId: claim.id, actor: operator, now: at('2025-07-03') }),
    ).rejects.toMatchObject({ code: 'PUBLICATION_PENDING' });
    const payDay = await publishRecipients(db, HANGZHOU, '2025-07', '2025-07-03');
    const paid = await payoutClaim({ db, claimId: claim.id, actor: operator, now: payDay });
    expect(paid.state).toBe('paid');
    expect(paid.paidFen).toBe(21_000_000n);
    expect(await balances()).toEqual({
      committedFen: 4_000_000n,
      inFlightFen: 0n,
      settledFen: 21_000_000n,
    });

    const budget = await getProgramBudget({ sql: db, actor: systemActor, programId: HANGZHOU });
    expect(budget.fundedFen).toBe(BUDGET_FEN);
    const otherCommittedFen = before ? before.committedFen : 0n;
    expect(budget.paidOutFen - (before?.paidOutFen ?? 0n)).toBe(21_000_000n);
    expect(budget.committedFen - otherCommittedFen).toBe(4_000_000n);
    expect(budget.fundedFen).toBe(
      budget.remainingFen +
        budget.committedFen +
        budget.inFlightFen +
        budget.settledFen +
        budget.clawedBackOwedFen,
    );
    const history = await getClaim({ sql: db, actor: systemActor, claimId: claim.id });
    expect(history.transitions.map((t) => t.action)).toEqual([
      'create',
      'submit',
      'complete_evidence',
      'redeem',
      'pay',
    ]);
    expect(history.transitions.every((t) => t.requestId === 'req-test')).toBe(true);
    expect(await verifyLedger({ db })).toMatchObject({ ok: true });
  });

  it('refuses a second claim on the same contract and an invoice reused by the same enterprise; flags one reused by another', async () => {
    const { enterpriseId, grant } = await newSmeGrant(10_000_000n);
    const actor = { ...operator, tenantId: enterpriseId };
    const input = {
      db,
      grantId: grant.id,
      enterpriseId,
      providerId,
      contractId: `DUP-${grant.id}`,
      contractSignedOn: '2025-06-10',
      contractAmountFen: 10_000_000n,
      purchase: {
        kind: 'compute' as const,
        amountFen: 10_000_000n,
        chipOrigin: 'domestic' as const,
      },
      actor,
      now: at('2025-06-10'),
    };
    const claim = await createClaim(input);
    await expect(createClaim(input)).rejects.toMatchObject({
      code: 'CONFLICT',
      details: { claimId: claim.id },
    });
    await submitClaim({ db, claimId: claim.id, enterpriseId, actor, now: at('2025-06-11') });
    await attachEvidence(claim.id, enterpriseId, '25330000000099999999', 10_000_000n, 10_000_000n);
    const invoice = (claimId: string, owner: string) =>
      attachEvidenceFile(db, { claimId, enterpriseId: owner }, 'invoice', {
        invoiceNumber: '25330000000099999999',
        amountFen: 1n,
      });
    // The same enterprise on another claim: a double subsidy, refused naming its own claim.
    const second = await createClaim({ ...input, contractId: `SECOND-${grant.id}` });
    await expect(invoice(second.id, enterpriseId)).rejects.toMatchObject({
      code: 'CONFLICT',
      details: { field: 'invoiceNumber', claimId: claim.id },
    });
    // Another enterprise: taken, and both claims carry a flag for the reviewer.
    const other = await newSmeGrant(10_000_000n);
    const otherClaim = await createClaim({
      ...input,
      grantId: other.grant.id,
      enterpriseId: other.enterpriseId,
      actor: { ...operator, tenantId: other.enterpriseId },
      contractId: `OTHER-${grant.id}`,
    });
    await invoice(otherClaim.id, other.enterpriseId);
    for (const [id, relatedId] of [
      [claim.id, otherClaim.id],
      [otherClaim.id, claim.id],
    ] as const) {
      const { riskFlags } = await getClaim({ sql: db, actor: systemActor, claimId: id });
      expect(riskFlags).toEqual([
        expect.objectContaining({
          kind: 'invoice_shared',
          related: expect.objectContaining({ claimId: relatedId }) as unknown,
        }),
      ]);
    }
  });

  it('expiry returns exactly the unused amount and warns once per threshold', async () => {
    const unclaimed = await newSmeGrant(3_000_000n, '2025-08-31');
    const partly = await newSmeGrant(5_000_000n, '2025-08-31');
    const actor = { ...operator, tenantId: partly.enterpriseId };
    const claim = await draftClaimOn(db, partly.grant, {
      providerId,
      contractId: `EXP-${partly.grant.id}`,
      purchaseFen: 10_000_000n,
      signedOn: '2025-06-10',
    });
    // Contract ¥1M (above the SME ¥500k threshold): 30 % of ¥100,000 = ¥30,000 in flight;
    // ¥20,000 unused.
    await submitClaim({
      db,
      claimId: claim.id,
      enterpriseId: partly.enterpriseId,
      actor,
      now: at('2025-06-11'),
    });

    const warnings = await listExpiryWarnings({ sql: db, now: at('2025-08-20') });
    const mine = warnings.filter((w) => [unclaimed.grant.id, partly.grant.id].includes(w.grantId));
    expect(mine.map((w) => w.thresholdDays).sort()).toEqual([14, 14, 30, 30]);
    expect(
      (await listExpiryWarnings({ sql: db, now: at('2025-08-20') })).filter(
        (w) => w.grantId === partly.grant.id,
      ),
    ).toEqual([]);

    const budgetBefore = await getProgramBudget({
      sql: db,
      actor: systemActor,
      programId: HANGZHOU,
    });
    await expireGrants({ db, now: at('2025-09-01') });
    const budgetAfter = await getProgramBudget({
      sql: db,
      actor: systemActor,
      programId: HANGZHOU,
    });
    expect(budgetAfter.remainingFen - budgetBefore.remainingFen).toBe(3_000_000n + 2_000_000n);
    const { grants } = await getEnterpriseBalances({
      sql: db,
      actor: systemActor,
      enterpriseId: partly.enterpriseId,
    });
    expect(grants[0]).toMatchObject({
      state: 'expired',
      committedFen: 0n,
      inFlightFen: 3_000_000n,
      returnedFen: 2_000_000n,
    });
    // The claim in flight can still be redeemed; what it releases goes straight to the budget.
    await attachEvidence(
      claim.id,
      partly.enterpriseId,
      '25330000000055555555',
      5_000_000n,
      5_000_000n,
    );
    await redeemClaim({ db, claimId: claim.id, actor: operator, now: at('2025-09-02') });
    const { grants: after } = await getEnterpriseBalances({
      sql: db,
      actor: systemActor,
      enterpriseId: partly.enterpriseId,
    });
    // ¥50,000 × 30 % = ¥15,000 redeemed, ¥15,000 released → returned 2,000,000 + 1,500,000.
    expect(after[0]).toMatchObject({
      committedFen: 0n,
      inFlightFen: 0n,
      settledFen: 1_500_000n,
      returnedFen: 3_500_000n,
    });
    await expect(
      submitClaim({
        db,
        claimId: claim.id,
        enterpriseId: partly.enterpriseId,
        actor,
        now: at('2025-09-02'),
      }),
    ).rejects.toMatchObject({ code: 'INVALID_STATE_TRANSITION' });
    expect(await verifyLedger({ db })).toMatchObject({ ok: true });
  });

  it('voids a grant (budget back) and claws back a paid claim with a 2× penalty and blacklist', async () => {
    const voided = await newSmeGrant(1_000_000n);
    const budget0 = await getProgramBudget({ sql: db, actor: systemActor, programId: HANGZHOU });
    await voidGrant({
      db,
      grantId: voided.grant.id,
      reason: 'duplicate application',
      actor: operator,
      now: at('2025-06-03'),
    });
    expect(
      (await getProgramBudget({ sql: db, actor: systemActor, programId: HANGZHOU })).remainingFen -
        budget0.remainingFen,
    ).toBe(1_000_000n);

    const { enterpriseId, grant } = await newSmeGrant(6_000_000n);
    const actor = { ...operator, tenantId: enterpriseId };
    const claim = await draftClaimOn(db, grant, {
      providerId,
      contractId: `CB-${grant.id}`,
      purchaseFen: 10_000_000n,
      signedOn: '2025-06-10',
    });
    await submitClaim({ db, claimId: claim.id, enterpriseId, actor, now: at('2025-06-11') });
    await attachEvidence(claim.id, enterpriseId, '25330000000077777777', 10_000_000n, 10_000_000n);
    await redeemClaim({ db, claimId: claim.id, actor: operator, now: at('2025-07-02') });
    const payDay = await publishRecipients(db, HANGZHOU, '2025-07', '2025-07-10');
    await payoutClaim({ db, claimId: claim.id, actor: operator, now: payDay });
    const budget1 = await getProgramBudget({ sql: db, actor: systemActor, programId: HANGZHOU });
    const { amounts } = await clawbackClaim({
      db,
      claimId: claim.id,
      penaltyMultipleBps: 20_000,
      reason: 'provider is a related party',
      blacklist: true,
      actor: operator,
      now: at('2025-08-01'),
    });
    // Paid ¥30,000; owed back ¥30,000 + 2 × ¥30,000.
    expect(amounts).toEqual({
      reversalFen: 3_000_000n,
      penaltyFen: 6_000_000n,
      owedFen: 9_000_000n,
      remainingFen: 0n,
    });
    const budget2 = await getProgramBudget({ sql: db, actor: systemActor, programId: HANGZHOU });
    expect(budget2.paidOutFen - budget1.paidOutFen).toBe(-3_000_000n);
    expect(budget2.clawedBackOwedFen - budget1.clawedBackOwedFen).toBe(3_000_000n);
    expect(budget2.penaltiesFen - budget1.penaltiesFen).toBe(6_000_000n);
    // The grant's unused ¥30,000 went back to the budget.
    expect(budget2.remainingFen - budget1.remainingFen).toBe(3_000_000n);
    expect(budget2.fundedFen).toBe(
      budget2.remainingFen +
        budget2.committedFen +
        budget2.inFlightFen +
        budget2.settledFen +
        budget2.clawedBackOwedFen,
    );
    await expect(
      createApplication({
        db,
        programId: HANGZHOU,
        enterpriseId,
        plannedPurchase: { kind: 'compute', amountFen: 1_000_000n },
        purpose: 'again',
        actor,
        now: at('2025-08-02'),
      }),
    ).rejects.toMatchObject({ code: 'BLACKLISTED' });
    expect(await verifyLedger({ db })).toMatchObject({ ok: true });
  });

  // Last in the file: the lifecycle above has opened programs, granted, claimed, paid, expired,
  // voided and clawed back, so every kind of booking the vouchers make is in the ledger.
  it('books only codes of the vouchers’ account plan, each in the vouchers’ registered block', async () => {
    const accountCodesUsed = await db.query<{ code: number }>(
      'select distinct code from ledger_accounts order by code',
    );
    const transferCodesUsed = await db.query<{ code: number }>(
      'select distinct code from ledger_transfers order by code',
    );
    expect(accountCodesUsed.length).toBeGreaterThanOrEqual(6);
    expect(transferCodesUsed.length).toBeGreaterThanOrEqual(6);
    for (const { code } of accountCodesUsed) {
      expect(Object.values(accountCodes)).toContain(code);
      expect(ledgerCodeOwner('accounts', code)).toBe('vouchers');
    }
    for (const { code } of transferCodesUsed) {
      expect(Object.values(transferCodes)).toContain(code);
      expect(ledgerCodeOwner('transfers', code)).toBe('vouchers');
    }
  });
});
