import { z } from '@hono/zod-openapi';
import { idParams } from '../../../contracts/common.ts';
import {
  gatewayBalancesSchema,
  walletDepositBody,
  walletDepositSchema,
} from '../../../contracts/gateway-wallet.ts';
import type { usageRecordSchema } from '../../../contracts/gateway-usage.ts';
import {
  usagePeriodQuery,
  usageRecordsQuery,
  usageRecordsSchema,
  usageSummaryQuery,
  usageSummarySchema,
} from '../../../contracts/gateway-usage.ts';
import { DomainError } from '../../../domain/shared/errors.ts';
import { depositToWallet } from '../../../services/gateway/metering/index.ts';
import {
  exportUsageRecords,
  getGatewayBalances,
  listUsageRecords,
  summarizeUsage,
  type UsageRecord,
} from '../../../services/gateway/usage/index.ts';
import type { ExportFormat } from '../../../services/exports/index.ts';
import { defineRoute, type RouteDefinition } from '../define-route.ts';

/**
 * The MaaS gateway's money over REST: wallet deposits (operator), balances settled / in flight /
 * committed, usage records, summaries (enterprise: by key, project, model, day; operator: by
 * program, provider, model) and CSV/XLSX exports. The model calls themselves are `/v1/*`.
 */
const tags = ['gateway'];
const MAX_PERIOD_MS = 366 * 24 * 3600 * 1000;

/** A period of at most 366 days, `to` after `from` (400 VALIDATION_FAILED otherwise). */
function period(query: { from: string; to: string }): { from: Date; to: Date } {
  const from = new Date(query.from);
  const to = new Date(query.to);
  const span = to.getTime() - from.getTime();
  if (!(span > 0 && span <= MAX_PERIOD_MS)) {
    throw new DomainError('VALIDATION_FAILED', 'to: after from, at most 366 days later', {
      field: 'to',
    });
  }
  return { from, to };
}

function usageRecordJson(record: UsageRecord): z.output<typeof usageRecordSchema> {
  return {
    id: record.id,
    requestId: record.requestId,
    createdAt: record.createdAt.toISOString(),
    keyId: record.keyId,
    projectId: record.projectId,
    modelId: record.modelId,
    providerId: record.providerId,
    programId: record.programId,
    status: record.status,
    inputTokens: record.inputTokens,
    outputTokens: record.outputTokens,
    cachedInputTokens: record.cachedInputTokens,
    latencyMs: record.latencyMs,
    firstTokenMs: record.firstTokenMs,
    rateBps: record.rateBps,
    costMicroFen: record.costMicroFen.toString(),
    voucherMicroFen: record.voucherMicroFen.toString(),
    walletMicroFen: record.walletMicroFen.toString(),
    billedFen: record.billedFen.toString(),
    billedVoucherFen: record.billedVoucherFen.toString(),
    billedWalletFen: record.billedWalletFen.toString(),
  };
}

export const walletDepositRoute = defineRoute({
  method: 'post',
  path: '/api/v1/enterprises/{id}/gateway-wallet/deposits',
  summary: 'Record money an enterprise paid into its MaaS wallet (operator admin)',
  tags,
  access: { action: 'wallet.deposit' },
  request: { params: idParams, body: walletDepositBody },
  responses: { 201: { description: 'recorded', schema: walletDepositSchema } },
  handler: async (c, auth, { params, body }) => {
    const result = await depositToWallet({
      db: c.get('db'),
      actor: auth,
      enterpriseId: params.id,
      amountFen: body.amountFen,
      reference: body.reference,
      ...(auth.requestId === null ? {} : { requestId: auth.requestId }),
      now: c.get('now'),
    });
    return c.json(
      {
        enterpriseId: params.id,
        transferId: result.transferId,
        walletSettledFen: result.walletFen.toString(),
      } satisfies z.output<typeof walletDepositSchema>,
      201,
    );
  },
});

