import { SHANGHAI_UTC_OFFSET_MS } from '@domain-shared/calendar.ts';

/**
 * Dates and times as the platform counts them: in Asia/Shanghai (a fixed UTC+8, no daylight
 * saving since 1991), whatever the reader's machine is set to. Calendar dates (`2026-03-31`)
 * are shown as they are, since they already are Shanghai days.
 */

function shanghaiParts(instant: Date): { date: string; time: string } {
  const shifted = new Date(instant.getTime() + SHANGHAI_UTC_OFFSET_MS).toISOString();
  return { date: shifted.slice(0, 10), time: shifted.slice(11, 16) };
}

/** `2026-03-31 14:05` in Shanghai time, from an ISO instant. */
export function formatShanghaiDateTime(iso: string): string {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return iso;
  const { date, time } = shanghaiParts(instant);
  return `${date} ${time}`;
}

/** The Shanghai day of an ISO instant, or a calendar date as it is. */
export function formatShanghaiDate(isoOrDate: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/u.test(isoOrDate)) return isoOrDate;
  const instant = new Date(isoOrDate);
  return Number.isNaN(instant.getTime()) ? isoOrDate : shanghaiParts(instant).date;
}

/** Whole days from today (Shanghai) to a calendar date; negative when it has passed. */
export function daysUntil(date: string, now: Date = new Date()): number {
  const today = shanghaiParts(now).date;
  return Math.round(
    (Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000,
  );
}
