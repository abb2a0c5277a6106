import type { z } from '@hono/zod-openapi';
import { idParams } from '../../../contracts/common.ts';
import {
  historyListQuery,
  providerPayoutListSchema,
  receivedUsageReportListSchema,
  walletDepositListSchema,
} from '../../../contracts/exchange-history.ts';
import { listOrderUsageReports, listProviderPayouts } from '../../../services/exchange/index.ts';
import { listWalletDeposits } from '../../../services/gateway/usage/index.ts';
import { defineRoute, type RouteDefinition } from '../define-route.ts';

/**
 * Read-only history the console's exchange and wallet pages show: an order's received usage
 * reports, a provider's payouts, an enterprise's wallet deposits.
 */

export const orderUsageReportsRoute = defineRoute({
  method: 'get',
  path: '/api/v1/exchange/orders/{id}/usage-reports',
  summary:
    'The usage reports received for an order: accepted with their invoices, refused with the code',
  tags: ['exchange'],
  access: { action: 'order.read' },
  request: { params: idParams },
  responses: {
    200: { description: 'in the order received', schema: receivedUsageReportListSchema },
  },
  handler: async (c, auth, { params }) => {
    const reports = await listOrderUsageReports({
      sql: c.get('db'),
      actor: auth,
      orderId: params.id,
    });
    const items = reports.map((report) => ({
      reportId: report.reportId,
      orderId: report.orderId,
      outcome: report.outcome,
      refusalCode: report.refusalCode,
      period: { from: report.period.from.toISOString(), to: report.period.to.toISOString() },
      cardHours: report.cardHours.toString(),
      receivedAt: report.receivedAt.toISOString(),
      amountFen: report.amountFen?.toString() ?? null,
      subsidyFen: report.subsidyFen?.toString() ?? null,
      enterpriseFen: report.enterpriseFen?.toString() ?? null,
    }));
    return c.json({ items } satisfies z.output<typeof receivedUsageReportListSchema>, 200);
  },
});

export const providerPayoutsRoute = defineRoute({
  method: 'get',
  path: '/api/v1/exchange/providers/{id}/payouts',
  summary: 'A provider’s exchange payouts, newest first',
  tags: ['exchange'],
  access: { action: 'providerStatement.read' },
  request: { params: idParams, query: historyListQuery },
  responses: { 200: { description: 'newest first', schema: providerPayoutListSchema } },
  handler: async (c, auth, { params, query }) => {
    const payouts = await listProviderPayouts({
      sql: c.get('db'),
      actor: auth,
      providerId: params.id,
      limit: query.limit,
    });
    const items = payouts.map((payout) => ({
      ...payout,
      amountFen: payout.amountFen.toString(),
      paidAt: payout.paidAt.toISOString(),
    }));
    return c.json({ items } satisfies z.output<typeof providerPayoutListSchema>, 200);
  },
});

export const walletDepositsRoute = defineRoute({
  method: 'get',
  path: '/api/v1/enterprises/{id}/gateway-wallet/deposits',
  summary: 'The deposits into an enterprise’s MaaS wallet, newest first',
  tags: ['gateway'],
  access: { action: 'wallet.read' },
  request: { params: idParams, query: historyListQuery },
  responses: { 200: { description: 'newest first', schema: walletDepositListSchema } },
  handler: async (c, auth, { params, query }) => {
    const deposits = await listWalletDeposits({
      sql: c.get('db'),
      actor: auth,
      enterpriseId: params.id,
      limit: query.limit,
    });
    const items = deposits.map((deposit) => ({
      transferId: deposit.transferId,
      amountFen: deposit.amountFen.toString(),
      reference: deposit.reference,
      depositedAt: deposit.depositedAt.toISOString(),
    }));
    return c.json({ items } satisfies z.output<typeof walletDepositListSchema>, 200);
  },
});

export const exchangeHistoryRoutes: RouteDefinition[] = [
  orderUsageReportsRoute,
  providerPayoutsRoute,
  walletDepositsRoute,
];
