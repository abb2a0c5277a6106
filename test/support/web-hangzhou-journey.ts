import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { demoEnterprises } from '../../src/demo/demo-parties.ts';
import { makeUscc } from '../../src/domain/parties/uscc.ts';
import type { BrowserHarness } from './browser-harness.ts';
import {
  dashboardFiguresOn,
  fillClaimForm,
  confirmDecision,
  findInQueue,
  grantFiguresOn,
  uploadEvidence,
  type BudgetFigures,
} from './web-journey-pages.ts';
import { apiSession, fenOn, pdf, POLL_TIMEOUT_MS, type ApiSession } from './web-page-helpers.ts';

/**
 * The Hangzhou journey as one clicked flow by three users, in order, on the server of the
 * browser test file that calls this: the enterprise checks eligibility and applies with an
 * attachment → the reviewer approves it from the queue (keyboard) → the enterprise claims with
 * evidence → the reviewer redeems the claim, the operator publishes the 公示 list, closes it
 * after its window and pays out → the enterprise and the provider see the result. After each
 * step the balances on the pages (the grant's settled / in flight / committed, the program's
 * budget on the dashboard) equal the ledger's figures, read from the API by the test, and move
 * as the step says. Only the world around the journey is set up through the API (a provider
 * related to the enterprise, so the reviewer has a warning to see).
 */

const PROGRAM = 'hangzhou-city-compute-demo';
const PROVIDER = '浙江之江智算云服务有限公司';
const APPROVED_FEN = 20_000_000n;
/** 30 % of a ¥400,000 domestic-compute contract, within the ¥200,000 grant. */
const RESERVED_FEN = 12_000_000n;
const HOUR_MS = 3_600_000;