export const gatewayBalancesRoute = defineRoute({
  method: 'get',
  path: '/api/v1/enterprises/{id}/gateway-wallet',
  summary: 'MaaS balances: the wallet and the model vouchers, settled / in flight / committed',
  tags,
  access: { action: 'wallet.read' },
  request: { params: idParams },
  responses: { 200: { description: 'the balances', schema: gatewayBalancesSchema } },
  handler: async (c, auth, { params }) => {
    const balances = await getGatewayBalances({
      sql: c.get('db'),
      actor: auth,
      enterpriseId: params.id,
      now: c.get('now'),
    });
    const fen = (figures: { settledFen: bigint; inFlightFen: bigint; committedFen: bigint }) => ({
      settledFen: figures.settledFen.toString(),
      inFlightFen: figures.inFlightFen.toString(),
      committedFen: figures.committedFen.toString(),
    });
    return c.json(
      {
        enterpriseId: balances.enterpriseId,
        wallet: { accountId: balances.wallet.accountId, ...fen(balances.wallet) },
        vouchers: balances.vouchers.map((voucher) => ({
          grantId: voucher.grantId,
          programId: voucher.programId,
          accountId: voucher.accountId,
          ...fen(voucher),
        })),
        spendableFen: balances.spendableFen.toString(),
      } satisfies z.output<typeof gatewayBalancesSchema>,
      200,
    );
  },
});

export const usageRecordsRoute = defineRoute({
  method: 'get',
  path: '/api/v1/enterprises/{id}/gateway-usage',
  summary: 'An enterprise’s model calls, newest first, with their cost split',
  tags,
  access: { action: 'gatewayUsage.read' },
  request: { params: idParams, query: usageRecordsQuery },
  responses: { 200: { description: 'the calls', schema: usageRecordsSchema } },
  handler: async (c, auth, { params, query }) => {
    const { records, more } = await listUsageRecords({
      sql: c.get('db'),
      actor: auth,
      enterpriseId: params.id,
      ...period(query),
      limit: query.limit,
    });
    return c.json({ items: records.map(usageRecordJson), more }, 200);
  },
});

export const usageSummaryRoute = defineRoute({
  method: 'get',
  path: '/api/v1/gateway-usage/summary',
  summary:
    'Model calls summed by key, project, model or day (enterprise) or by program, provider or model (operator staff: every enterprise, or one with enterpriseId)',
  tags,
  access: { action: 'gatewayUsage.read' },
  request: { query: usageSummaryQuery },
  responses: { 200: { description: 'the groups', schema: usageSummarySchema } },
  handler: async (c, auth, { query }) => {
    const groups = await summarizeUsage({
      sql: c.get('db'),
      actor: auth,
      by: query.by,
      ...(query.enterpriseId === undefined ? {} : { enterpriseId: query.enterpriseId }),
      ...period(query),
    });
    return c.json(
      {
        by: query.by,
        groups: groups.map((group) => ({
          group: group.group,
          calls: group.calls.toString(),
          okCalls: group.okCalls.toString(),
          inputTokens: group.inputTokens.toString(),
          outputTokens: group.outputTokens.toString(),
          latencyMsAverage: group.latencyMsAverage,
          costMicroFen: group.costMicroFen.toString(),
          voucherMicroFen: group.voucherMicroFen.toString(),
          walletMicroFen: group.walletMicroFen.toString(),
          billedFen: group.billedFen.toString(),
          billedVoucherFen: group.billedVoucherFen.toString(),
          billedWalletFen: group.billedWalletFen.toString(),
        })),
      } satisfies z.output<typeof usageSummarySchema>,
      200,
    );
  },
});

function usageExportRoute(format: ExportFormat): RouteDefinition {
  return defineRoute({
    method: 'get',
    path: `/api/v1/enterprises/{id}/gateway-usage.${format}`,
    summary: `An enterprise’s model calls as ${format.toUpperCase()}`,
    tags,
    access: { action: 'gatewayUsage.read' },
    request: { params: idParams, query: usagePeriodQuery },
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
    handler: async (c, auth, { params, query }) => {
      const file = await exportUsageRecords({
        sql: c.get('db'),
        actor: auth,
        enterpriseId: params.id,
        ...period(query),
        format,
        now: c.get('now'),
      });
      return c.body(typeof file.body === 'string' ? file.body : new Uint8Array(file.body), 200, {
        'content-type': file.contentType,
        'content-disposition': `attachment; filename="${file.filename}"`,
        'x-row-count': String(file.rowCount),
      });
    },
  });
}

/** Routes of the gateway's money: wallet, balances, usage, exports. */
export const gatewayUsageRoutes = [
  walletDepositRoute,
  gatewayBalancesRoute,
  usageRecordsRoute,
  usageSummaryRoute,
  usageExportRoute('csv'),
  usageExportRoute('xlsx'),
];
