import { assert } from './assert.ts';
import { DomainError } from './errors.ts';

/**
 * The one calendar of Suanli: ISO calendar dates (`YYYY-MM-DD`, proleptic Gregorian, years
 * 0001–9999) and the days of Asia/Shanghai. Policies, grants, contracts and 公示 periods are
 * written in Chinese calendar days, so every "which day is it" and "when does that day start or
 * end" is answered here and nowhere else.
 *
 * Asia/Shanghai is UTC+8 with no daylight saving since 1991; the platform's dates are all later,
 * so a fixed offset is exact (and needs no time-zone database, which a browser bundle or a
 * minimal container may lack). Pure: no clock, the instant is always passed in.
 */

/** A calendar date written `YYYY-MM-DD`, checked with {@link isCalendarDate}. */
export type CalendarDate = string;

export const SHANGHAI_UTC_OFFSET_MS = 8 * 3_600_000;
export const DAY_MS = 86_400_000;
export const FIRST_CALENDAR_DATE: CalendarDate = '0001-01-01';
export const LAST_CALENDAR_DATE: CalendarDate = '9999-12-31';

const CALENDAR_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

interface DateParts {
  year: number;
  month: number;
  day: number;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in `month` (1–12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function partsOf(text: string): DateParts | null {
  // The length test first: a megabyte of digits must not reach the regular expression.
  if (text.length !== 10) return null;
  const match = CALENDAR_DATE_PATTERN.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1) return null;
  return day <= daysInMonth(year, month) ? { year, month, day } : null;
}

function mustParse(date: CalendarDate): DateParts {
  const parts = partsOf(date);
  assert(parts, `calendar: '${date.slice(0, 40)}' is not a calendar date YYYY-MM-DD`);
  return parts;
}

function format({ year, month, day }: DateParts): CalendarDate {
  assert(year >= 1 && year <= 9999, `calendar: year ${year} is outside 0001–9999`);
  const pad = (value: number, width: number) => String(value).padStart(width, '0');
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/**
 * True when `value` is a date that exists, written `YYYY-MM-DD` with a year 0001–9999: no
 * 2026-02-31, no 2027-02-29, no month 13, no year 0000, no time or zone appended.
 *
 * @example
 * isCalendarDate('2028-02-29') // true
 * isCalendarDate('2027-02-29') // false
 */
export function isCalendarDate(value: unknown): boolean {
  return typeof value === 'string' && partsOf(value) !== null;
}

/**
 * `value` as a calendar date, or VALIDATION_FAILED naming `field` (for the services, which are
 * called from the CLI and the demo as well as over HTTP).
 *
 * @example
 * parseCalendarDate('2026-02-31', 'contractSignedOn') // throws VALIDATION_FAILED, field contractSignedOn
 */
export function parseCalendarDate(value: unknown, field: string): CalendarDate {
  if (typeof value === 'string' && isCalendarDate(value)) return value;
  throw new DomainError(
    'VALIDATION_FAILED',
    `${field}: not a calendar date YYYY-MM-DD that exists (years 0001–9999)`,
    { field },
  );
}

// Days since 1970-01-01 of a proleptic Gregorian date, and back (H. Hinnant's algorithms, on
// 400-year eras so that every step is an exact integer operation).

function epochDayOf({ year, month, day }: DateParts): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function partsOfEpochDay(epochDay: number): DateParts {
  const z = epochDay + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/**
 * The calendar day in Asia/Shanghai at `instant`.
 *
 * @example
 * shanghaiDayOf(new Date('2025-12-31T16:00:00Z')) // '2026-01-01'
 */
export function shanghaiDayOf(instant: Date): CalendarDate {
  const ms = instant.getTime();
  assert(Number.isFinite(ms), 'shanghaiDayOf: an invalid Date');
  return format(partsOfEpochDay(Math.floor((ms + SHANGHAI_UTC_OFFSET_MS) / DAY_MS)));
}

/**
 * The instant `date` begins in Asia/Shanghai (midnight, 16:00 UTC the day before).
 *
 * @example
 * startOfShanghaiDay('2026-01-01').toISOString() // '2025-12-31T16:00:00.000Z'
 */
export function startOfShanghaiDay(date: CalendarDate): Date {
  return new Date(epochDayOf(mustParse(date)) * DAY_MS - SHANGHAI_UTC_OFFSET_MS);
}

/**
 * The last millisecond of `date` in Asia/Shanghai: something "expiring on" a day lasts all of it.
 *
 * @example
 * endOfShanghaiDay('2025-12-31').toISOString() // '2025-12-31T15:59:59.999Z'
 */
export function endOfShanghaiDay(date: CalendarDate): Date {
  return new Date(startOfShanghaiDay(date).getTime() + DAY_MS - 1);
}

/**
 * `date` moved by `days` (negative: back).
 *
 * @example
 * addDays('2028-02-28', 1) // '2028-02-29'
 */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  assert(Number.isInteger(days), `addDays: ${days} is not a whole number of days`);
  return format(partsOfEpochDay(epochDayOf(mustParse(date)) + days));
}

/**
 * `date` moved by `months`; a day the target month lacks becomes its last day (31 January + 1
 * month = 28 or 29 February), as contract terms count months.
 *
 * @example
 * addMonths('2025-01-31', 1) // '2025-02-28'
 */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  assert(Number.isInteger(months), `addMonths: ${months} is not a whole number of months`);
  const { year, month, day } = mustParse(date);
  const monthIndex = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = monthIndex - targetYear * 12 + 1;
  return format({
    year: targetYear,
    month: targetMonth,
    day: Math.min(day, daysInMonth(targetYear, targetMonth)),
  });
}

/**
 * `date` moved by `years`; 29 February of a year that has none becomes 28 February.
 *
 * @example
 * addYears('2028-02-29', 1) // '2029-02-28'
 */
export function addYears(date: CalendarDate, years: number): CalendarDate {
  return addMonths(date, years * 12);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return epochDayOf(mustParse(to)) - epochDayOf(mustParse(from));
}

/**
 * Negative, zero or positive as `a` is before, on or after `b` (for `Array.sort`). Calendar
 * dates also compare correctly as strings; this says so in the name.
 */
export function compareCalendarDates(a: CalendarDate, b: CalendarDate): number {
  return daysBetween(b, a);
}

/** The year of a calendar date. */
export function yearOf(date: CalendarDate): number {
  return mustParse(date).year;
}

/** 31 December of `year`. */
export function lastDayOfYear(year: number): CalendarDate {
  return format({ year, month: 12, day: 31 });
}

/** The first day of `month` (1–12) of `year`. */
export function firstDayOfMonth(year: number, month: number): CalendarDate {
  assert(Number.isInteger(month) && month >= 1 && month <= 12, `firstDayOfMonth: month ${month}`);
  return format({ year, month, day: 1 });
}
