import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { HOUR_MS } from '../../src/domain/exchange/hours.ts';
import type { BrowserHarness } from './browser-harness.ts';
import { apiSession, POLL_TIMEOUT_MS } from './web-page-helpers.ts';

/**
 * The console's exchange and wallet pages that look back or undo, by clicking, each figure read
 * from the page and compared with the API: the wallet's deposits, why an open request went
 * unmatched, a provider's received usage reports and payouts with statements, and cancelling
 * an order (after its start and before it) with the rule and its figures shown before confirming.
 * Runs inside `maasAndExchangeTests`, after its deposit and its purchase.
 */

interface Pages {
  harness: BrowserHarness;
  enterprise: Page;
  operator: Page;
  provider: Page;
}

interface ApiOrder {
  id: string;
  contractNumber: string;
  providerId: string;
  state: string;
  cards: number;
  cardHours: string;
  amountFen: string;
  subsidyFen: string;
  settledFen: string;
  window: { from: string; to: string };
}

/** A GET of the API as the page's signed-in user (the browser context's cookies). */
async function apiGet<T>(page: Page, path: string): Promise<T> {
  const response = await page.request.get(path);
  expect(response.status(), path).toBe(200);
  return (await response.json()) as T;
}

const fenOf = async (page: Page, testId: string): Promise<bigint> =>
  BigInt((await page.getByTestId(testId).first().getAttribute('data-fen')) ?? 'NaN');

const fensOf = (page: Page, scope: string, testId: string): Promise<string[]> =>
  page
    .getByTestId(scope)
    .getByTestId(testId)
    .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-fen') ?? ''));

/** The demo Hangzhou SME's user, whom the enterprise page is signed in as. */
function enterpriseUserOf(harness: BrowserHarness): { email: string; tenantId: string } {
  const user = harness.seed.credentials?.users.find(({ email }) => email.startsWith('hangzhou'));
  if (!user?.tenantId) throw new Error('the demo Hangzhou enterprise user is expected');
  return { email: user.email, tenantId: user.tenantId };
}

/**
 * Buys Ascend 910B hours over the API, as the page's user, from an hour after the next whole
 * hour, with the demo compute voucher: an order that has not started when the test that needs
 * one runs. (The order the console test bought earlier starts at the next whole hour, and has
 * started by then when the hour turns between the two tests: CI of 7 December 2026.)
 */
