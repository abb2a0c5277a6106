import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/client.ts';
import { lookupAccounts, verifyLedger } from '../src/services/ledger/index.ts';
import { linkRelatedParties } from '../src/services/parties/index.ts';
import {
  createApplication,
  getProgramBudget,
  payoutClaim,
  redeemClaim,
  submitApplication,
  submitClaim,
  systemActor,
  type Grant,
} from '../src/services/vouchers/index.ts';
import { approvedGrant, attachCompleteEvidence, draftClaimOn } from './support/claim-fixtures.ts';
import { createTestPglite } from './support/test-database.ts';
import {
  at,
  operator,
  publishPrograms,
  publishRecipients,
  registerComputeProvider,
  registerHangzhouSme,
  registerWuhanSme,
} from './vouchers-support.ts';

/** The claim rules: stacking across city and district, related-party providers, pay-provider mode. */

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

/** The enterprise's grant of `requestedFen`, planned on a contract of `contractAmountFen`. */
function approved(
  programId: string,
  enterpriseId: string,
  requestedFen: bigint,
  contractAmountFen: bigint,
): Promise<Grant> {
  return approvedGrant(db, {
    programId,
    enterpriseId,
    requestedFen,
    purpose: 'rules',
    plannedPurchase: {
      kind: 'compute',
      amountFen: contractAmountFen,
      contractAmountFen,
      chipOrigin: 'domestic',
    },
  });
}

/** A draft claim of `amountFen` on the grant, and its submission (the day after). */
async function claimOn(grant: Grant, contractId: string, amountFen: bigint, provider = providerId) {
  const claim = await draftClaimOn(db, grant, {
    providerId: provider,
    contractId,
    contractAmountFen: amountFen,
  });
  const { enterpriseId } = grant;
  const actor = { ...operator, tenantId: enterpriseId };
  return {
    claim,
    submit: () =>
      submitClaim({ db, claimId: claim.id, enterpriseId, actor, now: at('2025-06-06') }),
  };
}

describe('voucher claim rules', () => {
  it('stacks city and district subsidies on one contract up to the combined 60 %', async () => {
    // Xihu SME, contract ¥400,000 (≤ ¥500k): the city pays 50 % = ¥200,000; the district's own
    // 30 % would bring the total to 80 %, so stacking cuts it to 60 % − 50 % = 10 % = ¥40,000.
    const enterpriseId = await registerHangzhouSme(db, '西湖叠加测试企业');
    const cityGrant = await approved(
      'hangzhou-city-compute',
      enterpriseId,
      20_000_000n,
      40_000_000n,
    );
    const districtGrant = await approved(
      'hangzhou-xihu-compute-topup',
      enterpriseId,
      12_000_000n,
      40_000_000n,
    );
    const city = await claimOn(cityGrant, 'XIHU-STACK-1', 40_000_000n);
    expect((await city.submit()).reservedFen).toBe(20_000_000n);
    const district = await claimOn(districtGrant, 'XIHU-STACK-1', 40_000_000n);
    const submitted = await district.submit();
    expect(submitted.reservedFen).toBe(4_000_000n);
    expect(JSON.stringify(submitted.policyTrace)).toContain('stacking');
  });

  it('refuses a claim whose provider is a related party, with the trace, and writes nothing', async () => {
    const enterpriseId = await registerHangzhouSme(db, '关联方测试企业');
    const grant = await approved('hangzhou-city-compute', enterpriseId, 10_000_000n, 100_000_000n);
    await linkRelatedParties({
      actor: systemActor,
      sql: db,
      partyAId: enterpriseId,
      partyBId: providerId,
      reason: '同一集团',
      now: at('2025-06-03'),
    });
    const { submit } = await claimOn(grant, 'RELATED-1', 10_000_000n);
    const ledgerBefore = await db.query<{ n: bigint }>(
      'select count(*)::int8 as n from ledger_transfers',
    );
    await expect(submit()).rejects.toMatchObject({ code: 'POLICY_REJECTED' });
    expect(await db.query('select count(*)::int8 as n from ledger_transfers')).toEqual(
      ledgerBefore,
    );
  });

  it('pays the provider in Wuhan’s 即领即用 mode: automatic first-come grant, provider payable', async () => {
    const enterpriseId = await registerWuhanSme(db, 1);
    const actor = { ...operator, tenantId: enterpriseId };
    // Wuhan: SMEs get 50 % of compute cost; a ¥10,000 purchase → ¥5,000 estimate, granted at once.
    const application = await createApplication({
      db,
      programId: 'wuhan-compute-service',
      enterpriseId,
      purpose: 'GPU hours',
      plannedPurchase: { kind: 'compute', amountFen: 1_000_000n },
      actor,
      now: at('2025-06-01'),
    });
    const { grant } = await submitApplication({
      db,
      applicationId: application.id,
      actor,
      now: at('2025-06-01'),
    });
    expect(grant?.amountFen).toBe(500_000n);
    if (!grant) return;
    const { claim, submit } = await claimOn(grant, 'WH-1', 1_000_000n);
    expect((await submit()).reservedFen).toBe(500_000n);
    await attachCompleteEvidence(
      db,
      { claimId: claim.id, enterpriseId },
      {
        invoiceNumber: '42010000',
        invoiceCode: '4200251130',
        invoicedFen: 1_000_000n,
        paidFen: 1_000_000n,
      },
    );
    await redeemClaim({ db, claimId: claim.id, actor: operator, now: at('2025-07-02') });
    const payDay = await publishRecipients(db, 'wuhan-compute-service', '2025-07', '2025-07-03');
    const paid = await payoutClaim({ db, claimId: claim.id, actor: operator, now: payDay });
    expect(paid.paidFen).toBe(500_000n);
    const budget = await getProgramBudget({
      sql: db,
      actor: systemActor,
      programId: 'wuhan-compute-service',
    });
    expect(budget).toMatchObject({
      fundedFen: 1_000_000_000n,
      paidOutFen: 500_000n,
      settledFen: 500_000n,
    });
    const [row] = await db.query<{ payable_account_id: string }>(
      `select payable_account_id from voucher_programs where program_id = 'wuhan-compute-service'`,
    );
    const [payable] = await lookupAccounts({ sql: db, ids: [row?.payable_account_id ?? ''] });
    expect(payable?.code).toBe(5105); // provider payable
    expect(await verifyLedger({ db })).toMatchObject({ ok: true });
  });
});
