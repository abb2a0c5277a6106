import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorOf, applyFor } from '../src/demo/voucher-steps.ts';
import { startBrowserHarness, type BrowserHarness } from './support/browser-harness.ts';
import { hangzhouJourneyTests } from './support/web-hangzhou-journey.ts';
import { POLL_TIMEOUT_MS } from './support/web-page-helpers.ts';

/**
 * The operator side of the console in Chromium against the real server with the demo data: the
 * budget chart is drawn with the ledger's data, the auditor verifies the ledger, the program
 * editor checks as it is typed, the pages have no serious accessibility violations; and the
 * Hangzhou journey by its three users (test/support/web-hangzhou-journey.ts).
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

describe('operator console', () => {
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
    // It opens on the largest program, Hangzhou's, whose demo history burns its budget down.
    expect(new URL(operator.url()).searchParams.get('program')).toBe('hangzhou-city-compute-demo');
    expect(districts.length).toBeGreaterThan(1);
    expect(BigInt(remaining?.fen.at(-1) ?? '0')).toBeLessThan(BigInt(remaining?.fen[0] ?? '0'));
    expect(await operator.getByTestId('forecast').getAttribute('data-status')).toBe('runs-out');
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
      .poll(() => operator.getByTestId('publish-status').getAttribute('data-status'), {
        timeout: POLL_TIMEOUT_MS,
      })
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

  it('shows the auditor the audit log, filtered by what it is about', async () => {
    await auditor.goto('/operator/audit');
    const table = auditor.getByTestId('audit-events');
    await expect
      .poll(() => table.locator('tbody tr.ant-table-row').count(), { timeout: POLL_TIMEOUT_MS })
      .toBeGreaterThan(0);
    // The demo's history is the newest page: the auditor narrows it to claims.
    await auditor.getByRole('textbox', { name: '对象类型' }).fill('claim');
    await expect
      .poll(() => table.locator('tbody tr.ant-table-row').first().textContent(), {
        timeout: POLL_TIMEOUT_MS,
      })
      .toContain('claim.');
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

/** The console's review queue shows this many a page (REVIEW_PAGE_SIZE, web/src/api/operator.ts). */
const REVIEW_PAGE_SIZE = 50;

describe('the review queue beyond one page', () => {
  it('pages through the queue, and J from the last item of a page turns to the next page', async () => {
    // The world, not a step: enough waiting applications for a second page of 50.
    const enterpriseId =
      h.seed.credentials?.users.find((user) => user.email.startsWith('hangzhou'))?.tenantId ?? '';
    for (let index = 0; index < REVIEW_PAGE_SIZE; index += 1) {
      await applyFor({
        db: h.server.db,
        plan: {
          programId: 'hangzhou-city-compute-demo',
          enterpriseId,
          kind: 'compute',
          chipOrigin: 'domestic',
          amountFen: 10_000_000n,
          requestedFen: 3_000_000n,
          purpose: `排队 ${index}`,
        },
        actor: actorOf(null, enterpriseId, 'web-test'),
        at: new Date(),
      });
    }
    await reviewer.goto('/operator/review');
    const pagination = reviewer.getByTestId('review-queue').locator('.ant-pagination');
    await pagination.waitFor();
    const rows = reviewer.getByTestId('review-queue').locator('tbody tr.ant-table-row');
    expect(await rows.count()).toBe(REVIEW_PAGE_SIZE);
    await rows.last().getByRole('button').click();
    await expect
      .poll(() => reviewer.locator('.ant-card-head-title').first().textContent(), {
        timeout: POLL_TIMEOUT_MS,
      })
      .toContain(`第 ${REVIEW_PAGE_SIZE} 条`);
    await reviewer.keyboard.press('j');
    await expect
      .poll(() => pagination.locator('.ant-pagination-item-active').textContent(), {
        timeout: POLL_TIMEOUT_MS,
      })
      .toBe('2');
    const first = rows.first();
    await expect
      .poll(() => first.getAttribute('class'), { timeout: POLL_TIMEOUT_MS })
      .toContain('ant-table-row-selected');
    expect(await reviewer.locator('.ant-card-head-title').first().textContent()).toContain(
      `第 ${REVIEW_PAGE_SIZE + 1} 条`,
    );
  });
});

describe('operator pages at a phone’s width (390 px)', () => {
  it('fit the screen without scrolling sideways and open the menu from a button', async () => {
    const phone = await h.newPage({ width: 390, height: 844 });
    await h.signIn(phone, 'operator@suanli-demo.test');
    const pages: [string, string][] = [
      ['/operator/dashboard', 'budget-remainingFen'],
      ['/operator/review', 'review-item'],
      ['/operator/programs', 'preview-program'],
    ];
    for (const [path, testId] of pages) {
      await phone.goto(path);
      await phone.getByTestId(testId).first().waitFor();
      await phone.waitForLoadState('networkidle');
      const sideways = await phone.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(sideways, path).toBeLessThanOrEqual(0);
    }
    // The review queue's decisions are on the screen, not past its edge.
    await phone.goto('/operator/review');
    const approve = phone.getByTestId('decide-approve');
    await approve.waitFor();
    const box = await approve.boundingBox();
    expect((box?.x ?? 999) + (box?.width ?? 0)).toBeLessThanOrEqual(390);
    await phone.getByRole('button', { name: '打开菜单' }).click();
    await phone.getByRole('link', { name: '政策编辑' }).click();
    await phone.waitForURL((url) => url.pathname === '/operator/programs');
  });

  it('open the menu without animation for a reader who asks for less motion, with it otherwise', async () => {
    const motionsOpeningTheMenu = async (reducedMotion: 'reduce' | 'no-preference') => {
      const phone = await h.newPage({ width: 390, height: 844 }, reducedMotion);
      await h.signIn(phone, 'operator@suanli-demo.test');
      // Ant Design's animations are classes named …-appear, …-enter, …-leave while they run.
      await phone.evaluate(() => {
        const seen: string[] = [];
        (window as unknown as { motions: string[] }).motions = seen;
        const note = (element: Element) => {
          const classes = element.getAttribute('class') ?? '';
          if (/-(appear|enter|leave)(\s|$|-)/u.test(classes)) seen.push(classes);
        };
        new MutationObserver((records) => {
          for (const record of records) {
            if (record.target instanceof Element) note(record.target);
            record.addedNodes.forEach((added) => {
              if (!(added instanceof Element)) return;
              note(added);
              added.querySelectorAll('[class]').forEach(note);
            });
          }
        }).observe(document.body, { subtree: true, childList: true, attributeFilter: ['class'] });
      });
      await phone.getByRole('button', { name: '打开菜单' }).click();
      await phone.locator('.ant-drawer').getByRole('link', { name: '政策编辑' }).waitFor();
      const motions = await phone.evaluate(
        () => (window as unknown as { motions: string[] }).motions,
      );
      await phone.context().close();
      return motions;
    };
    expect(await motionsOpeningTheMenu('reduce')).toEqual([]);
    expect((await motionsOpeningTheMenu('no-preference')).length).toBeGreaterThan(0);
  });
});

// Last in the file: it moves the server's clock a day on (a 公示 window closing).
describe('the Hangzhou journey: enterprise, reviewer and operator, by clicking', () => {
  hangzhouJourneyTests(() => h);
});
