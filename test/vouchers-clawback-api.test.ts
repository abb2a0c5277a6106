import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lookupAccounts, verifyLedger } from '../src/services/ledger/index.ts';
import { reconcileVouchers } from '../src/services/vouchers/index.ts';
import { createApiHarness, type ApiHarness } from './support/api-harness.ts';
import {
  claimInState,
  publishTestProgram,
  testEnterprise,
  testProvider,
  type RedeemedClaim,
} from './support/publication-fixtures.ts';

/**
 * Clawback over HTTP, per claim state (docs/vouchers.md#clawback): before payout a part leaves
 * the claim payable with less to pay, so the rest pays out (or a second clawback or a reject
 * takes it) and no fen stays in the payable without a claim that moves it; all of it ends the
 * claim; after payout a part leaves the claim paid and owed back with the penalty.
 */

const DAY_S = 86_400;
let h: ApiHarness;
let programId: string;
/** Claims redeemed (¥50,000 each, not paid): one per scenario. */
let partly: RedeemedClaim;
let twice: RedeemedClaim;
let whole: RedeemedClaim;
let paidLater: RedeemedClaim;

interface ClaimJson {
  id: string;
  state: string;
  redeemedFen: string;
  paidFen: string;
  clawedBackFen: string;
}
interface ClawbackJson {
  claim: ClaimJson;
  reversalFen: string;
  penaltyFen: string;
  owedFen: string;
}
interface BudgetJson {
  remainingFen: string;
  settledFen: string;
  paidOutFen: string;
  clawedBackOwedFen: string;
  penaltiesFen: string;
  ledgerAccounts: { role: string; id: string }[];
}

beforeAll(async () => {
  h = await createApiHarness();
  const now = h.clock.now();
  const before = new Date(now.getTime() - 30 * DAY_S * 1000);
  programId = await publishTestProgram(h.db, {
    at: before,
    operatorTenantId: h.tenants.operatorA.id,
  });
  const providerId = await testProvider(h.db, before);
  const redeemed = async (minutesAgo: number): Promise<RedeemedClaim> =>
    claimInState(h.db, {
      programId,
      at: new Date(now.getTime() - minutesAgo * 60_000),
      enterpriseId: await testEnterprise(h.db, before),
      providerId,
    });
  partly = await redeemed(40);
  twice = await redeemed(30);
  whole = await redeemed(20);
  paidLater = await redeemed(10);
}, 120_000);
afterAll(async () => {
  await h.close();
});

const operator = () => h.as('operator-admin@A');
const clawback = (claimId: string, body: Record<string, unknown>) =>
  operator().post(`/api/v1/claims/${claimId}/clawback`, body);
const budget = async (): Promise<BudgetJson> =>
  (await h.as('auditor@A').get(`/api/v1/programs/${programId}/budget`)).json<BudgetJson>();

/** Fen posted into the program's payable and not out of it. */
async function payableFen(): Promise<bigint> {
  const id =
    (await budget()).ledgerAccounts.find((account) => account.role === 'payable')?.id ?? '';
  const [payable] = await lookupAccounts({ sql: h.db, ids: [id] });
  return (payable?.creditsPostedFen ?? 0n) - (payable?.debitsPostedFen ?? 0n);
}

describe('clawback before payout', () => {
  it('a partial clawback of a redeemed, unpaid claim leaves the rest payable', async () => {
    const before = await budget();
    const payableBefore = await payableFen();
    const response = await clawback(partly.claim.id, {
      amountFen: '1',
      reason: '抽查：发票金额多计1分',
    });
    expect(response.status, response.text).toBe(200);
    const result = response.json<ClawbackJson>();
    expect(result.claim).toMatchObject({
      state: 'redeemed',
      redeemedFen: '5000000',
      clawedBackFen: '1',
    });
    // Nothing was paid, so nothing is owed back (and no penalty was asked for).
    expect([result.reversalFen, result.penaltyFen, result.owedFen]).toEqual(['1', '0', '0']);
    expect(await payableFen()).toBe(payableBefore - 1n);
    const after = await budget();
    expect(BigInt(after.remainingFen) - BigInt(before.remainingFen)).toBe(1n);
    expect(BigInt(before.settledFen) - BigInt(after.settledFen)).toBe(1n);
    // More than the claim still holds is refused and changes nothing.
    const tooMuch = await clawback(partly.claim.id, { amountFen: '5000000', reason: 'x' });
    expect([tooMuch.status, tooMuch.errorCode]).toEqual([400, 'VALIDATION_FAILED']);
    const claim = await operator().get(`/api/v1/claims/${partly.claim.id}`);
    expect(claim.json<ClaimJson>().clawedBackFen).toBe('1');
  });

  it('a second clawback and then a reject take the rest back to the grant', async () => {
    const first = await clawback(twice.claim.id, { amountFen: '1', reason: '第一次追回' });
    expect(first.json<ClawbackJson>().claim.state).toBe('redeemed');
    const second = await clawback(twice.claim.id, { amountFen: '2000000', reason: '第二次追回' });
    expect(second.status, second.text).toBe(200);
    expect(second.json<ClawbackJson>().claim).toMatchObject({
      state: 'redeemed',
      clawedBackFen: '2000001',
    });
    const payableBefore = await payableFen();
    const rejected = await operator().post(`/api/v1/claims/${twice.claim.id}/reject`, {
      reason: '交付证明不实，驳回',
    });
    expect(rejected.status, rejected.text).toBe(200);
    expect(rejected.json<ClaimJson>().state).toBe('rejected');
    expect(await payableFen()).toBe(payableBefore - 2_999_999n);
    // The grant (exhausted by the claim) is usable again for what the claim gave back.
    const grant = await operator().get(`/api/v1/grants/${twice.grant.id}`);
    expect(grant.json()).toMatchObject({
      state: 'active',
      committedFen: '2999999',
      settledFen: '0',
    });
  });

  it('a clawback of everything ends the claim and withdraws its grant; nothing more can be taken', async () => {
    const before = await budget();
    const response = await clawback(whole.claim.id, { reason: '关联交易，全额追回' });
    expect(response.status, response.text).toBe(200);
    expect(response.json<ClawbackJson>()).toMatchObject({
      claim: { state: 'clawed_back', clawedBackFen: '5000000' },
      reversalFen: '5000000',
    });
    expect(BigInt((await budget()).remainingFen) - BigInt(before.remainingFen)).toBe(5_000_000n);
    const grant = await operator().get(`/api/v1/grants/${whole.grant.id}`);
    expect(grant.json<{ state: string }>().state).toBe('clawed_back');
    for (const [path, body] of [
      ['clawback', { amountFen: '1', reason: 'again' }],
      ['payout', {}],
      ['reject', { reason: 'again' }],
    ] as const) {
      const refused = await operator().post(`/api/v1/claims/${whole.claim.id}/${path}`, body);
      expect([path, refused.status, refused.errorCode]).toEqual([
        path,
        409,
        'INVALID_STATE_TRANSITION',
      ]);
    }
  });
});

