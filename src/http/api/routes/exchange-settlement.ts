import { z } from '@hono/zod-openapi';
import {
  acceptedUsageSchema,
  clearingResultSchema,
  payoutSchema,
  usageReportBody,
} from '../../../contracts/exchange.ts';
import type { ExportFile, ExportFormat } from '../../../services/exports/index.ts';
import {
  clearExchange,
  exportProviderStatement,
  payProviders,
  recordUsageRefusal,
  submitUsageReport,
} from '../../../services/exchange/index.ts';
import type { ApiContext } from '../api-env.ts';
import { defineRoute, type RouteDefinition } from '../define-route.ts';
import { orderJson, windowOf } from './exchange-json.ts';

const tags = ['exchange'];

export const submitUsageReportRoute = defineRoute({
  method: 'post',
  path: '/api/v1/exchange/usage-reports',
  summary: 'Report an order’s usage, signed with a registered Ed25519 key; settles it',
  description:
    'The signature covers the canonical encoding of `report` (docs/exchange.md). Refused with USAGE_SIGNATURE_INVALID, SIGNING_KEY_REVOKED, USAGE_REPORT_REPLAYED or USAGE_BEYOND_ORDER; a refusal moves no money and leaves only a receipt (with its code) listed under the order’s usage-reports.',
  tags,
  access: { action: 'usageReport.submit' },
  request: { body: usageReportBody },
  responses: { 201: { description: 'the settled report', schema: acceptedUsageSchema } },
  // A refused report leaves a receipt the provider reads per order (usage-reports).
  afterRefusal: async (c, auth, { body }, error) =>
    recordUsageRefusal({
      db: c.get('db'),
      actor: auth,
      report: { ...body.report, period: windowOf(body.report.period) },
      error,
      now: c.get('now'),
    }),
  handler: async (c, auth, { body }) => {
    const { report } = body;
    const accepted = await submitUsageReport({
      db: c.get('db'),
      actor: auth,
      report: { ...report, period: windowOf(report.period) },
      signatureBase64: body.signature,
      now: c.get('now'),
    });
    return c.json(
      {
        reportId: accepted.reportId,
        invoiceId: accepted.invoiceId,
        amountFen: accepted.settlement.amountFen.toString(),
        subsidyFen: accepted.settlement.subsidyFen.toString(),
        enterpriseFen: accepted.settlement.enterpriseFen.toString(),
        order: orderJson(accepted.order),
      },
      201,
    );
  },
});

export const clearExchangeRoute = defineRoute({
  method: 'post',
  path: '/api/v1/exchange/clearing',
  summary: 'Run the clearing now: match the open requests against the offers',
  tags,
  access: { action: 'exchange.clear' },
  responses: { 200: { description: 'what the run did', schema: clearingResultSchema } },
  handler: async (c, auth) => {
    const report = await clearExchange({ db: c.get('db'), actor: auth, now: c.get('now') });
    return c.json(
      {
        requestsConsidered: report.requestsConsidered,
        ordersCreated: report.ordersCreated.map(orderJson),
        unmatched: report.unmatched,
      },
      200,
    );
  },
});

export const payProvidersRoute = defineRoute({
  method: 'post',
  path: '/api/v1/exchange/payouts',
  summary: 'Pay providers what the exchange owes them now (the hourly job does it too)',
  tags,
  access: { action: 'providerPayout.run' },
  responses: {
    200: { description: 'the payouts made', schema: z.object({ items: z.array(payoutSchema) }) },
  },
  handler: async (c, auth) => {
    const payouts = await payProviders({ db: c.get('db'), actor: auth, now: c.get('now') });
    const items = payouts.map((payout) => ({ ...payout, amountFen: payout.amountFen.toString() }));
    return c.json({ items }, 200);
  },
});

const providerParams = z.object({
  id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }),
});

function download(c: ApiContext, file: ExportFile): Response {
  return c.body(typeof file.body === 'string' ? file.body : new Uint8Array(file.body), 200, {
    'content-type': file.contentType,
    'content-disposition': `attachment; filename="${file.filename}"`,
    'x-row-count': String(file.rowCount),
  });
}

function statementRoute(format: ExportFormat): RouteDefinition {
  return defineRoute({
    method: 'get',
    path: `/api/v1/exchange/providers/{id}/statement.${format}`,
    summary: `A provider’s exchange statement as ${format.toUpperCase()}: invoices and payouts`,
    tags,
    access: { action: 'providerStatement.read' },
    request: { params: providerParams },
    responses: {
      200: {
        description: format === 'csv' ? 'CSV, UTF-8 with BOM' : 'XLSX workbook',
        contentType:
          format === 'csv'
            ? 'text/csv'
            : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        schema: z.string().openapi({ format: 'binary' }),
      },
    },
    handler: async (c, auth, { params }) =>
      download(
        c,
        await exportProviderStatement({
          sql: c.get('db'),
          actor: auth,
          providerId: params.id,
          format,
          now: c.get('now'),
        }),
      ),
  });
}

export const exchangeSettlementRoutes: RouteDefinition[] = [
  submitUsageReportRoute,
  clearExchangeRoute,
  payProvidersRoute,
  statementRoute('csv'),
  statementRoute('xlsx'),
];
