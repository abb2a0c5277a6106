import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHarness, type BrowserHarness } from './support/browser-harness.ts';
import { maasAndExchangeTests } from './support/web-maas-exchange.ts';
import { apiSession, POLL_TIMEOUT_MS } from './support/web-page-helpers.ts';

/**
 * The console in Chromium, by clicking, against the real server on PGlite with the demo data
 * (one server and one browser for the file, pages reused): the frame (sign-in, the language
 * switch, role-aware navigation), the public, enterprise and provider pages, the MaaS gateway and
 * the exchange, and axe-core on the main pages. The Hangzhou journey by its three users runs in
 * test/web-operator-console.test.ts.
 */

let h: BrowserHarness;
let visitor: Page;
let enterprise: Page;

beforeAll(async () => {
  h = await startBrowserHarness();
  visitor = await h.newPage();
  enterprise = await h.newPage();
  await h.signIn(enterprise, 'hangzhou@suanli-demo.test');
}, 180_000);

afterAll(async () => {
  await h.close();
});

describe('the console in a browser', () => {
  it('opens in Chinese, switches to English in one click and remembers it', async () => {
    await visitor.goto('/programs');
    await expect
      .poll(() => visitor.locator('h1').textContent(), { timeout: POLL_TIMEOUT_MS })
      .toBe('政策目录');
    expect(await visitor.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await visitor.getByTestId('language-switch').click();
    await expect
      .poll(() => visitor.locator('h1').textContent(), { timeout: POLL_TIMEOUT_MS })
      .toBe('Programs');
    await visitor.reload();
    await expect
      .poll(() => visitor.locator('h1').textContent(), { timeout: POLL_TIMEOUT_MS })
      .toBe('Programs');
    expect(await visitor.evaluate(() => document.documentElement.lang)).toBe('en');
    await visitor.getByTestId('language-switch').click();
    await expect
      .poll(() => visitor.locator('h1').textContent(), { timeout: POLL_TIMEOUT_MS })
      .toBe('政策目录');
  });

  it('signs an enterprise in to its own area, with no operator pages in its navigation', async () => {
    expect(new URL(enterprise.url()).pathname).toBe('/enterprise/grants');
    await expect
      .poll(() => enterprise.getByTestId('signed-in-user').textContent(), {
        timeout: POLL_TIMEOUT_MS,
      })
      .toBe('陈明');
    const navigation = await enterprise.locator('nav').first().textContent();
    expect(navigation).toContain('我的算力券');
    expect(navigation).not.toContain('运营');
  });

  it('shows an enterprise member, signed in with the form, that operator pages are not theirs', async () => {
    // The enterprise's admin adds a member through the API; the member signs in by typing.
    const admin = await apiSession(h, 'hangzhou@suanli-demo.test');
    const tenantId = h.seed.credentials?.users.find((user) =>
      user.email.startsWith('hangzhou'),
    )?.tenantId;
    const password = 'west lake tea terraces 2026';
    const created = await admin.post('/api/v1/users', {
      tenantId,
      email: 'member@hangzhou-sme.example',
      displayName: '王芳',
      password,
      roles: ['enterprise-member'],
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const member = await h.newPage();
    await member.goto('/login');
    await member.getByTestId('login-email').fill('member@hangzhou-sme.example');
    await member.getByTestId('login-password').fill(password);
    await member.getByTestId('login-submit').click();
    await member.waitForURL((url) => url.pathname === '/enterprise/grants');
    expect(await member.locator('nav').first().textContent()).not.toContain('运营');
    await member.goto('/operator');
    await member.getByTestId('forbidden-state').waitFor();
    expect(await member.locator('.ant-result-title').textContent()).toBe('无权访问');
  });

  it('sends a visitor who opens an enterprise page to sign in, and back after it', async () => {
    const page = await h.newPage();
    await page.goto('/enterprise/grants');
    await page.waitForURL((url) => url.pathname === '/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/enterprise/grants');
    await page.getByTestId('demo-sign-in-chengdu@suanli-demo.test').click();
    await page.waitForURL((url) => url.pathname === '/enterprise/grants');
  });

  it('shows a program with its rates, caps, sources and the budget left', async () => {
    await visitor.goto('/programs/hangzhou-city-compute-demo');
    const left = visitor.getByTestId('budget-left');
    await left.waitFor();
    // The demo has granted part of the budget: less is left than was funded, to the fen.
    expect(BigInt((await left.getAttribute('data-fen')) ?? '0') > 0n).toBe(true);
    expect(await visitor.locator('#main').textContent()).toContain(
      '杭州市加快建设人工智能创新高地的若干政策举措',
    );
  });

  it('calculates a purchase and explains it as readable steps, not JSON', async () => {
    await visitor.goto('/calculator');
    await visitor.getByTestId('calculate').click();
    const result = visitor.getByTestId('calculator-result');
    await result.waitFor();
    expect(
      BigInt((await visitor.getByTestId('calculator-total').getAttribute('data-fen')) ?? '0'),
    ).toBeGreaterThan(0n);
    await result.getByText('杭州市算力券', { exact: false }).first().click();
    const region = visitor.locator('.policy-trace [data-rule="eligibility.region"]').first();
    await region.waitFor();
    expect(await region.textContent()).toContain('西湖区');
    expect(await result.textContent()).not.toMatch(/[{}"]/u);
  });

  it('files an objection to an open 公示 list without signing in', async () => {
    await visitor.goto('/publications');
    await visitor.locator('.ant-tag[data-state="published"]').first().waitFor();
    const row = visitor.locator('tr', { has: visitor.locator('[data-state="published"]') }).first();
    await row.getByRole('link').click();
    await visitor.getByTestId('objection-body').fill('名单中的金额与合同不符，请核实。');
    await visitor.getByTestId('objection-submit').click();
    await visitor.getByText('异议已提交').waitFor();
  });

  it('shows the provider the claims that pay it and its payouts', async () => {
    const provider = await h.newPage();
    await h.signIn(provider, 'provider@suanli-demo.test');
    expect(new URL(provider.url()).pathname).toBe('/provider/claims');
    await provider.locator('.ant-table-row').first().waitFor();
    await provider.goto('/provider/payouts');
    const paid = provider.getByTestId('payouts-paid');
    await paid.waitFor();
    expect(BigInt((await paid.getAttribute('data-fen')) ?? '0')).toBeGreaterThan(0n);
    expect(await h.seriousAccessibilityViolations(provider)).toEqual([]);
  });

  it('has no serious or critical accessibility violations on the main pages', async () => {
    const pages: [Page, string][] = [
      [visitor, '/login'],
      [visitor, '/programs'],
      [visitor, '/programs/hangzhou-city-compute-demo'],
      [visitor, '/calculator'],
      [visitor, '/publications'],
      [enterprise, '/enterprise/programs'],
      [enterprise, '/enterprise/grants'],
      [enterprise, '/enterprise/applications'],
      [enterprise, '/enterprise/claims'],
      [enterprise, '/enterprise/statements'],
    ];
    for (const [page, path] of pages) {
      await page.goto(path);
      await page.locator('h1').first().waitFor();
      await page.waitForLoadState('networkidle');
      expect(await h.seriousAccessibilityViolations(page), path).toEqual([]);
    }
  });

  it('is usable at a phone width: the menu opens from a button', async () => {
    const phone = await h.newPage({ width: 390, height: 844 });
    await phone.goto('/programs');
    await phone.locator('h1').waitFor();
    const overflow = await phone.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await phone.getByRole('button', { name: '打开菜单' }).click();
    await phone.getByRole('link', { name: '政策目录' }).waitFor();
    // Signed in, the enterprise's forms and tables fit too (tables scroll inside themselves).
    await h.signIn(phone, 'chengdu@suanli-demo.test');
    for (const path of ['/enterprise/programs', '/enterprise/claims', '/enterprise/grants']) {
      await phone.goto(path);
      await phone.locator('h1').waitFor();
      await phone.waitForLoadState('networkidle');
      const wider = await phone.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(wider, path).toBeLessThanOrEqual(0);
    }
  });
});

describe('the MaaS gateway and the compute exchange in the console', () => {
  maasAndExchangeTests(() => h);
});
