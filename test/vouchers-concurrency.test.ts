import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/client.ts';
import { getBalances, verifyLedger } from '../src/services/ledger/index.ts';
import {
  createClaim,
  expireGrants,
  getClaim,
  getProgramBudget,
  redeemClaim,
  rejectClaim,
  reviewApplication,
  submitClaim,
  type Grant,
  systemActor,
} from '../src/services/vouchers/index.ts';
import {
  approvedGrant,
  attachCompleteEvidence,
  draftClaimOn,
  submittedApplication,
} from './support/claim-fixtures.ts';
import { createTestPostgres, type TestPostgres } from './support/test-database.ts';
import {
  at,
  operator,
  publishPrograms,
  registerComputeProvider,
  registerHangzhouSme,
} from './vouchers-support.ts';

/**
 * Races and a crash on real PostgreSQL: every voucher step is one transaction with deterministic
 * ledger ids, so racing requests change state once and a failure half-way writes nothing.
 */

const HANGZHOU = 'hangzhou-city-compute';
let pg: TestPostgres;
let db: Database;
let providerId: string;

beforeAll(async () => {
  pg = await createTestPostgres(24);
  db = pg.db;
  await publishPrograms(db);
  providerId = await registerComputeProvider(db);
});
afterAll(async () => {
  await pg.drop();
});

/** A submitted Hangzhou application of ¥50,000 by a new SME. */
async function applicationOfNewSme(): Promise<{ id: string; enterpriseId: string }> {
  const enterpriseId = await registerHangzhouSme(db, `并发企业${Math.random()}`);
  const { id } = await submittedApplication(db, {
    enterpriseId,
    requestedFen: 5_000_000n,
    purpose: 'race',
  });
  return { id, enterpriseId };
}

/** A grant of ¥50,000 (expiring 2025-08-31) with a draft claim of ¥100,000 on it. */
async function grantWithEvidence(): Promise<{
  grant: Grant;
  claimId: string;
  enterpriseId: string;
}> {
  const enterpriseId = await registerHangzhouSme(db, `并发企业${Math.random()}`);
  const grant = await approvedGrant(db, {
    enterpriseId,
    requestedFen: 5_000_000n,
    purpose: 'race',
    expiresOn: '2025-08-31',
  });
  const claim = await draftClaimOn(db, grant, {
    providerId,
    contractId: `R-${grant.id}`,
    purchaseFen: 10_000_000n,
  });
  return { grant, claimId: claim.id, enterpriseId };
}

/** Invoice (an 8-digit number with its code), payment and delivery proof of ¥100,000. */
function completeEvidence(claimId: string, enterpriseId: string): Promise<void> {
  return attachCompleteEvidence(
    db,
    { claimId, enterpriseId },
    {
      invoiceNumber: String(Math.floor(Math.random() * 1e8)).padStart(8, '0'),
      invoiceCode: '3300251130',
      invoicedFen: 10_000_000n,
      paidFen: 10_000_000n,
    },
  );
}

const codes = (results: PromiseSettledResult<unknown>[]): string[] =>
  results.flatMap((r) =>
    r.status === 'rejected' ? [String((r.reason as { code?: string }).code)] : [],
  );

