import { describe, expect, it } from 'vitest';
import {
  canonicalUsageReport,
  checkReportAgainstOrder,
  type ReportableOrder,
  type UsageReport,
} from './usage-report.ts';

const hour = (at: string): Date => new Date(`2026-03-03T${at}:00:00.000Z`);
const report: UsageReport = {
  reportId: '0190f5e2-7c1a-7000-8000-000000000001',
  orderId: '0190f5e2-7c1a-7000-8000-000000000002',
  keyFingerprint: 'ab'.repeat(32),
  period: { from: hour('00'), to: hour('12') },
  lines: [{ acceleratorId: 'ascend-910b', cardHours: 96n }],
  meters: { energyWh: 52_800n },
};
const order: ReportableOrder = {
  acceleratorId: 'ascend-910b',
  cards: 8,
  window: { from: hour('00'), to: new Date('2026-03-04T00:00:00.000Z') },
  cardHours: 192n,
  state: 'active',
  reportedPeriods: [],
  settledCardHours: 0n,
  receivedAt: new Date('2026-03-04T00:30:00.000Z'),
};

describe('usage reports', () => {
  it('encodes a report canonically: context line, sorted keys, integers as strings, ISO instants', () => {
    expect(canonicalUsageReport(report)).toBe(
      'suanli-usage-report-v1\n' +
        `{"keyFingerprint":"${'ab'.repeat(32)}","lines":[{"acceleratorId":"ascend-910b","cardHours":"96"}],` +
        '"meters":{"energyWh":"52800"},"orderId":"0190f5e2-7c1a-7000-8000-000000000002",' +
        '"period":{"from":"2026-03-03T00:00:00.000Z","to":"2026-03-03T12:00:00.000Z"},' +
        '"reportId":"0190f5e2-7c1a-7000-8000-000000000001"}',
    );
    const reordered = { ...report, meters: { energyWh: 52_800n } };
    expect(canonicalUsageReport(reordered)).toBe(canonicalUsageReport(report));
  });

  it('accepts a report inside its order and names what a bad one exceeds', () => {
    expect(checkReportAgainstOrder(report, order)).toBe(96n);
    const reasonOf = (
      changed: Partial<UsageReport>,
      orderChange: Partial<ReportableOrder> = {},
    ) => {
      try {
        checkReportAgainstOrder({ ...report, ...changed }, { ...order, ...orderChange });
        return 'accepted';
      } catch (error) {
        return (error as { details: { reason?: string } }).details.reason;
      }
    };
    expect(reasonOf({ lines: [{ acceleratorId: 'ascend-910b', cardHours: 97n }] })).toBe(
      'capacity',
    );
    expect(reasonOf({ period: { from: hour('23'), to: new Date('2026-03-04T01:00:00Z') } })).toBe(
      'window',
    );
    expect(reasonOf({}, { reportedPeriods: [{ from: hour('11'), to: hour('13') }] })).toBe(
      'overlap',
    );
    expect(reasonOf({}, { settledCardHours: 100n })).toBe('quantity');
    expect(reasonOf({}, { receivedAt: hour('11') })).toBe('future');
    expect(reasonOf({ lines: [{ acceleratorId: 'nvidia-h100-sxm', cardHours: 1n }] })).toBe(
      'accelerator',
    );
    expect(reasonOf({}, { state: 'cancelled' })).toBe('order-cancelled');
    expect(reasonOf({}, { state: 'completed' })).toBe('order-complete');
  });
});
