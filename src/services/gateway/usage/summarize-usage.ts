import type { Sql } from '../../../db/client.ts';
import { DomainError } from '../../../domain/shared/errors.ts';
import { listScope } from '../../authz/authorize.ts';
import type { Actor } from '../../authz/actor.ts';

/** What a usage summary groups by: the enterprise's views and the operator's. */
export const usageGroupings = ['key', 'project', 'model', 'day', 'program', 'provider'] as const;
export type UsageGrouping = (typeof usageGroupings)[number];

/** One group of calls: counts, tokens and money (exact µfen and whole fen billed). */
export interface UsageGroup {
  group: string | null;
  calls: bigint;
  okCalls: bigint;
  inputTokens: bigint;
  outputTokens: bigint;
  costMicroFen: bigint;
  voucherMicroFen: bigint;
  walletMicroFen: bigint;
  billedFen: bigint;
  billedVoucherFen: bigint;
  billedWalletFen: bigint;
  latencyMsAverage: number;
}

// Fixed SQL per grouping (never interpolated from input). Days are Asia/Shanghai days.
const groupColumn: Record<UsageGrouping, string> = {
  key: 'key_id',
  project: 'project_id',
  model: 'model_id',
  day: `to_char(created_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD')`,
  program: 'program_id',
  provider: 'provider_id::text',
};

/** Most groups one summary returns (days of a year, models, keys of a large enterprise). */
export const MAX_USAGE_GROUPS = 1_000;

/**
 * Sums usage records by key, project, model or day (the enterprise's views) or by program,
 * provider or model (the operator's), over `from`–`to` (end exclusive). An enterprise sees its
 * own calls; operator staff everyone's, or one enterprise's with `enterpriseId`.
 *
 * @example
 * const groups = await summarizeUsage({ sql, actor, by: 'model', enterpriseId, from, to });
 */
export async function summarizeUsage(options: {
  sql: Sql;
  actor: Actor;
  by: UsageGrouping;
  enterpriseId?: string;
  from: Date;
  to: Date;
}): Promise<UsageGroup[]> {
  const { sql, actor, by, from, to } = options;
  const scope = listScope(actor, 'gatewayUsage.read', options.enterpriseId);
  if (to.getTime() <= from.getTime()) {
    throw new DomainError('VALIDATION_FAILED', 'to: after from', { field: 'to' });
  }
  const rows = await sql.query<{
    group_value: string | null;
    calls: bigint;
    ok_calls: bigint;
    input_tokens: bigint;
    output_tokens: bigint;
    cost: bigint;
    voucher: bigint;
    wallet: bigint;
    billed: bigint;
    billed_voucher: bigint;
    billed_wallet: bigint;
    latency: string | number | null;
  }>(
    `select ${groupColumn[by]} as group_value, count(*)::int8 as calls,
            count(*) filter (where status = 'ok')::int8 as ok_calls,
            sum(input_tokens)::int8 as input_tokens, sum(output_tokens)::int8 as output_tokens,
            sum(cost_micro_fen)::int8 as cost, sum(voucher_micro_fen)::int8 as voucher,
            sum(wallet_micro_fen)::int8 as wallet, sum(billed_fen)::int8 as billed,
            sum(billed_voucher_fen)::int8 as billed_voucher,
            sum(billed_wallet_fen)::int8 as billed_wallet, avg(latency_ms)::float8 as latency
       from gateway_usage_records
      where ($1::uuid is null or enterprise_id = $1::uuid)
        and created_at >= $2 and created_at < $3
      group by 1 order by 1 nulls first limit ${MAX_USAGE_GROUPS}`,
    [scope.tenantId, from, to],
  );
  return rows.map((row) => ({
    group: row.group_value,
    calls: row.calls,
    okCalls: row.ok_calls,
    inputTokens: row.input_tokens,
    outputTokens: row.output_tokens,
    costMicroFen: row.cost,
    voucherMicroFen: row.voucher,
    walletMicroFen: row.wallet,
    billedFen: row.billed,
    billedVoucherFen: row.billed_voucher,
    billedWalletFen: row.billed_wallet,
    latencyMsAverage: Math.round(Number(row.latency ?? 0)),
  }));
}
