import type { Sql } from '../../db/client.ts';
import { operatorProgramsSql } from '../programs/program-owner.ts';
import type { Actor } from '../authz/actor.ts';
import { voucherFilter } from './voucher-access.ts';

export interface VoucherNotification {
  id: string;
  grantId: string;
  enterpriseId: string;
  kind: 'grant_expiry';
  thresholdDays: number;
  expiresAt: Date;
  createdAt: Date;
}

/**
 * An enterprise's voucher notifications (expiry warnings at 30/14/7/0 days), newest first, at
 * most `limit` (≤ 200).
 */
export async function listNotifications(options: {
  sql: Sql;
  /** `notification.list`: operator staff see the warnings of their programs' grants only. */
  actor: Actor;
  enterpriseId: string;
  limit: number;
}): Promise<VoucherNotification[]> {
  const scope = voucherFilter(options.actor, 'notification.list', options.enterpriseId);
  const limit = Math.max(1, Math.min(options.limit, 200));
  const rows = await options.sql.query<{
    id: string;
    grant_id: string;
    enterprise_id: string;
    threshold_days: number;
    expires_at: Date;
    created_at: Date;
  }>(
    `select id, grant_id, enterprise_id, threshold_days, expires_at, created_at
       from voucher_notifications n where enterprise_id = $1
        and ($3::uuid is null or exists (select 1 from voucher_grants g
              where g.id = n.grant_id and ${operatorProgramsSql('g.program_id', '$3')}))
      order by created_at desc, id desc limit $2`,
    [options.enterpriseId, limit, scope.operatorTenantId ?? null],
  );
  return rows.map((row) => ({
    id: row.id,
    grantId: row.grant_id,
    enterpriseId: row.enterprise_id,
    kind: 'grant_expiry',
    thresholdDays: row.threshold_days,
    expiresAt: row.expires_at,
    createdAt: row.created_at,
  }));
}