async function buyUpcomingOrder(harness: BrowserHarness): Promise<ApiOrder> {
  const { email, tenantId: enterpriseId } = enterpriseUserOf(harness);
  const api = await apiSession(harness, email);
  const offers = await api.get<{
    items: { id: string; accelerator: { id: string }; minTermHours: number }[];
  }>('/api/v1/exchange/offers');
  const offer = offers.items.find((item) => item.accelerator.id === 'ascend-910b');
  const { grants } = await api.get<{ grants: { id: string; programId: string; state: string }[] }>(
    `/api/v1/enterprises/${enterpriseId}/balances`,
  );
  const grant = grants.find(
    (item) => item.programId === 'hangzhou-city-compute-demo' && item.state === 'active',
  );
  if (!offer || !grant) throw new Error('the demo offer and compute voucher are expected');
  const from = (Math.floor(Date.now() / HOUR_MS) + 2) * HOUR_MS;
  const to = from + offer.minTermHours * HOUR_MS;
  const response = await api.post(`/api/v1/exchange/offers/${offer.id}/buy`, {
    enterpriseId,
    cards: 2,
    window: { from: new Date(from).toISOString(), to: new Date(to).toISOString() },
    grantId: grant.id,
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as ApiOrder;
}

/** Waits past the next whole hour if it is less than a minute away (cancelling cuts at it). */
async function clearOfTheHour(): Promise<void> {
  const toHour = HOUR_MS - (Date.now() % HOUR_MS);
  if (toHour < 60_000) await new Promise((resolve) => setTimeout(resolve, toHour + 1_000));
}

export function exchangePagesTests(pages: () => Pages): void {
  it('shows the enterprise its wallet’s deposits as the ledger booked them', async () => {
    const { harness, enterprise } = pages();
    const enterpriseId = enterpriseUserOf(harness).tenantId;
    const { items } = await apiGet<{ items: { amountFen: string; reference: string | null }[] }>(
      enterprise,
      `/api/v1/enterprises/${enterpriseId}/gateway-wallet/deposits`,
    );
    // The demo's first deposit and the operator's ¥100 of the test before, newest first.
    expect(items[0]).toMatchObject({ amountFen: '10000', reference: 'bank transfer WEB-0001' });
    await enterprise.goto('/enterprise/gateway/usage');
    const table = enterprise.getByTestId('wallet-deposits');
    await table.locator('tr.ant-table-row').first().waitFor();
    expect(await fensOf(enterprise, 'wallet-deposits', 'deposit-amount')).toEqual(
      items.map((deposit) => deposit.amountFen),
    );
    expect(await table.locator('tr.ant-table-row').first().textContent()).toContain(
      'bank transfer WEB-0001',
    );
  });

  it('says why an open request went unmatched, with the clearing’s figures', async () => {
    const { enterprise, operator } = pages();
    // The operator runs the clearing from its exchange page (the server's hourly job runs it too).
    await operator.goto('/operator/exchange');
    await operator.getByTestId('run-clearing').click();
    await operator.getByTestId('clearing-result').waitFor();
    type Request = {
      id: string;
      clearing: {
        served: boolean;
        binding: { kind: string } | null;
        nextBest: { enterpriseFenPerCardHour: string } | null;
      } | null;
    };
    const unmatched = async () =>
      (
        await apiGet<{ items: Request[] }>(enterprise, '/api/v1/exchange/requests?state=open')
      ).items.find((request) => request.clearing !== null && !request.clearing.served);
    // The clearing explains the Hangzhou request (no offer in range).
    const request = await unmatched();
    expect(request).toBeDefined();
    await enterprise.goto('/enterprise/exchange/orders');
    const explanation = enterprise.getByTestId(`request-explanation-${request?.id}`);
    await explanation.waitFor();
    expect(await explanation.getAttribute('data-binding')).toBe(
      request?.clearing?.binding?.kind ?? 'no-offer',
    );
    expect(request?.clearing?.binding?.kind).toBe('region');
    expect(await explanation.textContent()).toContain('在您选择的距离内（地区与时延等级）没有报价');
    const nextBest = request?.clearing?.nextBest;
    if (nextBest !== null && nextBest !== undefined) {
      expect(await fenOf(enterprise, `explanation-next-best-${request?.id}`)).toBe(
        BigInt(nextBest.enterpriseFenPerCardHour),
      );
    }
  });

  it('shows the provider each order’s usage reports, accepted and refused with the code, and its payouts with statements', async () => {
    const { provider } = pages();
    const orders = (await apiGet<{ items: ApiOrder[] }>(provider, '/api/v1/exchange/orders')).items;
    const reported = orders.find((order) => order.settledFen !== '0');
    expect(reported).toBeDefined();
    const order = reported as ApiOrder;
    const reports = await apiGet<{
      items: { outcome: string; refusalCode: string | null; amountFen: string | null }[];
    }>(provider, `/api/v1/exchange/orders/${order.id}/usage-reports`);
    const accepted = reports.items.filter((report) => report.outcome === 'accepted');
    const refused = reports.items.filter((report) => report.outcome === 'refused');
    // The demo's meter agent sent one report twice: the replay was refused.
    expect(refused.map((report) => report.refusalCode)).toEqual(['USAGE_REPORT_REPLAYED']);
    await provider.goto('/provider/exchange');
    const row = provider.getByTestId('exchange-orders').locator('tr.ant-table-row', {
      hasText: order.contractNumber,
    });
    await row.locator('.ant-table-row-expand-icon').click();
    const table = provider.getByTestId(`usage-reports-${order.id}`);
    await table.waitFor();
    const shown = await fensOf(provider, `usage-reports-${order.id}`, 'report-amount');
    expect(shown).toEqual(accepted.map((report) => report.amountFen));
    expect(shown.reduce((sum, fen) => sum + BigInt(fen), 0n)).toBe(BigInt(order.settledFen));
    expect(await table.locator('[data-outcome="accepted"]').count()).toBe(accepted.length);
    const refusedShown = await table
      .locator('[data-outcome="refused"]')
      .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-code')));
    expect(refusedShown).toEqual(refused.map((report) => report.refusalCode));
    // The code with its sentence, in the reader's language.
    expect(await table.textContent()).toContain('该用量报告此前已收到，不会重复结算。');

    const payouts = await apiGet<{ items: { id: string; amountFen: string }[] }>(
      provider,
      `/api/v1/exchange/providers/${order.providerId}/payouts`,
    );
    expect(payouts.items.length).toBeGreaterThan(0);
    await provider.getByTestId('exchange-payouts').locator('tr.ant-table-row').first().waitFor();
    expect(await fensOf(provider, 'exchange-payouts', 'payout-amount')).toEqual(
      payouts.items.map((payout) => payout.amountFen),
    );
    // The statement links download the same payouts.
    const csvHref = (await provider.getByTestId('statement-csv').getAttribute('href')) ?? '';
    const csv = await provider.request.get(csvHref);
    expect(csv.status()).toBe(200);
    const text = await csv.text();
    for (const payout of payouts.items) expect(text).toContain(payout.id);
    const xlsxHref = (await provider.getByTestId('statement-xlsx').getAttribute('href')) ?? '';
    const xlsx = await provider.request.get(xlsxHref);
    expect(xlsx.status()).toBe(200);
    expect(xlsx.headers()['content-type']).toContain('spreadsheetml');
  });

  it('cancels a running order: it ends at the next hour with the subsidy scaled, as the dialog said', async () => {
    const { enterprise } = pages();
    await clearOfTheHour();
    const orders = (await apiGet<{ items: ApiOrder[] }>(enterprise, '/api/v1/exchange/orders'))
      .items;
    const running = orders.find(
      (order) => order.state === 'active' && new Date(order.window.from).getTime() < Date.now(),
    ) as ApiOrder;
    expect(running).toBeDefined();
    await enterprise.goto('/enterprise/exchange/orders');
    await enterprise.getByTestId(`cancel-order-${running.contractNumber}`).click();
    await enterprise.getByTestId('cancel-rule').waitFor();
    expect(await enterprise.getByTestId('cancel-rule').textContent()).toContain('下一个整点结束');
    const keptSubsidy = await fenOf(enterprise, 'cancel-kept-subsidy');
    const keptCardHours = await enterprise.getByTestId('cancel-kept-card-hours').textContent();
    expect(keptSubsidy).toBeLessThan(BigInt(running.subsidyFen));
    await enterprise.getByTestId('confirm-cancel-order').click();
    await expect
      .poll(() => enterprise.getByTestId('cancel-rule').count(), { timeout: POLL_TIMEOUT_MS })
      .toBe(0);
    const after = await apiGet<ApiOrder>(enterprise, `/api/v1/exchange/orders/${running.id}`);
    expect(after.subsidyFen).toBe(keptSubsidy.toString());
    expect(after.cardHours).toBe(keptCardHours);
  });

  it('cancels an order before it starts: everything released, as the dialog said', async () => {
    const { harness, enterprise } = pages();
    await clearOfTheHour();
    const upcoming = await buyUpcomingOrder(harness);
    expect(BigInt(upcoming.subsidyFen)).toBeGreaterThan(0n);
    await enterprise.goto('/enterprise/exchange/orders');
    await enterprise.getByTestId(`cancel-order-${upcoming.contractNumber}`).click();
    await enterprise.getByTestId('cancel-rule').waitFor();
    expect(await enterprise.getByTestId('cancel-rule').textContent()).toContain('全部释放');
    expect(await fenOf(enterprise, 'cancel-released-amount')).toBe(BigInt(upcoming.amountFen));
    expect(await fenOf(enterprise, 'cancel-subsidy-returned')).toBe(BigInt(upcoming.subsidyFen));
    expect(await enterprise.getByTestId('cancel-released-card-hours').textContent()).toBe(
      upcoming.cardHours,
    );
    await enterprise.getByTestId('confirm-cancel-order').click();
    const row = enterprise
      .getByTestId('exchange-orders')
      .locator('tr.ant-table-row', { hasText: upcoming.contractNumber });
    await expect
      .poll(() => row.getByTestId(`cancel-order-${upcoming.contractNumber}`).count())
      .toBe(0);
    const after = await apiGet<ApiOrder>(enterprise, `/api/v1/exchange/orders/${upcoming.id}`);
    expect(after.state).toBe('cancelled');
  });
}
