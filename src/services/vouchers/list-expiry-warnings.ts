import type { Sql } from '../../db/client.ts';
import { reachedWarnings } from '../../domain/vouchers/expiry.ts';
import { v7 as uuidv7 } from 'uuid';

export interface ExpiryWarning {
  grantId: string;
  enterpriseId: string;
  thresholdDays: number;
  expiresAt: Date;
}

/** Grants examined per call (the 30-day window bounds it in practice). */
const MAX_GRANTS = 10_000;

/**
 * Writes the expiry warnings due at `now` — one notification per grant per threshold of
 * 30/14/7/0 days, never twice (unique per grant and threshold) — and returns the new ones.
 * Only live grants (active, exhausted) are warned about.
 *
 * @example
 * const fresh = await listExpiryWarnings({ sql: db, now: new Date() });
 */
export async function listExpiryWarnings(options: {
  sql: Sql;
  now: Date;
}): Promise<ExpiryWarning[]> {
  const { sql, now } = options;
  const horizon = new Date(now.getTime() + 31 * 86_400_000);
  const grants = await sql.query<{ id: string; enterprise_id: string; expires_at: Date }>(
    `select id, enterprise_id, expires_at from voucher_grants
      where state in ('active', 'exhausted') and expires_at <= $1
      order by expires_at, id limit $2`,
    [horizon, MAX_GRANTS],
  );
  const candidates = grants.flatMap((grant) =>
    reachedWarnings(grant.expires_at, now).map((thresholdDays) => ({ grant, thresholdDays })),
  );
  if (candidates.length === 0) return [];
  const inserted = await sql.query<{
    grant_id: string;
    enterprise_id: string;
    threshold_days: number;
    expires_at: Date;
  }>(
    `insert into voucher_notifications
       (id, grant_id, enterprise_id, kind, threshold_days, expires_at, created_at)
     select * from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::int[],
                          $6::timestamptz[], $7::timestamptz[])
     on conflict (grant_id, kind, threshold_days) do nothing
     returning grant_id, enterprise_id, threshold_days, expires_at`,
    [
      candidates.map(() => uuidv7()),
      candidates.map((c) => c.grant.id),
      candidates.map((c) => c.grant.enterprise_id),
      candidates.map(() => 'grant_expiry'),
      candidates.map((c) => c.thresholdDays),
      candidates.map((c) => c.grant.expires_at.toISOString()),
      candidates.map(() => now.toISOString()),
    ],
  );
  return inserted.map((row) => ({
    grantId: row.grant_id,
    enterpriseId: row.enterprise_id,
    thresholdDays: row.threshold_days,
    expiresAt: row.expires_at,
  }));
}
