import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../../db/client.ts';
import type { UsageReport } from '../../domain/exchange/usage-report.ts';
import { DomainError, type ErrorCode } from '../../domain/shared/errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Actor } from '../authz/actor.ts';
import { authorize } from '../authz/authorize.ts';

/** The refusals of a usage report that leave a receipt (docs/exchange.md). */
const RECEIPTED: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'USAGE_SIGNATURE_INVALID',
  'SIGNING_KEY_REVOKED',
  'USAGE_REPORT_REPLAYED',
  'USAGE_BEYOND_ORDER',
]);

/**
 * After `submitUsageReport` refused a report (its transaction rolled back, no money moved):
 * keeps a receipt — report id, order, code, period, card-hours — and an audit event, so the
 * provider sees per order what it sent and why it was refused. Only for a refusal in
 * `RECEIPTED` of a report about an order of the provider that sent it: a report naming an
 * order that does not exist or is another provider's leaves nothing (the caller got 404).
 */
export async function recordUsageRefusal(options: {
  db: Database;
  actor: Actor;
  report: UsageReport;
  error: unknown;
  now: Date;
}): Promise<void> {
  const { actor, report, error, now } = options;
  if (!(error instanceof DomainError) || !RECEIPTED.has(error.code)) return;
  await options.db.transaction(async (tx) => {
    const [order] = await tx.query<{ provider_id: string }>(
      'select provider_id from exchange_orders where id = $1',
      [report.orderId],
    );
    if (order === undefined) return;
    try {
      authorize(actor, 'usageReport.submit', { tenantId: order.provider_id });
    } catch {
      return;
    }
    const cardHours = report.lines.reduce((sum, line) => sum + line.cardHours, 0n);
    const id = uuidv7();
    await tx.query(
      `insert into exchange_usage_refusals
         (id, report_id, order_id, provider_id, code, period_from, period_to, card_hours, received_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        id,
        report.reportId,
        report.orderId,
        order.provider_id,
        error.code,
        report.period.from,
        report.period.to,
        cardHours,
        now,
      ],
    );
    await recordAudit({
      sql: tx,
      actor,
      action: 'usageReport.refuse',
      entity: { type: 'usageReport', id: report.reportId, tenantId: order.provider_id },
      after: { orderId: report.orderId, code: error.code, period: report.period, cardHours },
      requestId: actor.requestId,
      now,
    });
  });
}
