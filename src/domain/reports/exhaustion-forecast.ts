import { assert } from '../shared/assert.ts';
import { addDays, daysBetween, LAST_CALENDAR_DATE, type CalendarDate } from '../shared/calendar.ts';

/**
 * When the budget runs out at the current pace. The pace is the least-squares slope of the
 * budget left at the end of each of the last `windowDays` days (today included): a straight
 * line fitted through the recent burn, so one large grant moves it less than a two-point
 * difference would. Computed in exact integer arithmetic (no floats near public money).
 */

/** Days the pace is fitted over unless the caller says otherwise. */
export const DEFAULT_FORECAST_WINDOW_DAYS = 30;

export type ExhaustionForecast =
  | {
      /** The budget shrinks: it is empty on `runsOutOn` at the fitted pace. */
      status: 'runs-out';
      runsOutOn: CalendarDate;
      /** Fen per day the budget shrinks by, rounded down. */
      paceFenPerDay: bigint;
      windowDays: number;
    }
  | {
      /** Nothing left already. */
      status: 'exhausted';
      runsOutOn: null;
      paceFenPerDay: bigint;
      windowDays: number;
    }
  | {
      /** The fitted line does not fall (no grants lately, or returns outweigh them). */
      status: 'not-burning';
      runsOutOn: null;
      paceFenPerDay: bigint;
      windowDays: number;
    };

/**
 * The forecast from the end-of-day figures `remainingFen` of consecutive days ending today
 * (oldest first). Of those, the last `windowDays` are fitted.
 *
 * @example
 * forecastExhaustion({ today: '2026-01-03', remainingFen: [300n, 200n, 100n] })
 * // { status: 'runs-out', runsOutOn: '2026-01-04', paceFenPerDay: 100n, windowDays: 3 }
 */
export function forecastExhaustion(options: {
  today: CalendarDate;
  remainingFen: readonly bigint[];
  windowDays?: number;
}): ExhaustionForecast {
  const window = options.windowDays ?? DEFAULT_FORECAST_WINDOW_DAYS;
  assert(Number.isInteger(window) && window >= 2, `forecastExhaustion: window ${window}`);
  const points = options.remainingFen.slice(-window);
  const windowDays = points.length;
  const today = points.at(-1);
  if (today === undefined)
    return { status: 'not-burning', runsOutOn: null, paceFenPerDay: 0n, windowDays };
  if (today <= 0n) return { status: 'exhausted', runsOutOn: null, paceFenPerDay: 0n, windowDays };
  // slope = (n Σxy − Σx Σy) / (n Σx² − (Σx)²), x = 0 … n−1; the denominator is positive for n ≥ 2.
  const n = BigInt(windowDays);
  let sumX = 0n;
  let sumY = 0n;
  let sumXY = 0n;
  let sumXX = 0n;
  points.forEach((y, index) => {
    const x = BigInt(index);
    sumX += x;
    sumY += y;
    sumXY += x * y;
    sumXX += x * x;
  });
  const numerator = n * sumXY - sumX * sumY;
  const denominator = n * sumXX - sumX * sumX;
  if (denominator === 0n || numerator >= 0n) {
    return { status: 'not-burning', runsOutOn: null, paceFenPerDay: 0n, windowDays };
  }
  const falling = -numerator;
  // Days until empty = today's figure / pace, rounded up: the last day with anything left is
  // still a day the budget serves, so it runs out on the day after.
  const daysLeft = (today * denominator + falling - 1n) / falling;
  assert(daysLeft >= 1n, 'forecastExhaustion: a positive budget lasts at least a day');
  // Past the last day the calendar has (9999-12-31): it does not run out in practice.
  if (daysLeft > BigInt(daysBetween(options.today, LAST_CALENDAR_DATE))) {
    return {
      status: 'not-burning',
      runsOutOn: null,
      paceFenPerDay: falling / denominator,
      windowDays,
    };
  }
  return {
    status: 'runs-out',
    runsOutOn: addDays(options.today, Number(daysLeft)),
    paceFenPerDay: falling / denominator,
    windowDays,
  };
}
