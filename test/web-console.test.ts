import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHarness, type BrowserHarness } from './support/browser-harness.ts';
import { maasAndExchangeTests } from './support/web-maas-exchange.ts';

/**
 * The console in Chromium, by clicking, against the real server on PGlite with the demo data
 * (one server and one browser for the file, pages reused): the frame (sign-in, the language
 * switch, role-aware navigation), the public and provider pages, the enterprise's part of the
 * Hangzhou journey, and axe-core on the main pages.
 */

const PROGRAM = 'hangzhou-city-compute-demo';
let h: BrowserHarness;
let visitor: Page;
let enterprise: Page;
/** The enterprise's page of the journey (its own session, so the other tests do not move it). */
let page: Page;

beforeAll(async () => {
  h = await startBrowserHarness();
  visitor = await h.newPage();
  enterprise = await h.newPage();
  page = await h.newPage();
  await h.signIn(enterprise, 'hangzhou@suanli-demo.test');
  await h.signIn(page, 'hangzhou@suanli-demo.test');
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

  it('shows an enterprise member, signed in with the form, that operator pages are not theirs', async () => {
    // The enterprise's admin adds a member through the API; the member signs in by typing.
    const admin = await apiSession('hangzhou@suanli-demo.test');
    const tenantId = h.seed.credentials?.users.find((user) =>
      user.email.startsWith('hangzhou'),
    )?.tenantId;
    const password = 'west lake tea terraces 2026';
    const created = await admin('/api/v1/users', {
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

/** A session for API calls made by the test itself (the reviewer's decision). */
async function apiSession(email: string) {
  const login = await fetch(`${h.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: h.seed.credentials?.password }),
  });
  expect(login.status).toBe(200);
  const cookies = login.headers.getSetCookie().map((line) => line.split(';')[0] ?? '');
  const csrf = cookies.find((cookie) => cookie.startsWith('suanli_csrf='))?.slice(12) ?? '';
  return (path: string, body: unknown) =>
    fetch(`${h.baseUrl}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: cookies.join('; '),
        'x-csrf-token': csrf,
        'idempotency-key': crypto.randomUUID(),
      },
      body: JSON.stringify(body),
    });
}

/** Picks an option of an Ant Design select by the text of the option. */
async function choose(testId: string, optionText: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.locator('.ant-select-item-option', { hasText: optionText }).first().click();
}

/** The fen an on-screen amount stands for (its exact value, not the 万 display). */
async function fenOf(testId: string): Promise<bigint> {
  const fen = await page.getByTestId(testId).first().getAttribute('data-fen');
  return BigInt(fen ?? 'NaN');
}

const pdf = (text: string) => Buffer.from(`%PDF-1.7\n% ${text}\n%%EOF\n`);

describe('the Hangzhou journey, enterprise side', () => {
  let applicationId = '';
  let grantId = '';

  it('checks eligibility: Hangzhou fits, the others say exactly why not', async () => {
    await page.goto('/enterprise/programs');
    await page.getByTestId('check-eligibility').click();
    const eligible = page.getByTestId('eligible-programs');
    await eligible.locator(`[data-program="${PROGRAM}"]`).waitFor();
    // ¥1,000,000 of domestic compute for a Hangzhou SME: a subsidy shown as 万.
    expect(await eligible.locator(`[data-program="${PROGRAM}"]`).textContent()).toMatch(
      /¥\d+(\.\d+)?万/u,
    );
    const others = page.getByTestId('other-programs');
    const chengdu = others.locator('[data-program="chengdu-compute-demo"] li').first();
    await chengdu.waitFor();
    expect((await chengdu.textContent())?.length ?? 0).toBeGreaterThan(4);
  });

  it('applies with an attachment after refusing a file of the wrong type before upload', async () => {
    await page.getByTestId(`apply-${PROGRAM}`).click();
    await page.getByTestId('apply-purpose').fill('昇腾集群上的行业大模型微调');
    const input = page.getByTestId('apply-files').locator('input[type=file]');
    await input.setInputFiles({
      name: 'setup.exe',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from('MZ'),
    });
    expect(await page.getByTestId('file-problem').textContent()).toContain('setup.exe');
    await input.setInputFiles({
      name: '项目计划书.pdf',
      mimeType: 'application/pdf',
      buffer: pdf('plan'),
    });
    await page.getByText('项目计划书.pdf').waitFor();
    await page.getByTestId('apply-submit').click();
    await page.waitForURL(/\/enterprise\/applications\/[0-9a-f-]{36}$/u);
    applicationId = page.url().split('/').pop() ?? '';
    await page.getByTestId('application-files').getByText('项目计划书.pdf').waitFor();
    expect(await page.getByTestId('application-summary').textContent()).toContain('已提交');
  });

  it('shows the grant on screen once a reviewer approves through the API', async () => {
    const before = await (async () => {
      await page.goto('/enterprise/grants');
      return fenOf('balance-committedFen');
    })();
    const review = await apiSession('reviewer@suanli-demo.test');
    const expiresOn = new Date(Date.now() + 8 * 3_600_000 + 60 * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const approved = await review(`/api/v1/applications/${applicationId}/review`, {
      decision: 'approve',
      amountFen: '20000000',
      expiresOn,
    });
    expect(approved.status, await approved.clone().text()).toBe(200);
    grantId = ((await approved.json()) as { grantId: string }).grantId;
    await page.reload();
    await expect.poll(() => fenOf('balance-committedFen')).toBe(before + 20_000_000n);
  });

  it('shows an API validation error as its sentence', async () => {
    await page.goto('/enterprise/claims');
    await choose('claim-grant', grantId.slice(0, 8));
    await choose('claim-provider', '浙江之江智算云服务有限公司');
    await page.getByTestId('claim-contract-id').fill(`HZ-WEB-${Date.now()}`);
    await page.getByTestId('claim-signed-on').fill('2026-02-30');
    await page.getByTestId('claim-contract-amount').fill('400000');
    await page.getByTestId('purchase-amount').fill('400000');
    await page.getByTestId('claim-create').click();
    const error = page.getByTestId('error-state');
    await error.waitFor();
    expect(await error.getAttribute('data-error-code')).toBe('VALIDATION_FAILED');
    expect(await error.textContent()).toContain(
      '请求中有字段缺失、格式不对或超出范围（字段：contractSignedOn）',
    );
  });

  it('claims with evidence and sees the subsidy in flight on screen', async () => {
    const inFlightBefore = await (async () => {
      await page.goto('/enterprise/grants');
      return fenOf('balance-inFlightFen');
    })();
    await page.goto('/enterprise/claims');
    await choose('claim-grant', grantId.slice(0, 8));
    await choose('claim-provider', '浙江之江智算云服务有限公司');
    await page.getByTestId('claim-contract-id').fill(`HZ-WEB-${Date.now()}`);
    await page.getByTestId('claim-contract-amount').fill('400000');
    await page.getByTestId('purchase-amount').fill('400000');
    await page.getByTestId('claim-create').click();
    await page.waitForURL(/\/enterprise\/claims\/[0-9a-f-]{36}$/u);

    const evidence: [string, string, string | undefined][] = [
      ['发票', 'invoice.pdf', '400000'],
      ['付款凭证', 'payment.pdf', '400000'],
      ['验收单', 'delivery.pdf', undefined],
    ];
    for (const [kindLabel, name, amount] of evidence) {
      await choose('evidence-kind', kindLabel);
      if (kindLabel === '发票') {
        await page
          .getByTestId('evidence-invoice-number')
          .fill(String(Date.now()).padStart(20, '3'));
      }
      if (amount !== undefined) await page.getByTestId('evidence-amount').fill(amount);
      await page
        .getByTestId('evidence-files')
        .locator('input[type=file]')
        .setInputFiles({
          name,
          mimeType: 'application/pdf',
          buffer: pdf(name),
        });
      await page.getByTestId('evidence-upload').click();
      await page.getByTestId('claim-files').getByText(name).waitFor();
    }
    await page.getByTestId('claim-submit').click();
    await expect
      .poll(async () => page.getByTestId('claim-summary').textContent())
      .toMatch(/材料齐全|已提交/u);
    const reserved = await fenOf('claim-reserved');
    // 30 % of ¥400,000 for domestic compute, within the ¥200,000 grant.
    expect(reserved).toBe(12_000_000n);
    await page.goto('/enterprise/grants');
    await expect.poll(() => fenOf('balance-inFlightFen')).toBe(inFlightBefore + reserved);
  });
});

describe('the MaaS gateway and the compute exchange in the console', () => {
  maasAndExchangeTests(() => h);
});
