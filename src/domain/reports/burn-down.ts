import { assert } from '../shared/assert.ts';
import { addDays, daysBetween, type CalendarDate } from '../shared/calendar.ts';

/**
 * A program budget's burn-down: the budget left free for new grants at the end of each day, and
 * what was paid out by then, from the ledger's movements on the program's budget and paid-out
 * accounts summed per Asia/Shanghai day. Pure: the service reads the movements.
 */

/** What one day's transfers did to the two figures (either may be negative). */
export interface DayMovement {
  remainingDeltaFen: bigint;
  paidOutDeltaFen: bigint;
}

/** The figures at the end of one day. */
export interface BurnDownDay {
  date: CalendarDate;
  remainingFen: bigint;
  paidOutFen: bigint;
  /**
   * What an even burn over the fiscal year leaves at the end of this day: the funded amount
   * times the days still to come over the days of the year, rounded down to the fen.
   */
  idealRemainingFen: bigint;
}

/** Longest series drawn: a fiscal year has at most 366 days. */
export const MAX_SERIES_DAYS = 366;

/**
 * The day-by-day series from `from` to `to` (both included, at most MAX_SERIES_DAYS days).
 * Movements before `from` are folded into its opening figures; movements after `to` are left
 * out. The ideal line runs from `fundedFen` at the start of `fiscalYear.from` to zero at the end
 * of `fiscalYear.to`.
 *
 * @example
 * burnDownSeries({ from: '2026-01-01', to: '2026-01-02', fundedFen: 100n,
 *   fiscalYear: { from: '2026-01-01', to: '2026-12-31' },
 *   movements: new Map([['2026-01-01', { remainingDeltaFen: 100n, paidOutDeltaFen: 0n }]]) });
 */
export function burnDownSeries(options: {
  from: CalendarDate;
  to: CalendarDate;
  fundedFen: bigint;
  fiscalYear: { from: CalendarDate; to: CalendarDate };
  movements: ReadonlyMap<CalendarDate, DayMovement>;
}): BurnDownDay[] {
  const { from, to, fundedFen, fiscalYear, movements } = options;
  const days = daysBetween(from, to) + 1;
  assert(days >= 1 && days <= MAX_SERIES_DAYS, `burnDownSeries: ${days} days`);
  const yearDays = BigInt(daysBetween(fiscalYear.from, fiscalYear.to) + 1);
  assert(yearDays >= 1n, 'burnDownSeries: an empty fiscal year');
  let remainingFen = 0n;
  let paidOutFen = 0n;
  for (const [date, movement] of movements) {
    if (date >= from) continue;
    remainingFen += movement.remainingDeltaFen;
    paidOutFen += movement.paidOutDeltaFen;
  }
  const series: BurnDownDay[] = [];
  for (let index = 0; index < days; index += 1) {
    const date = addDays(from, index);
    const movement = movements.get(date);
    remainingFen += movement?.remainingDeltaFen ?? 0n;
    paidOutFen += movement?.paidOutDeltaFen ?? 0n;
    series.push({ date, remainingFen, paidOutFen, idealRemainingFen: ideal(date) });
  }
  return series;

  function ideal(date: CalendarDate): bigint {
    const daysLeft = BigInt(daysBetween(date, fiscalYear.to));
    if (daysLeft <= 0n) return 0n;
    if (daysLeft >= yearDays) return fundedFen;
    // Rounded down (bigint division truncates, and both factors are non-negative).
    return (fundedFen * daysLeft) / yearDays;
  }
}
