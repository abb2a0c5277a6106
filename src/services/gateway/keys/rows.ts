/** A gateway API key as lists show it: never the secret, only its first characters. */
export interface GatewayKey {
  id: string;
  enterpriseId: string;
  project: string | null;
  name: string;
  prefix: string;
  requestsPerMinute: number;
  tokensPerMinute: number;
  spendLimitDayFen: bigint | null;
  spendLimitMonthFen: bigint | null;
  /** Null: created by the platform (the demo seeder). */
  createdBy: string | null;
  createdAt: Date;
  revokedAt: Date | null;
}

export interface GatewayKeyRow {
  id: string;
  enterprise_id: string;
  project: string | null;
  name: string;
  prefix: string;
  requests_per_minute: number;
  tokens_per_minute: bigint;
  spend_limit_day_fen: bigint | null;
  spend_limit_month_fen: bigint | null;
  created_by: string | null;
  created_at: Date;
  revoked_at: Date | null;
}

export const GATEWAY_KEY_COLUMNS = `id, enterprise_id, project, name, prefix, requests_per_minute,
  tokens_per_minute, spend_limit_day_fen, spend_limit_month_fen, created_by, created_at, revoked_at`;

export function toGatewayKey(row: GatewayKeyRow): GatewayKey {
  return {
    id: row.id,
    enterpriseId: row.enterprise_id,
    project: row.project,
    name: row.name,
    prefix: row.prefix,
    requestsPerMinute: row.requests_per_minute,
    tokensPerMinute: Number(row.tokens_per_minute),
    spendLimitDayFen: row.spend_limit_day_fen === null ? null : row.spend_limit_day_fen,
    spendLimitMonthFen: row.spend_limit_month_fen === null ? null : row.spend_limit_month_fen,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at),
    revokedAt: row.revoked_at ? new Date(row.revoked_at) : null,
  };
}
