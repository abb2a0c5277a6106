import { canonicalJson } from '../audit/chain.ts';
import { DomainError } from '../shared/errors.ts';
import {
  checkHourWindow,
  nextWholeHour,
  hoursOf,
  windowsOverlap,
  windowWithin,
  type HourWindow,
} from './hours.ts';

/**
 * A provider's usage report, as signed. The signature covers `canonicalUsageReport(report)`:
 *
 *   "suanli-usage-report-v1\n" + JSON of the report with
 *   - object keys sorted by UTF-16 code units at every level, no white space;
 *   - every integer (card-hours, meter readings) as a decimal string, instants as ISO 8601 UTC
 *     with milliseconds (`2026-03-01T00:00:00.000Z`);
 *   - `lines` sorted by acceleratorId.
 *
 * The prefix keeps a report signature from ever being valid for another kind of message.
 */
export interface UsageReport {
  /** UUID chosen by the provider: a report id is accepted once (replays are refused). */
  reportId: string;
  orderId: string;
  /** SHA-256 (hex) of the signing key's raw 32 bytes, as registered. */
  keyFingerprint: string;
  period: HourWindow;
  lines: readonly UsageLine[];
  /** Meter readings over the period: energy in Wh, e.g. `{ energyWh: 52800n }`. */
  meters: Readonly<Record<string, bigint>>;
}

export interface UsageLine {
  acceleratorId: string;
  cardHours: bigint;
}

export const USAGE_SIGNATURE_CONTEXT = 'suanli-usage-report-v1\n';
const METERS_MAX = 16;
const METER_NAME = /^[a-z][a-zA-Z0-9]{0,39}$/u;

/** The exact bytes a usage report's Ed25519 signature is over (see `UsageReport`). */
export function canonicalUsageReport(report: UsageReport): string {
  const lines = [...report.lines].sort((a, b) =>
    a.acceleratorId < b.acceleratorId ? -1 : a.acceleratorId > b.acceleratorId ? 1 : 0,
  );
  // canonicalJson sorts keys at every level and writes bigints as strings, instants as ISO.
  return (
    USAGE_SIGNATURE_CONTEXT +
    canonicalJson({
      reportId: report.reportId,
      orderId: report.orderId,
      keyFingerprint: report.keyFingerprint,
      period: { from: report.period.from, to: report.period.to },
      lines: lines.map((line) => ({
        acceleratorId: line.acceleratorId,
        cardHours: line.cardHours,
      })),
      meters: report.meters,
    })
  );
}

/** The order facts a report is checked against. */
export interface ReportableOrder {
  acceleratorId: string;
  cards: number;
  window: HourWindow;
  cardHours: bigint;
  state: 'active' | 'cancelled' | 'completed';
  /** Periods already reported and card-hours they settled. */
  reportedPeriods: readonly HourWindow[];
  settledCardHours: bigint;
  /** When the report arrived: no hour after the current one may be reported. */
  receivedAt: Date;
}

/**
 * Checks a (signature-verified) report against its order: the order still takes reports, one
 * line of the order's accelerator, the period inside the order's window and overlapping no
 * period reported before, no more card-hours than the order's cards over the period, and in
 * total no more than the order bought. USAGE_BEYOND_ORDER names what was exceeded.
 */
export function checkReportAgainstOrder(report: UsageReport, order: ReportableOrder): bigint {
  const beyond = (reason: string, message: string): never => {
    throw new DomainError('USAGE_BEYOND_ORDER', message, { reason });
  };
  if (order.state === 'completed') beyond('order-complete', 'the order is fully settled');
  if (order.state === 'cancelled') beyond('order-cancelled', 'the order was cancelled');
  checkHourWindow(report.period, 'period');
  const [line, ...others] = report.lines;
  if (line === undefined || others.length > 0 || line.acceleratorId !== order.acceleratorId) {
    beyond('accelerator', `one line, of the order's accelerator ${order.acceleratorId}`);
  }
  const cardHours = line?.cardHours ?? 0n;
  if (cardHours < 1n) {
    throw new DomainError('VALIDATION_FAILED', 'lines.0.cardHours: positive', {
      field: 'lines.0.cardHours',
    });
  }
  if (!windowWithin(report.period, order.window))
    beyond('window', 'the period is outside the order’s window');
  if (report.period.to.getTime() > nextWholeHour(order.receivedAt).getTime()) {
    beyond('future', 'the period ends after the current hour');
  }
  if (order.reportedPeriods.some((period) => windowsOverlap(period, report.period))) {
    beyond('overlap', 'the period overlaps a period reported before');
  }
  if (cardHours > BigInt(order.cards) * hoursOf(report.period)) {
    beyond('capacity', `more than ${order.cards} cards over the period`);
  }
  if (order.settledCardHours + cardHours > order.cardHours) {
    beyond('quantity', `more than the ${order.cardHours} card-hours ordered`);
  }
  checkMeters(report.meters);
  return cardHours;
}

function checkMeters(meters: Readonly<Record<string, bigint>>): void {
  const entries = Object.entries(meters);
  if (entries.length > METERS_MAX) {
    throw new DomainError('VALIDATION_FAILED', `meters: at most ${METERS_MAX}`, {
      field: 'meters',
    });
  }
  for (const [name, value] of entries) {
    if (!METER_NAME.test(name) || value < 0n) {
      throw new DomainError('VALIDATION_FAILED', `meters.${name}: a name and a reading ≥ 0`, {
        field: `meters.${name}`,
      });
    }
  }
}
