import type { Sql } from '../../db/client.ts';
import type { Actor } from '../authz/actor.ts';
import { authorize } from '../authz/authorize.ts';
import type { ProviderPayout } from './pay-providers.ts';
import { getOrder } from './orders.ts';

/**
 * What an order's provider and enterprise look back on: the usage reports received for the order
 * (accepted, with the invoice each settled into, or refused, with the code) and a provider's
 * payouts. Read-only.
 */

/**
 * A usage report received for an order: accepted (with the split of its invoice record) or
 * refused (with the error code; the amounts are null, nothing was invoiced).
 */
export interface ReceivedUsageReport {
  reportId: string;
  orderId: string;
  outcome: 'accepted' | 'refused';
  refusalCode: string | null;
  period: { from: Date; to: Date };
  cardHours: bigint;
  receivedAt: Date;
  amountFen: bigint | null;
  subsidyFen: bigint | null;
  enterpriseFen: bigint | null;
}

/** Reports kept per order at the most: an order's hours bound them (one report per hour or more). */
export const ORDER_REPORTS_MAX = 10_000;

/**
 * The usage reports received for one order, accepted and refused, in the order they arrived
 * (`order.read`: the order's enterprise and provider, operator staff; NOT_FOUND for anyone
 * else).
 *
 * @example
 * const reports = await listOrderUsageReports({ sql: db, actor, orderId });
 */
export async function listOrderUsageReports(options: {
  sql: Sql;
  actor: Actor;
  orderId: string;
}): Promise<ReceivedUsageReport[]> {
  const order = await getOrder(options);
  const rows = await options.sql.query<{
    id: string;
    refusal_code: string | null;
    period_from: Date;
    period_to: Date;
    card_hours: bigint;
    received_at: Date;
    amount_fen: bigint | null;
    subsidy_fen: bigint | null;
    enterprise_fen: bigint | null;
  }>(
    `select * from (
       select r.id, null::text as refusal_code, r.period_from, r.period_to, r.card_hours,
              r.received_at, i.amount_fen, i.subsidy_fen, i.enterprise_fen
         from exchange_usage_reports r join exchange_invoices i on i.usage_report_id = r.id
        where r.order_id = $1
       union all
       select f.report_id, f.code, f.period_from, f.period_to, f.card_hours, f.received_at,
              null, null, null
         from exchange_usage_refusals f where f.order_id = $1
     ) received order by received_at, id limit $2`,
    [order.id, ORDER_REPORTS_MAX],
  );
  return rows.map((row) => ({
    reportId: row.id,
    orderId: order.id,
    outcome: row.refusal_code === null ? 'accepted' : 'refused',
    refusalCode: row.refusal_code,
    period: { from: row.period_from, to: row.period_to },
    cardHours: row.card_hours,
    receivedAt: row.received_at,
    amountFen: row.amount_fen,
    subsidyFen: row.subsidy_fen,
    enterpriseFen: row.enterprise_fen,
  }));
}

/**
 * A provider's exchange payouts, newest first (`providerStatement.read`: its admins, operator
 * staff).
 *
 * @example
 * const payouts = await listProviderPayouts({ sql: db, actor, providerId, limit: 100 });
 */
export async function listProviderPayouts(options: {
  sql: Sql;
  actor: Actor;
  providerId: string;
  limit: number;
}): Promise<(ProviderPayout & { paidAt: Date })[]> {
  authorize(options.actor, 'providerStatement.read', { tenantId: options.providerId });
  const rows = await options.sql.query<{
    id: string;
    provider_id: string;
    payout_day: string;
    amount_fen: bigint;
    transfer_id: string;
    paid_at: Date;
  }>(
    `select id, provider_id, to_char(payout_day, 'YYYY-MM-DD') as payout_day, amount_fen,
            transfer_id, paid_at
       from exchange_payouts where provider_id = $1
      order by payout_day desc, id desc limit $2`,
    [options.providerId, options.limit],
  );
  return rows.map((row) => ({
    id: row.id,
    providerId: row.provider_id,
    payoutDay: row.payout_day,
    amountFen: row.amount_fen,
    transferId: row.transfer_id,
    paidAt: row.paid_at,
  }));
}