describe('voucher races on real PostgreSQL', () => {
  it('approves an application once when 10 reviewers race', async () => {
    const { id } = await applicationOfNewSme();
    const before = await getProgramBudget({ sql: db, actor: systemActor, programId: HANGZHOU });
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () =>
        reviewApplication({
          db,
          applicationId: id,
          actor: operator,
          now: at('2025-06-02'),
          decision: { decision: 'approve', amountFen: 5_000_000n, expiresOn: '2025-12-31' },
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(codes(results)).toEqual(Array(9).fill('INVALID_STATE_TRANSITION'));
    const after = await getProgramBudget({ sql: db, actor: systemActor, programId: HANGZHOU });
    expect(before.remainingFen - after.remainingFen).toBe(5_000_000n);
  });

  it('reserves a claim once when its submission races, and redeem vs reject: one of each at most, the reject always lands', async () => {
    const { grant, claimId, enterpriseId } = await grantWithEvidence();
    const actor = { ...operator, tenantId: enterpriseId };
    const submits = await Promise.allSettled(
      Array.from({ length: 8 }, () =>
        submitClaim({ db, claimId, enterpriseId, actor, now: at('2025-06-06') }),
      ),
    );
    expect(submits.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const [account] = await getBalances({ sql: db, ids: [grant.accountId] });
    // 30 % of ¥100,000 = ¥30,000 in flight, once.
    expect(account).toMatchObject({ inFlightFen: 3_000_000n, availableFen: 2_000_000n });
    await completeEvidence(claimId, enterpriseId);
    const decisions = await Promise.allSettled([
      redeemClaim({ db, claimId, actor: operator, now: at('2025-07-02') }),
      rejectClaim({ db, claimId, reason: 'race', actor: operator, now: at('2025-07-02') }),
      redeemClaim({ db, claimId, actor: operator, now: at('2025-07-02') }),
      rejectClaim({ db, claimId, reason: 'race', actor: operator, now: at('2025-07-02') }),
    ]);
    // A redeemed, unpaid claim may still be rejected (its payable returns to the grant), so
    // whichever order the locks give, one reject wins and a redeem wins only if it came first.
    const won = (indexes: number[]) =>
      indexes.filter((index) => decisions[index]?.status === 'fulfilled').length;
    expect(won([0, 2])).toBeLessThanOrEqual(1);
    expect(won([1, 3])).toBe(1);
    const { claim } = await getClaim({ sql: db, actor: systemActor, claimId });
    expect(claim.state).toBe('rejected');
    const [after] = await getBalances({ sql: db, ids: [grant.accountId] });
    expect(after?.inFlightFen).toBe(0n);
    expect(after?.availableFen).toBe(5_000_000n);
  });

  it('lets one claim per contract win when two are drafted at once', async () => {
    const { grant, enterpriseId } = await grantWithEvidence();
    const actor = { ...operator, tenantId: enterpriseId };
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, () =>
        createClaim({
          db,
          grantId: grant.id,
          enterpriseId,
          providerId,
          contractId: `SAME-${grant.id}`,
          contractSignedOn: '2025-06-05',
          contractAmountFen: 100_000_000n,
          purchase: { kind: 'compute', amountFen: 1_000_000n, chipOrigin: 'domestic' },
          actor,
          now: at('2025-06-05'),
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(codes(results)).toEqual(Array(5).fill('CONFLICT'));
  });

  it('returns each grant’s unused amount once when expiry jobs race', async () => {
    const grants = await Promise.all([
      grantWithEvidence(),
      grantWithEvidence(),
      grantWithEvidence(),
    ]);
    const before = await getProgramBudget({ sql: db, actor: systemActor, programId: HANGZHOU });
    const runs = await Promise.all(
      [1, 2, 3].map(() => expireGrants({ db, now: at('2025-09-01') })),
    );
    const total = runs.reduce((sum, run) => sum + run.returnedFen, 0n);
    const after = await getProgramBudget({ sql: db, actor: systemActor, programId: HANGZHOU });
    expect(after.remainingFen - before.remainingFen).toBe(total);
    expect(total).toBeGreaterThanOrEqual(BigInt(grants.length) * 5_000_000n);
    expect(await verifyLedger({ db })).toMatchObject({ ok: true });
  });

  it('writes nothing when a redemption fails half-way (after the ledger post), and the retry redeems once', async () => {
    const { grant, claimId, enterpriseId } = await grantWithEvidence();
    const actor = { ...operator, tenantId: enterpriseId };
    await submitClaim({ db, claimId, enterpriseId, actor, now: at('2025-06-06') });
    await completeEvidence(claimId, enterpriseId);
    const admin = await pg.admin();
    // Fault: the transition row of the redemption is refused, after the ledger already posted.
    await admin.query(`create function fail_redeem() returns trigger language plpgsql as $$
      begin if new.action = 'redeem' then raise exception 'injected crash'; end if; return new; end $$`);
    await admin.query(`create trigger fail_redeem before insert on voucher_transitions
      for each row execute function fail_redeem()`);
    const ledgerBefore = await db.query<{ n: bigint }>(
      'select count(*)::int8 as n from ledger_transfers',
    );
    await expect(
      redeemClaim({ db, claimId, actor: operator, now: at('2025-07-02') }),
    ).rejects.toThrow(/injected crash/);
    const ledgerAfter = await db.query<{ n: bigint }>(
      'select count(*)::int8 as n from ledger_transfers',
    );
    expect(ledgerAfter).toEqual(ledgerBefore);
    expect((await getClaim({ sql: db, actor: systemActor, claimId })).claim.state).toBe(
      'evidence_complete',
    );
    await admin.query('drop trigger fail_redeem on voucher_transitions');
    await admin.end();
    const redeemed = await redeemClaim({ db, claimId, actor: operator, now: at('2025-07-02') });
    expect(redeemed.redeemedFen).toBe(3_000_000n);
    const [account] = await getBalances({ sql: db, ids: [grant.accountId] });
    expect(account).toMatchObject({ inFlightFen: 0n, availableFen: 2_000_000n });
    expect(await verifyLedger({ db })).toMatchObject({ ok: true });
  });
});
