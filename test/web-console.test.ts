import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHarness, type BrowserHarness } from './support/browser-harness.ts';

/**
 * The console's frame in Chromium against the real server with the demo data: signing in,
 * the language switch, role-aware navigation, and accessibility of the main pages.
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
    await expect.poll(() => visitor.locator('h1').textContent()).toBe('政策目录');
    expect(await visitor.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await visitor.getByTestId('language-switch').click();
    await expect.poll(() => visitor.locator('h1').textContent()).toBe('Programs');
    await visitor.reload();
    await expect.poll(() => visitor.locator('h1').textContent()).toBe('Programs');
    expect(await visitor.evaluate(() => document.documentElement.lang)).toBe('en');
    await visitor.getByTestId('language-switch').click();
    await expect.poll(() => visitor.locator('h1').textContent()).toBe('政策目录');
  });

  it('signs an enterprise in to its own area, with no operator pages in its navigation', async () => {
    expect(new URL(enterprise.url()).pathname).toBe('/enterprise/grants');
    await expect.poll(() => enterprise.getByTestId('signed-in-user').textContent()).toBe('陈明');
    const navigation = await enterprise.locator('nav').first().textContent();
    expect(navigation).toContain('我的算力券');
    expect(navigation).not.toContain('运营');
  });

  it('shows an enterprise member who opens an operator page that it may not', async () => {
    await enterprise.goto('/operator');
    await enterprise.getByTestId('forbidden-state').waitFor();
    expect(await enterprise.locator('h1, .ant-result-title').first().textContent()).toBe(
      '无权访问',
    );
  });

  it('sends a visitor who opens an enterprise page to sign in, and back after it', async () => {
    const page = await h.newPage();
    await page.goto('/enterprise/grants');
    await page.waitForURL((url) => url.pathname === '/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/enterprise/grants');
    await page.getByTestId('demo-sign-in-chengdu@suanli-demo.test').click();
    await page.waitForURL((url) => url.pathname === '/enterprise/grants');
  });

  it('has no serious or critical accessibility violations on the main pages', async () => {
    const pages: [Page, string][] = [
      [visitor, '/login'],
      [visitor, '/programs'],
      [enterprise, '/enterprise/grants'],
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
  });
});
