import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { READY_TO_PAY_OUT_CONTRACT } from '../src/demo/demo-vouchers.ts';
import { startBrowserHarness, type BrowserHarness } from './support/browser-harness.ts';

/**
 * The operator side of the console in Chromium against the real server with the demo data: the
 * reviewer decides from the queue with the keyboard, the operator redeems and pays out, the
 * budget chart is drawn with the ledger's data, the auditor verifies the ledger, and the pages
 * have no serious accessibility violations.
 */

let h: BrowserHarness;
let reviewer: Page;
let operator: Page;
let auditor: Page;

beforeAll(async () => {
  h = await startBrowserHarness();
  reviewer = await h.newPage();
  operator = await h.newPage();
  auditor = await h.newPage();
  await h.signIn(reviewer, 'reviewer@suanli-demo.test');
  await h.signIn(operator, 'operator@suanli-demo.test');
  await h.signIn(auditor, 'auditor@suanli-demo.test');
}, 180_000);

afterAll(async () => {
  await h.close();
});

const queueRows = (page: Page) =>
  page.getByTestId('review-queue').locator('tbody tr.ant-table-row');

describe('operator console', () => {
  it('lets the reviewer approve the first application of the queue from the keyboard', async () => {
    await reviewer.goto('/operator/review');
    await reviewer.getByTestId('review-item').waitFor();
    const waiting = await queueRows(reviewer).count();
    expect(waiting).toBeGreaterThan(0);
    expect(await reviewer.getByTestId('shortcuts').textContent()).toContain('J');
    // The policy trace is shown as readable steps.
    expect(await reviewer.locator('.policy-trace [data-rule]').count()).toBeGreaterThan(0);
    await reviewer.keyboard.press('a');
    await reviewer.getByTestId('approve-amount').waitFor();
    await reviewer.getByTestId('confirm-decision').click();
    await expect.poll(() => queueRows(reviewer).count(), { timeout: 15_000 }).toBe(waiting - 1);
  });

  it('lets the operator redeem a claim and pay out one whose 公示 list closed', async () => {
    await operator.goto('/operator/payouts');
    const payout = operator.getByTestId(`payout-${READY_TO_PAY_OUT_CONTRACT}`);
    await payout.click();
    const outcome = operator.getByTestId('payout-outcome');
    await expect
      .poll(() => outcome.textContent(), { timeout: 15_000 })
      .toBe(`${READY_TO_PAY_OUT_CONTRACT}: 已拨付。`);
    await operator.getByText('待兑付').click();
    const redeem = operator.locator('[data-testid^="redeem-"]').first();
    const contract = ((await redeem.getAttribute('data-testid')) ?? '').slice('redeem-'.length);
    await redeem.click();
    await expect
      .poll(() => outcome.textContent(), { timeout: 15_000 })
      .toBe(`${contract}: 已兑付。`);
  });

  it('draws the burn-down with the ledger’s figures, readable from the page', async () => {
    await operator.goto('/operator/dashboard');
    const chart = operator.getByTestId('burn-down-chart');
    await chart.locator('canvas').first().waitFor();
    const data = JSON.parse((await chart.getAttribute('data-chart')) ?? '{}') as {
      dates: string[];
      series: { key: string; fen: string[] }[];
    };
    expect(data.dates.length).toBeGreaterThan(1);
    const remaining = data.series.find((series) => series.key === 'remainingFen');
    const shownRemaining = await operator
      .getByTestId('budget-remainingFen')
      .getAttribute('data-fen');
    expect(remaining?.fen.at(-1)).toBe(shownRemaining);
    expect(BigInt(shownRemaining ?? '0')).toBeGreaterThan(0n);
    const districts = JSON.parse(
      (await operator.getByTestId('split-district').getAttribute('data-chart')) ?? '[]',
    ) as unknown[];
    expect(districts.length).toBeGreaterThan(0);
    expect(await operator.getByTestId('forecast').getAttribute('data-status')).toMatch(
      /runs-out|exhausted|not-burning/,
    );
  });

  it('lets the auditor verify the ledger and see that it holds', async () => {
    await auditor.goto('/operator/ledger');
    await auditor.getByTestId('verify-ledger').click();
    await auditor.getByTestId('verification').waitFor();
    expect(await auditor.getByTestId('verification').getAttribute('data-ok')).toBe('true');
  });

  it('checks a program file as it is typed and previews it against the version in force', async () => {
    await operator.goto('/operator/programs');
    const editor = operator.locator('.cm-content');
    await expect.poll(() => editor.textContent(), { timeout: 15_000 }).toContain('rateBps');
    await operator.getByTestId('preview-program').click();
    await expect
      .poll(() => operator.getByTestId('publish-status').getAttribute('data-status'))
      .toBe('exists');
    expect(await operator.getByTestId('sample-subsidy').first().getAttribute('data-fen')).toMatch(
      /^\d+$/,
    );
    await editor.click();
    await operator.keyboard.press('Control+End');
    await operator.keyboard.type('\nnoSuchRule: 1');
    await operator.locator('.cm-lintRange-error').first().waitFor({ timeout: 15_000 });
    await operator.getByTestId('preview-program').click();
    await operator.getByTestId('preview-problems').waitFor();
    expect(await operator.getByTestId('preview-problems').textContent()).toContain('noSuchRule');
  });

  it('lists the program’s 公示 lists with their objections for the operator', async () => {
    await operator.goto('/operator/publications?program=hangzhou-city-compute-demo');
    const rows = operator.getByTestId('publications').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBeGreaterThan(0);
  });

  it('shows the auditor the audit log, including the payout made above', async () => {
    await auditor.goto('/operator/audit');
    const table = auditor.getByTestId('audit-events');
    await expect.poll(() => table.locator('tbody tr.ant-table-row').count()).toBeGreaterThan(0);
    expect(await table.textContent()).toContain('claim');
  });

  it('has no serious or critical accessibility violations on the operator pages', async () => {
    const pages: [Page, string][] = [
      [reviewer, '/operator/review'],
      [operator, '/operator/dashboard'],
      [operator, '/operator/payouts'],
      [auditor, '/operator/ledger'],
      [operator, '/operator/programs'],
      [operator, '/operator/publications'],
      [auditor, '/operator/audit'],
    ];
    for (const [page, path] of pages) {
      await page.goto(path);
      await page.locator('h1').first().waitFor();
      await page.waitForLoadState('networkidle');
      expect(await h.seriousAccessibilityViolations(page), path).toEqual([]);
    }
  });
});