export function hangzhouJourneyTests(harness: () => BrowserHarness): void {
  let h: BrowserHarness;
  let enterprise: Page;
  let reviewer: Page;
  let operator: Page;
  let provider: Page;
  let providerPaidBefore = 0n;
  let ledger: { enterprise: ApiSession; operator: ApiSession };
  let budgetBefore: BudgetFigures;
  let applicationId = '';
  let grantId = '';
  let claimId = '';
  let contractId = '';

  const signInAll = async () => {
    await h.signIn(enterprise, 'hangzhou@suanli-demo.test');
    await h.signIn(reviewer, 'reviewer@suanli-demo.test');
    await h.signIn(operator, 'operator@suanli-demo.test');
    await h.signIn(provider, 'provider@suanli-demo.test');
    ledger = {
      enterprise: await apiSession(h, 'hangzhou@suanli-demo.test'),
      operator: await apiSession(h, 'operator@suanli-demo.test'),
    };
  };

  beforeAll(async () => {
    h = harness();
    enterprise = await h.newPage();
    reviewer = await h.newPage();
    operator = await h.newPage();
    provider = await h.newPage();
    await signInAll();
    // The world, not a step: a provider sharing the enterprise's legal representative.
    const related = await ledger.operator.post('/api/v1/providers', {
      uscc: makeUscc(`91330106MA${String(Date.now()).slice(-7)}`),
      name: '杭州明辉算力服务有限公司',
      kinds: ['compute'],
      acceleratorOrigins: ['domestic'],
      legalRepresentative: demoEnterprises.hangzhou.legalRepresentative,
    });
    expect(related.status, await related.clone().text()).toBe(201);
  }, 60_000);

  const dashboardFigures = () => dashboardFiguresOn(operator, ledger.operator, PROGRAM);
  const grantFigures = () => grantFiguresOn(enterprise, ledger.enterprise, grantId);

  it('1. the enterprise checks eligibility: Hangzhou fits, the others say exactly why not', async () => {
    budgetBefore = await dashboardFigures();
    await enterprise.goto('/enterprise/programs');
    await enterprise.getByTestId('check-eligibility').click();
    const eligible = enterprise.getByTestId('eligible-programs');
    const hangzhou = eligible.locator(`[data-program="${PROGRAM}"]`);
    await hangzhou.waitFor();
    // ¥1,000,000 of domestic compute for a Hangzhou SME: a subsidy shown as 万.
    expect(await hangzhou.textContent()).toMatch(/¥\d+(\.\d+)?万/u);
    // Chengdu's program refuses a Hangzhou enterprise for its region, and says so.
    const chengdu = enterprise
      .getByTestId('other-programs')
      .locator('[data-program="chengdu-compute-demo"]');
    await chengdu.locator('li').first().waitFor();
    const reasons = await chengdu
      .locator('li[data-rule]')
      .evaluateAll((items) => items.map((item) => item.getAttribute('data-rule')));
    expect(reasons).toContain('eligibility.region');
    expect(await chengdu.locator('li[data-rule="eligibility.region"]').textContent()).toMatch(
      /\S{6,}/u,
    );
  });

  it('1. the enterprise applies with an attachment, a file of the wrong type refused before upload', async () => {
    await enterprise.getByTestId(`apply-${PROGRAM}`).click();
    await enterprise.getByTestId('apply-purpose').fill('昇腾集群上的行业大模型微调');
    const input = enterprise.getByTestId('apply-files').locator('input[type=file]');
    await input.setInputFiles({
      name: 'setup.exe',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from('MZ'),
    });
    expect(await enterprise.getByTestId('file-problem').textContent()).toContain('setup.exe');
    await input.setInputFiles({
      name: '项目计划书.pdf',
      mimeType: 'application/pdf',
      buffer: pdf('plan'),
    });
    await enterprise.getByText('项目计划书.pdf').waitFor();
    expect(await h.seriousAccessibilityViolations(enterprise), 'apply').toEqual([]);
    await enterprise.getByTestId('apply-submit').click();
    await enterprise.waitForURL(/\/enterprise\/applications\/[0-9a-f-]{36}$/u);
    applicationId = enterprise.url().split('/').pop() ?? '';
    await enterprise.getByTestId('application-files').getByText('项目计划书.pdf').waitFor();
    expect(await enterprise.getByTestId('application-summary').textContent()).toContain('已提交');
    // A manually reviewed program: applying moves no money.
    expect(await dashboardFigures()).toEqual(budgetBefore);
  });

  it('2. the reviewer finds it in the queue with its evidence, trace and warnings and approves it by keyboard', async () => {
    await reviewer.goto('/operator/review');
    const row = reviewer.locator(`tr[data-row-key="${applicationId}"]`);
    await findInQueue(reviewer, row);
    await row.getByRole('button').click();
    const item = reviewer.getByTestId('review-item');
    await item.getByTestId('review-evidence').getByText('项目计划书.pdf').waitFor();
    expect(await item.locator('.policy-trace [data-rule]').count()).toBeGreaterThan(0);
    expect(await item.textContent()).toContain('杭州明辉算力服务有限公司');
    await reviewer.keyboard.press('a');
    await reviewer.getByTestId('approve-amount').fill('200000');
    const reviewed = await confirmDecision(
      reviewer,
      `/api/v1/applications/${applicationId}/review`,
    );
    expect(reviewed.status(), await reviewed.text()).toBeLessThan(300);
    await row.waitFor({ state: 'detached' });
    const application = await ledger.enterprise.get<{ grantId: string | null; state: string }>(
      `/api/v1/applications/${applicationId}`,
    );
    expect(application.state).toBe('approved');
    grantId = application.grantId ?? '';
    expect(await grantFigures()).toEqual({
      committedFen: APPROVED_FEN,
      inFlightFen: 0n,
      settledFen: 0n,
    });
    expect(await dashboardFigures()).toEqual({
      ...budgetBefore,
      remainingFen: budgetBefore.remainingFen - APPROVED_FEN,
    });
  });

  it('3. the enterprise sees an API validation error as its sentence', async () => {
    await fillClaimForm(enterprise, {
      grantId,
      provider: PROVIDER,
      contractId: `HZ-WEB-${Date.now()}`,
      signedOn: '2026-02-30',
      yuan: '400000',
    });
    const error = enterprise.getByTestId('error-state');
    await error.waitFor();
    expect(await error.getAttribute('data-error-code')).toBe('VALIDATION_FAILED');
    expect(await error.textContent()).toContain(
      '请求中有字段缺失、格式不对或超出范围（字段：contractSignedOn）',
    );
  });

  it('3. the enterprise claims with the evidence the page asks for; the subsidy is in flight', async () => {
    contractId = `HZ-WEB-${Date.now()}`;
    await fillClaimForm(enterprise, { grantId, provider: PROVIDER, contractId, yuan: '400000' });
    await enterprise.waitForURL(/\/enterprise\/claims\/[0-9a-f-]{36}$/u);
    claimId = enterprise.url().split('/').pop() ?? '';
    // What the page asks for: an invoice and a payment of the contract's amount, a delivery note.
    await uploadEvidence(enterprise, [
      { kindLabel: '发票', name: 'invoice.pdf', yuan: '400000' },
      { kindLabel: '付款凭证', name: 'payment.pdf', yuan: '400000' },
      { kindLabel: '验收单', name: 'delivery.pdf' },
    ]);
    await enterprise.getByTestId('claim-submit').click();
    await expect
      .poll(() => enterprise.getByTestId('claim-summary').textContent(), {
        timeout: POLL_TIMEOUT_MS,
      })
      .toContain('材料齐全');
    expect(await fenOn(enterprise, 'claim-reserved')).toBe(RESERVED_FEN);
    expect(await h.seriousAccessibilityViolations(enterprise), 'claim').toEqual([]);
    expect(await grantFigures()).toEqual({
      committedFen: APPROVED_FEN - RESERVED_FEN,
      inFlightFen: RESERVED_FEN,
      settledFen: 0n,
    });
    // The grant holds the money already: the budget left does not move.
    expect((await dashboardFigures()).remainingFen).toBe(budgetBefore.remainingFen - APPROVED_FEN);
  });

  it('4. the reviewer redeems the claim from the queue with its evidence', async () => {
    await reviewer.goto('/operator/review?kind=claim');
    const row = reviewer.locator(`tr[data-row-key="${claimId}"]`);
    await findInQueue(reviewer, row);
    await row.getByRole('button').click();
    const evidence = reviewer.getByTestId('review-evidence');
    for (const name of ['invoice.pdf', 'payment.pdf', 'delivery.pdf']) {
      await evidence.getByText(name).waitFor();
    }
    await reviewer.keyboard.press('d');
    // The redeem's own answer, so a failure says whether the server refused or the queue lagged.
    const redeemed = await confirmDecision(reviewer, `/api/v1/claims/${claimId}/redeem`);
    expect(redeemed.status(), await redeemed.text()).toBe(200);
    await row.waitFor({ state: 'detached' });
    expect(await grantFigures()).toEqual({
      committedFen: APPROVED_FEN - RESERVED_FEN,
      inFlightFen: 0n,
      settledFen: RESERVED_FEN,
    });
    const budget = await dashboardFigures();
    expect(budget.settledFen).toBe(budgetBefore.settledFen + RESERVED_FEN);
    expect(budget.paidOutFen).toBe(budgetBefore.paidOutFen);
  });

  it('4. the operator publishes the 公示 list, closes it after its window and pays out', async () => {
    await provider.goto('/provider/payouts');
    await provider.getByTestId('payouts-paid').waitFor();
    providerPaidBefore = await fenOn(provider, 'payouts-paid');
    await operator.goto(`/operator/publications?program=${PROGRAM}`);
    const title = `杭州市算力券兑付公示（${contractId}）`;
    await operator.getByTestId('draft-title').fill(title);
    await operator.getByTestId('draft-window-days').fill('1');
    await operator.getByTestId('draft-create').click();
    const listRow = operator.locator('tr.ant-table-row', { hasText: title });
    await listRow.getByTestId('publish-publication').click();
    await listRow.locator('[data-state="published"]').waitFor();
    // Paying out before the window closed is refused, with its sentence.
    await operator.goto('/operator/payouts');
    await operator.getByTestId(`payout-${contractId}`).click();
    const outcome = operator.getByTestId('payout-outcome');
    await expect
      .poll(() => outcome.getAttribute('data-contract'), { timeout: POLL_TIMEOUT_MS })
      .toBe(contractId);
    expect(await outcome.getAttribute('class')).toContain('ant-alert-error');

    // A day and an hour later (sessions have expired meanwhile: everyone signs in again).
    h.advanceClock(25 * HOUR_MS);
    await signInAll();
    await operator.goto(`/operator/publications?program=${PROGRAM}`);
    await listRow.getByTestId('close-publication').click();
    await listRow.locator('[data-state="closed"]').waitFor();
    await operator.goto('/operator/payouts');
    await operator.getByTestId(`payout-${contractId}`).click();
    await expect
      .poll(() => outcome.textContent(), { timeout: 15_000 })
      .toBe(`${contractId}: 已拨付。`);
    const budget = await dashboardFigures();
    expect(budget.paidOutFen).toBe(budgetBefore.paidOutFen + RESERVED_FEN);
    expect(budget.remainingFen).toBe(budgetBefore.remainingFen - APPROVED_FEN);
  });

  it('5. the enterprise and the provider see the payout', async () => {
    await enterprise.goto(`/enterprise/claims/${claimId}`);
    await enterprise.locator('[data-testid="claim-summary"] [data-state="paid"]').waitFor();
    expect(await fenOn(enterprise, 'claim-paid')).toBe(RESERVED_FEN);
    expect(await grantFigures()).toEqual({
      committedFen: APPROVED_FEN - RESERVED_FEN,
      inFlightFen: 0n,
      settledFen: RESERVED_FEN,
    });
    await provider.goto('/provider/payouts');
    await provider.locator('tr.ant-table-row', { hasText: contractId }).waitFor();
    expect(await fenOn(provider, 'payouts-paid')).toBe(providerPaidBefore + RESERVED_FEN);
    // The pages of the journey no other axe check visits: the review queue on a claim (the
    // apply form and the claim page were checked above; the others are in the files' lists).
    await reviewer.goto('/operator/review?kind=claim');
    await reviewer.getByTestId('review-item').waitFor();
    expect(await h.seriousAccessibilityViolations(reviewer), 'review claims').toEqual([]);
  });
}
