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
const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

/** Midnight in Shanghai at the start of `month` (0-based, may be 12 = next year's January). */
function shanghaiMonthStart(year: number, month: number): Date {
  return new Date(Date.UTC(year, month, 1) - SHANGHAI_OFFSET_MS);
}

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
  const yearNumber = Number(year);
  let firstMonth = 0;
  let months = 12;
  if (part?.startsWith('Q')) {
    firstMonth = (Number(part.slice(1)) - 1) * 3;
    months = 3;
  } else if (part !== undefined) {
    firstMonth = Number(part) - 1;
    months = 1;
  }
  return {
    text,
    startsAt: shanghaiMonthStart(yearNumber, firstMonth),
    endsAt: shanghaiMonthStart(yearNumber, firstMonth + months),
  };
}
