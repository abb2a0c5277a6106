import { createPublicKey, verify } from 'node:crypto';
import type { Database, Sql } from '../../db/client.ts';
import {
  canonicalUsageReport,
  checkReportAgainstOrder,
  type UsageReport,
} from '../../domain/exchange/usage-report.ts';
import { settleUsage, type UsageSettlement } from '../../domain/exchange/settlement.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Actor } from '../authz/actor.ts';
import { authorize } from '../authz/authorize.ts';
import { bookUsage } from './exchange-ledger.ts';
import { loadOrder, type Order } from './rows.ts';

/** What accepting a report did: the settled split and the invoice recorded for it. */
export interface AcceptedUsage {
  reportId: string;
  invoiceId: string;
  order: Order;
  settlement: UsageSettlement;
}

/**
 * Accepts a provider's signed usage report and settles it. In order, each refusal moving no
 * money and writing nothing (the API route keeps a receipt after the rollback,
 * `recordUsageRefusal`):
 *
 * 1. the order is the caller's provider's (404 otherwise);
 * 2. the key it names is one of that provider's, and the Ed25519 signature verifies over
 *    `canonicalUsageReport` — else USAGE_SIGNATURE_INVALID (forged, or altered after signing);
 * 3. the key was not revoked when the report arrived — else SIGNING_KEY_REVOKED;
 * 4. the report id was never accepted — else USAGE_REPORT_REPLAYED;
 * 5. the report fits the order (`checkReportAgainstOrder`) — else USAGE_BEYOND_ORDER.
 *
 * Then, in the same transaction under the order's row lock: the split (`settleUsage`: the
 * subsidy's share rounded down on the running total, the enterprise's share), the enterprise's
 * share booked receivable → the provider's payable (5601), the report and its invoice record
 * written, the order's settled totals moved (completed when all its card-hours are settled), and
 * the audit event.
 *
 * @example
 * await submitUsageReport({ db, actor, report, signatureBase64, now });
 */
export async function submitUsageReport(options: {
  db: Database;
  actor: Actor;
  report: UsageReport;
  signatureBase64: string;
  now: Date;
}): Promise<AcceptedUsage> {
  const { actor, report, now } = options;
  authorize(actor, 'usageReport.submit');
  return options.db.transaction(async (tx) => {
    const order = await loadOrder(tx, report.orderId, true);
    authorize(actor, 'usageReport.submit', { tenantId: order.providerId });
    const keyId = await verifiedKey(tx, order.providerId, report, options.signatureBase64, now);
    const [seen] = await tx.query('select 1 from exchange_usage_reports where id = $1', [
      report.reportId,
    ]);
    if (seen !== undefined) {
      throw new DomainError('USAGE_REPORT_REPLAYED', undefined, { reportId: report.reportId });
    }
    const periods = await tx.query<{ period_from: Date; period_to: Date }>(
      'select period_from, period_to from exchange_usage_reports where order_id = $1 limit 10000',
      [order.id],
    );
    const cardHours = checkReportAgainstOrder(report, {
      acceleratorId: order.acceleratorId,
      cards: order.cards,
      window: { from: order.startsAt, to: order.endsAt },
      cardHours: order.cardHours,
      state: order.state,
      reportedPeriods: periods.map((row) => ({ from: row.period_from, to: row.period_to })),
      settledCardHours: order.settledCardHours,
      receivedAt: now,
    });
    const settlement = settleUsage(order, cardHours);
    const booked = await bookUsage({
      tx,
      order,
      report,
      keyId,
      cardHours,
      canonical: canonicalUsageReport(report),
      signatureBase64: options.signatureBase64,
      settlement,
      now,
    });
    await recordAudit({
      sql: tx,
      actor,
      action: 'usageReport.accept',
      entity: { type: 'usageReport', id: report.reportId, tenantId: order.providerId },
      after: {
        orderId: order.id,
        keyId,
        period: report.period,
        cardHours,
        meters: report.meters,
        invoiceId: booked.invoiceId,
        ...settlement,
      },
      requestId: actor.requestId,
      now,
    });
    return {
      reportId: report.reportId,
      invoiceId: booked.invoiceId,
      order: booked.order,
      settlement,
    };
  });
}

/** The id of the provider's key that signed the report (see steps 2 and 3 above). */
async function verifiedKey(
  tx: Sql,
  providerId: string,
  report: UsageReport,
  signatureBase64: string,
  now: Date,
): Promise<string> {
  const invalid = (reason: string): DomainError =>
    new DomainError('USAGE_SIGNATURE_INVALID', undefined, { reason });
  const [key] = await tx.query<{ id: string; public_key_pem: string; revoked_at: Date | null }>(
    `select id, public_key_pem, revoked_at from provider_signing_keys
      where provider_id = $1 and fingerprint = $2 order by id desc limit 1`,
    [providerId, report.keyFingerprint],
  );
  if (key === undefined) throw invalid('unknown-key');
  const signature = Buffer.from(signatureBase64, 'base64');
  if (signature.length !== 64 || signature.toString('base64') !== signatureBase64) {
    throw invalid('malformed-signature');
  }
  const data = Buffer.from(canonicalUsageReport(report), 'utf8');
  if (!verify(null, data, createPublicKey(key.public_key_pem), signature)) {
    throw invalid('signature-mismatch');
  }
  if (key.revoked_at !== null && key.revoked_at.getTime() <= now.getTime()) {
    throw new DomainError('SIGNING_KEY_REVOKED', undefined, { keyId: key.id });
  }
  return key.id;
}
