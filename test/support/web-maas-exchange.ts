import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import type { BrowserHarness } from './browser-harness.ts';
import { exchangePagesTests } from './web-exchange-pages.ts';
import { POLL_TIMEOUT_MS, watchPage } from './web-page-helpers.ts';

/**
 * The console's MaaS gateway and compute exchange pages, by clicking, on the server of the
 * browser test file that calls this (one server per file): the enterprise creates a gateway key
 * and sees its secret once, the operator deposits into its model wallet, calls with that key move
 * the usage and the balances on screen, the enterprise buys GPU hours with the subsidy shown
 * before it confirms, then looks back and undoes (web-exchange-pages.ts), and the new pages pass
 * axe-core.
 */
export function maasAndExchangeTests(harness: () => BrowserHarness): void {
  let enterprise: Page;
  let operator: Page;
  let provider: Page;
  let secret = '';

  beforeAll(async () => {
    const h = harness();
    enterprise = await h.newPage();
    operator = await h.newPage();
    provider = await h.newPage();
    await h.signIn(enterprise, 'hangzhou@suanli-demo.test');
    await h.signIn(operator, 'operator@suanli-demo.test');
    await h.signIn(provider, 'provider@suanli-demo.test');
  }, 60_000);

  const fenOf = async (page: Page, testId: string): Promise<bigint> =>
    BigInt((await page.getByTestId(testId).first().getAttribute('data-fen')) ?? 'NaN');

  it('creates a gateway key and shows its secret once', async () => {
    await enterprise.goto('/enterprise/gateway/keys');
    // Twice in fresh-clone runs of 2026-12-07 the dialog stayed open after "done" was clicked;
    // what the page sent and reported says why, if it happens again.
    const watch = watchPage(enterprise);
    const shown = enterprise.getByTestId('gateway-secret');
    try {
      await enterprise.getByTestId('key-name').fill('web test key');
      await enterprise.getByTestId('create-key').click();
      await shown.waitFor();
      secret = (await shown.textContent()) ?? '';
      expect(secret).toMatch(/^sk-suanli-/u);
      expect(await enterprise.getByTestId('how-to-call').textContent()).toContain(secret);
      await enterprise.getByTestId('secret-done').click();
      await enterprise.getByTestId('gateway-keys').getByText('web test key').waitFor();
      // Playwright's wait (its own timeout), not expect.poll's one second: a loaded CI machine
      // took longer than that to re-render once (fresh-clone run of 2026-12-06 14:59).
      await shown.waitFor({ state: 'detached' }).catch(async (error: unknown) => {
        const still = await shown.textContent().catch(() => null);
        throw new Error(
          `the secret's dialog did not close: it shows ${still === secret ? 'the same secret' : `another secret (${String(still).slice(0, 16)}…)`}; requests sent ${JSON.stringify(watch.sent)}; page errors ${JSON.stringify(watch.errors)}`,
          { cause: error },
        );
      });
    } finally {
      watch.stop();
    }
    // Gone from the page once the dialog closes: the list shows only the prefix.
    expect(await enterprise.locator('body').textContent()).not.toContain(secret);
  });

  it('lists the models with their prices per million tokens and 备案', async () => {
    await enterprise.goto('/enterprise/gateway/models');
    const filed = enterprise.getByTestId('gateway-prices').locator('tr', {
      hasText: 'qwen-demo-filed',
    });
    await filed.waitFor();
    // ¥4.00 in, ¥12.00 out per million tokens; filed under its number.
    const prices = await filed
      .locator('[data-fen]')
      .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-fen')));
    expect(prices).toEqual(['400', '1200']);
    expect(await filed.locator('[data-filed]').getAttribute('data-filed')).toBe('true');
    expect(await enterprise.getByTestId('how-to-call').textContent()).toContain('/v1');
  });

  it('shows calls made with the key as usage, and the balance moving', async () => {
    // The demo funds the enterprise's wallet at its first start: the deposit adds to that.
    await enterprise.goto('/enterprise/gateway/usage');
    await enterprise.getByTestId('wallet-settledFen').first().waitFor();
    const settledBefore = await fenOf(enterprise, 'wallet-settledFen');
    await operator.goto('/operator/gateway');
    await operator.getByTestId('deposit-enterprise').click();
    // Dozens of enterprises in the demo: search, as an operator would.
    await operator.keyboard.type('云栖智算');
    await operator
      .locator('.ant-select-item-option', { hasText: '杭州云栖智算科技有限公司' })
      .first()
      .click();
    await operator.getByTestId('deposit-amount').fill('100');
    await operator.getByTestId('deposit-reference').fill('bank transfer WEB-0001');
    await operator.getByTestId('deposit').click();
    await operator.getByTestId('deposit-done').waitFor();

    await enterprise.goto('/enterprise/gateway/usage');
    await expect
      .poll(() => fenOf(enterprise, 'wallet-settledFen'), { timeout: POLL_TIMEOUT_MS })
      .toBe(settledBefore + 10_000n);
    // Spendable is the wallet plus each model voucher's remainder, before any call as after.
    const spendableBefore = await fenOf(enterprise, 'gateway-spendable');
    // Some 3 000 words in and echoed back: a few fen a call at the demo model's prices.
    const words = Array.from({ length: 3_000 }, (_, index) => `w${index}`).join(' ');
    let billedFen = 0n;
    for (let call = 0; call < 3; call += 1) {
      const response = await fetch(`${harness().baseUrl}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          model: 'qwen-demo-filed',
          messages: [{ role: 'user', content: words }],
        }),
      });
      expect(response.status, await response.clone().text()).toBe(200);
      billedFen += BigInt(response.headers.get('x-suanli-cost-fen') ?? 'NaN');
    }
    expect(billedFen).toBeGreaterThan(0n);
    // The page asks again every few seconds: the usage row and the balance follow the calls.
    const row = enterprise.getByTestId('usage-by-model').locator('tr', {
      hasText: 'qwen-demo-filed',
    });
    await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(1);
    await expect
      .poll(() => fenOf(enterprise, 'billed-qwen-demo-filed'), { timeout: 20_000 })
      .toBe(billedFen);
    await expect
      .poll(() => enterprise.getByTestId('recent-calls').locator('tr.ant-table-row').count())
      .toBe(3);
    // The wallet's part of the bill leaves the wallet's settled balance; a lease for calls in
    // progress shows in flight and stays spendable; what the calls cost is no longer spendable.
    const walletBilled = await fenOf(enterprise, 'billed-wallet-qwen-demo-filed');
    expect(walletBilled).toBeGreaterThan(0n);
    await expect
      .poll(() => fenOf(enterprise, 'wallet-settledFen'), { timeout: 20_000 })
      .toBe(settledBefore + 10_000n - walletBilled);
    expect(await fenOf(enterprise, 'wallet-inFlightFen')).toBeGreaterThan(0n);
    await expect
      .poll(() => fenOf(enterprise, 'gateway-spendable'), { timeout: 20_000 })
      .toBeLessThan(spendableBefore);
  });

  it('buys GPU hours and the order gets exactly the subsidy the quote showed', async () => {
    // The enterprise's grants answer late (a slow network): the dialog opens before them, and
    // still chooses the voucher for the enterprise once they arrive.
    const balances = '**/api/v1/enterprises/*/balances';
    await enterprise.route(balances, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await route.continue();
    });
    await enterprise.goto('/enterprise/exchange');
    await enterprise.getByTestId('buy-ascend-910b').click();
    await enterprise
      .getByTestId('buy-grant')
      .getByText('hangzhou-city-compute-demo')
      .waitFor({ timeout: POLL_TIMEOUT_MS });
    await enterprise.unroute(balances);
    await enterprise.getByTestId('buy-subsidy').waitFor();
    // The quote follows the cards: 4 cards instead of 8 is asked again, and the amount halves.
    const eightCards = await fenOf(enterprise, 'buy-amount');
    await enterprise.getByTestId('buy-cards').fill('4');
    await expect
      .poll(() => fenOf(enterprise, 'buy-amount'), { timeout: POLL_TIMEOUT_MS })
      .toBe(eightCards / 2n);
    await expect
      .poll(() => enterprise.getByTestId('confirm-buy').isEnabled(), { timeout: POLL_TIMEOUT_MS })
      .toBe(true);
    const amount = await fenOf(enterprise, 'buy-amount');
    const subsidy = await fenOf(enterprise, 'buy-subsidy');
    expect(subsidy).toBeGreaterThan(0n);
    expect(await fenOf(enterprise, 'buy-you-pay')).toBe(amount - subsidy);
    // The rate is shown with the mode of the program.
    expect(await enterprise.getByTestId('buy-rate').textContent()).toMatch(/\d+%/u);
    await enterprise.getByTestId('confirm-buy').click();
    await enterprise.getByTestId('bought').waitFor();
    // The page shows the subsidy the server decided for the order: exactly the one quoted.
    const decided = await enterprise.evaluate(async () => {
      const response = await fetch('/api/v1/exchange/orders?limit=1');
      const body = (await response.json()) as {
        items: { subsidyFen: string; amountFen: string }[];
      };
      return body.items[0] ?? { subsidyFen: '', amountFen: '' };
    });
    expect(await fenOf(enterprise, 'order-subsidy')).toBe(BigInt(decided.subsidyFen));
    expect(BigInt(decided.amountFen)).toBe(amount);
    expect(BigInt(decided.subsidyFen)).toBe(subsidy);
    await enterprise.goto('/enterprise/exchange/orders');
    await expect
      .poll(() => enterprise.getByTestId('exchange-orders').locator('tr.ant-table-row').count())
      .toBeGreaterThan(0);
  });

  exchangePagesTests(() => ({ harness: harness(), enterprise, operator, provider }));

  it('has no serious or critical accessibility violations on the gateway and exchange pages', async () => {
    const pages: [Page, string][] = [
      [enterprise, '/enterprise/gateway/keys'],
      [enterprise, '/enterprise/gateway/models'],
      [enterprise, '/enterprise/gateway/usage'],
      [enterprise, '/enterprise/exchange'],
      [enterprise, '/enterprise/exchange/orders'],
      [provider, '/provider/models'],
      [provider, '/provider/exchange'],
      [operator, '/operator/gateway'],
      [operator, '/operator/exchange'],
    ];
    for (const [page, path] of pages) {
      await page.goto(path);
      await page.locator('h1').first().waitFor();
      await page.waitForLoadState('networkidle');
      expect(await harness().seriousAccessibilityViolations(page), path).toEqual([]);
    }
  });
}
