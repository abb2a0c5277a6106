import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DAY_MS,
  addDays,
  addMonths,
  addYears,
  compareCalendarDates,
  daysBetween,
  daysInMonth,
  endOfShanghaiDay,
  firstDayOfMonth,
  isCalendarDate,
  lastDayOfYear,
  parseCalendarDate,
  shanghaiDayOf,
  startOfShanghaiDay,
  yearOf,
} from './calendar.ts';
import { DomainError } from './errors.ts';

const pad = (value: number, width: number): string => String(value).padStart(width, '0');

/** Every date that exists, years 0001–9999. */
const realDate = fc
  .record({
    year: fc.integer({ min: 1, max: 9999 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 31 }),
  })
  .map(({ year, month, day }) => ({ year, month, day: Math.min(day, daysInMonth(year, month)) }));
const realDateText = realDate.map(
  ({ year, month, day }) => `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`,
);

/** An instant whose Shanghai day lies in years 0001–9999. */
const instant = fc
  .integer({
    min: Date.parse('0001-01-01T00:00:00+08:00'),
    max: Date.parse('9999-12-31T23:59:59.999+08:00'),
  })
  .map((ms) => new Date(ms));

/** The reference: JavaScript's own UTC calendar, read at UTC+8. */
function referenceShanghaiDay(at: Date): string {
  const shifted = new Date(at.getTime() + 8 * 3_600_000);
  return `${pad(shifted.getUTCFullYear(), 4)}-${pad(shifted.getUTCMonth() + 1, 2)}-${pad(shifted.getUTCDate(), 2)}`;
}

describe('calendar dates', () => {
  it('accepts real dates, leap days of leap years included', () => {
    for (const date of ['2026-02-28', '2028-02-29', '2000-02-29', '0001-01-01', '9999-12-31']) {
      expect(isCalendarDate(date), date).toBe(true);
    }
  });

  it('refuses impossible, out-of-range and decorated dates', () => {
    for (const text of [
      '2026-02-31',
      '2027-02-30',
      '2027-02-29',
      '1900-02-29',
      '2026-04-31',
      '2026-13-01',
      '2026-00-10',
      '2026-01-00',
      '2026-01-32',
      '0000-01-01',
      '10000-01-01',
      '+002026-01-01',
      '-0001-01-01',
      '2026-1-01',
      '2026-01-01T00:00:00Z',
      '2026-01-01+08:00',
      '2026-01-01 ',
      ' 2026-01-01',
      '2026-01-01\n',
      '２０２６-01-01',
      '2026/01/01',
      '20260101',
      '',
      '9'.repeat(100_000),
    ]) {
      expect(isCalendarDate(text), text.slice(0, 40)).toBe(false);
    }
    expect(isCalendarDate(20260101)).toBe(false);
    expect(isCalendarDate(null)).toBe(false);
  });

  it('accepts every real date and round-trips it through its first instant in Shanghai', () => {
    fc.assert(
      fc.property(realDateText, (date) => {
        expect(isCalendarDate(date)).toBe(true);
        expect(shanghaiDayOf(startOfShanghaiDay(date))).toBe(date);
        expect(shanghaiDayOf(endOfShanghaiDay(date))).toBe(date);
        const instantBefore = new Date(startOfShanghaiDay(date).getTime() - 1);
        // The day before 0001-01-01 is outside the calendar: refused, never a wrong date.
        if (date === '0001-01-01') expect(() => shanghaiDayOf(instantBefore)).toThrow(/year 0/);
        else expect(shanghaiDayOf(instantBefore)).not.toBe(date);
      }),
    );
  });

  it('refuses every day past the end of its month, and every month past 12', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9999 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 69 }),
        (year, month, extra) => {
          const day = Math.min(daysInMonth(year, month) + extra, 99);
          expect(isCalendarDate(`${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`)).toBe(false);
          expect(isCalendarDate(`${pad(year, 4)}-${pad(12 + extra, 2)}-01`)).toBe(false);
        },
      ),
    );
  });

  it('refuses 29 February of every year that is not a leap year', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9999 }), (year) => {
        const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
        expect(isCalendarDate(`${pad(year, 4)}-02-29`)).toBe(leap);
      }),
    );
  });

  it('parseCalendarDate names the field of a bad date', () => {
    expect(parseCalendarDate('2026-03-01', 'contractSignedOn')).toBe('2026-03-01');
    try {
      parseCalendarDate('2026-02-31', 'contractSignedOn');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('VALIDATION_FAILED');
      expect((error as DomainError).details.field).toBe('contractSignedOn');
    }
  });
});

