import { addMonths, firstDayOfMonth, startOfShanghaiDay } from '../shared/calendar.ts';
import { DomainError } from '../shared/errors.ts';

/**
 * A publication period: a fiscal year (`2025`), a quarter (`2025-Q3`) or a month (`2025-07`),
 * in Asia/Shanghai time (UTC+8, no daylight saving), as half-open instants [startsAt, endsAt).
 */
export interface Period {
  text: string;
  startsAt: Date;
  endsAt: Date;
}

const PERIOD_PATTERN = /^(\d{4})(?:-(Q[1-4]|0[1-9]|1[0-2]))?$/;

/**
 * Parses a period; bad text is a VALIDATION_FAILED naming `period`.
 *
 * @example
 * parsePeriod('2025-Q3').startsAt.toISOString() // '2025-06-30T16:00:00.000Z' (1 July, Shanghai)
 */
export function parsePeriod(text: string): Period {
  const match = PERIOD_PATTERN.exec(text);
  const year = match?.[1];
  if (!match || year === undefined || Number(year) < 2000 || Number(year) > 2100) {
    throw new DomainError(
      'VALIDATION_FAILED',
      'period: expected a year (2025), a quarter (2025-Q3) or a month (2025-07)',
      { field: 'period' },
    );
  }
  const part = match[2];
  let firstMonth = 1;
  let months = 12;
  if (part?.startsWith('Q')) {
    firstMonth = (Number(part.slice(1)) - 1) * 3 + 1;
    months = 3;
  } else if (part !== undefined) {
    firstMonth = Number(part);
    months = 1;
  }
  const firstDay = firstDayOfMonth(Number(year), firstMonth);
  return {
    text,
    startsAt: startOfShanghaiDay(firstDay),
    endsAt: startOfShanghaiDay(addMonths(firstDay, months)),
  };
}
