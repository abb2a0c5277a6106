import { z } from 'zod';

/**
 * MaaS usage over REST: one record per model call (tokens, timings, the cost exact in
 * millionths of a fen and the whole fen it billed, split voucher / wallet) and summaries by key,
 * project, model or day (the enterprise's views) or by program, provider or model (the
 * operator's). Periods are `from`–`to`, end exclusive, at most 366 days.
 */

const instant = z.iso.datetime({ offset: true });

export const usagePeriodQuery = z.object({
  from: instant.meta({
    param: { name: 'from', in: 'query' },
    example: '2026-06-01T00:00:00+08:00',
  }),
  to: instant.meta({ param: { name: 'to', in: 'query' }, example: '2026-07-01T00:00:00+08:00' }),
});

export const usageRecordsQuery = usagePeriodQuery.extend({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(500)
    .default(100)
    .meta({ param: { name: 'limit', in: 'query' }, example: 100 }),
});

export const usageSummaryQuery = usagePeriodQuery.extend({
  by: z
    .enum(['key', 'project', 'model', 'day', 'program', 'provider'])
    .meta({ param: { name: 'by', in: 'query' }, example: 'model' }),
  enterpriseId: z
    .uuid()
    .optional()
    .meta({ param: { name: 'enterpriseId', in: 'query' } }),
});

const money = {
  costMicroFen: z
    .string()
    .meta({ description: 'exact cost in millionths of a fen', example: '840000' }),
  voucherMicroFen: z.string().meta({ example: '252000' }),
  walletMicroFen: z.string().meta({ example: '588000' }),
  billedFen: z.string().meta({ description: 'whole fen added to the ledger', example: '1' }),
  billedVoucherFen: z.string().meta({ example: '0' }),
  billedWalletFen: z.string().meta({ example: '1' }),
};

export const usageRecordSchema = z
  .object({
    id: z.uuid().meta({ description: 'the call’s own id, given by the gateway' }),
    requestId: z
      .string()
      .meta({ description: 'the request’s x-request-id when the client sent one: not unique' }),
    createdAt: instant,
    keyId: z.string().nullable(),
    projectId: z.string().nullable(),
    modelId: z.string(),
    providerId: z.uuid(),
    programId: z.string().nullable(),
    status: z.enum(['ok', 'client-aborted', 'upstream-failed', 'refused']),
    inputTokens: z.number().int(),
    outputTokens: z.number().int(),
    cachedInputTokens: z.number().int(),
    latencyMs: z.number().int(),
    firstTokenMs: z.number().int().nullable(),
    rateBps: z.number().int().meta({ description: 'the voucher’s rate for this call' }),
    ...money,
  })
  .meta({ id: 'GatewayUsageRecord' });

export const usageRecordsSchema = z
  .object({ items: z.array(usageRecordSchema), more: z.boolean() })
  .meta({ id: 'GatewayUsageRecords' });

export const usageSummarySchema = z
  .object({
    by: z.enum(['key', 'project', 'model', 'day', 'program', 'provider']),
    groups: z.array(
      z.object({
        group: z.string().nullable(),
        calls: z.string(),
        okCalls: z.string(),
        inputTokens: z.string(),
        outputTokens: z.string(),
        latencyMsAverage: z.number().int(),
        ...money,
      }),
    ),
  })
  .meta({ id: 'GatewayUsageSummary' });