describe('days in Asia/Shanghai', () => {
  it('starts and ends a Shanghai day at 16:00 UTC', () => {
    expect(startOfShanghaiDay('2026-01-01').toISOString()).toBe('2025-12-31T16:00:00.000Z');
    expect(endOfShanghaiDay('2025-12-31').toISOString()).toBe('2025-12-31T15:59:59.999Z');
    expect(shanghaiDayOf(new Date('2025-12-31T15:59:59.999Z'))).toBe('2025-12-31');
    expect(shanghaiDayOf(new Date('2025-12-31T16:00:00.000Z'))).toBe('2026-01-01');
  });

  it('agrees with JavaScript’s own calendar at UTC+8 for every instant', () => {
    fc.assert(
      fc.property(instant, (at) => {
        const day = shanghaiDayOf(at);
        expect(day).toBe(referenceShanghaiDay(at));
        expect(startOfShanghaiDay(day).getTime()).toBeLessThanOrEqual(at.getTime());
        expect(endOfShanghaiDay(day).getTime()).toBeGreaterThanOrEqual(at.getTime());
        expect(endOfShanghaiDay(day).getTime() - startOfShanghaiDay(day).getTime()).toBe(
          DAY_MS - 1,
        );
      }),
    );
  });
});

describe('calendar arithmetic', () => {
  it('adds days across months, years and leap days', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(daysBetween('2026-01-01', '2027-01-01')).toBe(365);
    expect(daysBetween('2028-01-01', '2029-01-01')).toBe(366);
  });

  it('adds months and years, keeping to the last day of a shorter month', () => {
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2025-11-15', 2)).toBe('2026-01-15');
    expect(addMonths('2025-03-31', -1)).toBe('2025-02-28');
    expect(addYears('2028-02-29', 1)).toBe('2029-02-28');
    expect(addYears('2028-02-29', 4)).toBe('2032-02-29');
  });

  it('addDays and daysBetween are inverse, and order agrees with string order', () => {
    fc.assert(
      fc.property(realDateText, fc.integer({ min: -3000, max: 3000 }), (date, days) => {
        fc.pre(yearOf(date) > 10 && yearOf(date) < 9990);
        const moved = addDays(date, days);
        expect(isCalendarDate(moved)).toBe(true);
        expect(daysBetween(date, moved)).toBe(days);
        expect(addDays(moved, -days)).toBe(date);
        expect(Math.sign(compareCalendarDates(moved, date))).toBe(Math.sign(days));
        expect(Math.sign(moved.localeCompare(date))).toBe(Math.sign(days));
      }),
    );
  });

  it('addMonths lands in the right month on a real date', () => {
    fc.assert(
      fc.property(realDateText, fc.integer({ min: -120, max: 120 }), (date, months) => {
        fc.pre(yearOf(date) > 10 && yearOf(date) < 9990);
        const moved = addMonths(date, months);
        expect(isCalendarDate(moved)).toBe(true);
        const monthIndex = (text: string) =>
          Number(text.slice(0, 4)) * 12 + Number(text.slice(5, 7));
        expect(monthIndex(moved) - monthIndex(date)).toBe(months);
        expect(Number(moved.slice(8, 10))).toBeLessThanOrEqual(Number(date.slice(8, 10)));
      }),
    );
  });

  it('names the first and last days of years and months', () => {
    expect(lastDayOfYear(2027)).toBe('2027-12-31');
    expect(firstDayOfMonth(2025, 7)).toBe('2025-07-01');
    expect(() => lastDayOfYear(10_000)).toThrow();
    expect(() => addDays('9999-12-31', 1)).toThrow();
  });
});
