import type { Sql } from '../../../db/client.ts';
import { authorize } from '../../authz/authorize.ts';
import type { Actor } from '../../authz/actor.ts';
import type { UsageRecord } from './usage-record.ts';

/** Most records one page holds. */
export const MAX_USAGE_PAGE = 500;

interface UsageRow {
  id: string;
  request_id: string;
  enterprise_id: string;
  project_id: string | null;
  key_id: string | null;
  model_id: string;
  provider_id: string;
  program_id: string | null;
  grant_id: string | null;
  lease_id: string;
  status: UsageRecord['status'];
  input_tokens: number;
  output_tokens: number;
  cached_input_tokens: number;
  latency_ms: number;
  first_token_ms: number | null;
  rate_bps: number;
  cost_micro_fen: bigint;
  voucher_micro_fen: bigint;
  wallet_micro_fen: bigint;
  billed_fen: bigint;
  billed_voucher_fen: bigint;
  billed_wallet_fen: bigint;
  created_at: Date;
}

function toRecord(row: UsageRow): UsageRecord {
  return {
    id: row.id,
    requestId: row.request_id,
    enterpriseId: row.enterprise_id,
    projectId: row.project_id,
    keyId: row.key_id,
    modelId: row.model_id,
    providerId: row.provider_id,
    programId: row.program_id,
    grantId: row.grant_id,
    leaseId: row.lease_id,
    status: row.status,
    inputTokens: row.input_tokens,
    outputTokens: row.output_tokens,
    cachedInputTokens: row.cached_input_tokens,
    latencyMs: row.latency_ms,
    firstTokenMs: row.first_token_ms,
    rateBps: row.rate_bps,
    costMicroFen: row.cost_micro_fen,
    voucherMicroFen: row.voucher_micro_fen,
    walletMicroFen: row.wallet_micro_fen,
    billedFen: row.billed_fen,
    billedVoucherFen: row.billed_voucher_fen,
    billedWalletFen: row.billed_wallet_fen,
    createdAt: row.created_at,
  };
}

/**
 * An enterprise's model calls, newest first, over `from`–`to` (end exclusive), at most `limit`
 * (≤ MAX_USAGE_PAGE); `limit` + 1 rows are read so the caller knows whether more exist.
 *
 * @example
 * const { records, more } = await listUsageRecords({ sql, actor, enterpriseId, from, to, limit: 100 });
 */
export async function listUsageRecords(options: {
  sql: Sql;
  actor: Actor;
  enterpriseId: string;
  from: Date;
  to: Date;
  limit: number;
}): Promise<{ records: UsageRecord[]; more: boolean }> {
  const { sql, actor, enterpriseId, from, to } = options;
  authorize(actor, 'gatewayUsage.read', { tenantId: enterpriseId });
  const limit = Math.max(1, Math.min(MAX_USAGE_PAGE, Math.trunc(options.limit)));
  const rows = await sql.query<UsageRow>(
    `select * from gateway_usage_records
      where enterprise_id = $1 and created_at >= $2 and created_at < $3
      order by created_at desc, id desc limit $4`,
    [enterpriseId, from, to, limit + 1],
  );
  return { records: rows.slice(0, limit).map(toRecord), more: rows.length > limit };
}