describe('payout of what is left, and clawback after payout', () => {
  it('publishes and pays the partly clawed-back claim its rest; the payable empties', async () => {
    const month = new Date(h.clock.now().getTime() + 8 * 3600_000).toISOString().slice(0, 7);
    const drafted = await operator().post('/api/v1/publications', {
      programId,
      period: month,
      title: '追回测试兑付名单公示',
      objectionWindowDays: 1,
    });
    expect(drafted.status, drafted.text).toBe(201);
    const publicationId = drafted.json<{ id: string }>().id;
    // The list shows what each claim will be paid: the partly clawed-back one its rest.
    const detail = await operator().get(`/api/v1/publications/${publicationId}`);
    const listed = detail
      .json<{ entries: { claimId: string; amountFen: string }[] }>()
      .entries.map((entry) => [entry.claimId, entry.amountFen]);
    expect(listed).toEqual([
      [partly.claim.id, '4999999'],
      [paidLater.claim.id, '5000000'],
    ]);
    expect(
      (await operator().post(`/api/v1/publications/${publicationId}/publish`, {})).status,
    ).toBe(200);
    h.clock.advanceSeconds(2 * DAY_S);
    await h.relogin();
    expect((await operator().post(`/api/v1/publications/${publicationId}/close`, {})).status).toBe(
      200,
    );
    const paid = await operator().post(`/api/v1/claims/${partly.claim.id}/payout`, {});
    expect(paid.status, paid.text).toBe(200);
    expect(paid.json<ClaimJson>()).toMatchObject({ state: 'paid', paidFen: '4999999' });
    const other = await operator().post(`/api/v1/claims/${paidLater.claim.id}/payout`, {});
    expect(other.json<ClaimJson>()).toMatchObject({ state: 'paid', paidFen: '5000000' });
    expect(await payableFen()).toBe(0n);
    expect(BigInt((await budget()).paidOutFen)).toBe(9_999_999n);
  });

  it('a partial clawback after payout keeps the claim paid and owes amount + penalty; the rest can follow', async () => {
    const part = await clawback(paidLater.claim.id, {
      amountFen: '1000000',
      penaltyMultipleBps: 20_000,
      reason: '部分算力未交付',
    });
    expect(part.status, part.text).toBe(200);
    expect(part.json<ClawbackJson>()).toMatchObject({
      claim: { state: 'paid', paidFen: '5000000', clawedBackFen: '1000000' },
      reversalFen: '1000000',
      penaltyFen: '2000000',
      owedFen: '3000000',
    });
    const rest = await clawback(paidLater.claim.id, { reason: '其余部分亦不符' });
    expect(rest.json<ClawbackJson>()).toMatchObject({
      claim: { state: 'clawed_back', clawedBackFen: '5000000' },
      reversalFen: '4000000',
      owedFen: '4000000',
    });
    const after = await budget();
    expect([after.paidOutFen, after.clawedBackOwedFen, after.penaltiesFen]).toEqual([
      '4999999',
      '5000000',
      '2000000',
    ]);
  });

  it('leaves every claim and grant holding what its state says, and the ledger verified', async () => {
    const report = await reconcileVouchers({ sql: h.db, now: h.clock.now(), programId });
    expect(report.findings).toEqual([]);
    expect(report).toMatchObject({ ok: true, claims: 4, grants: 4 });
    expect(await verifyLedger({ db: h.db })).toMatchObject({ ok: true });
  });
});
