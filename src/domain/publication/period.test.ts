import { describe, expect, it } from 'vitest';
import { parsePeriod } from './period.ts';

describe('publication periods (Asia/Shanghai)', () => {
  it('a year runs from 1 January to 1 January, Shanghai midnight', () => {
    const period = parsePeriod('2025');
    expect(period.startsAt.toISOString()).toBe('2024-12-31T16:00:00.000Z');
    expect(period.endsAt.toISOString()).toBe('2025-12-31T16:00:00.000Z');
  });

  it('a quarter and a month, including the year boundary', () => {
    expect(parsePeriod('2025-Q3').startsAt.toISOString()).toBe('2025-06-30T16:00:00.000Z');
    expect(parsePeriod('2025-Q4').endsAt.toISOString()).toBe('2025-12-31T16:00:00.000Z');
    expect(parsePeriod('2025-12').endsAt.toISOString()).toBe('2025-12-31T16:00:00.000Z');
    expect(parsePeriod('2025-02').endsAt.toISOString()).toBe('2025-02-28T16:00:00.000Z');
  });

  it('refuses anything else with VALIDATION_FAILED naming period', () => {
    for (const text of [
      '25',
      '2025-Q5',
      '2025-13',
      '2025-00',
      '2025-7',
      '1999',
      ' 2025',
      '2025Q1',
    ]) {
      expect(() => parsePeriod(text)).toThrow(
        expect.objectContaining({ code: 'VALIDATION_FAILED', details: { field: 'period' } }),
      );
    }
  });
});
