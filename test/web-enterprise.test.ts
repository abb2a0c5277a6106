import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHarness, type BrowserHarness } from './support/browser-harness.ts';

/**
 * The enterprise's part of the Hangzhou journey in Chromium, by clicking, against the real
 * server with the demo data: check eligibility, apply with an attachment, see the application;
 * a reviewer approves through the API; claim with evidence and see the balances move on screen.
 */

const PROGRAM = 'hangzhou-city-compute-demo';
let h: BrowserHarness;
let page: Page;

beforeAll(async () => {
  h = await startBrowserHarness();
  page = await h.newPage();
  await h.signIn(page, 'hangzhou@suanli-demo.test');
}, 180_000);

afterAll(async () => {
  await h.close();
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
