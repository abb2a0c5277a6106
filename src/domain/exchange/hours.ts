import { DomainError } from '../shared/errors.ts';

/**
 * Capacity is sold in whole hourly slots: every window of the exchange starts and ends on a
 * whole hour (UTC, which is also a whole hour in Asia/Shanghai at UTC+8).
 */
export const HOUR_MS = 3_600_000;

/** Longest window an offer, a request or an order may span: 92 days of hourly slots. */
export const WINDOW_HOURS_MAX = 92 * 24;

/** A half-open window [from, to) of whole hours. */
export interface HourWindow {
  from: Date;
  to: Date;
}

/** Checks a window: whole hours, from < to, at most WINDOW_HOURS_MAX; its length in hours. */
export function checkHourWindow(window: HourWindow, field: string): number {
  const fail = (rule: string): never => {
    throw new DomainError('VALIDATION_FAILED', `${field}: ${rule}`, { field });
  };
  const from = window.from.getTime();
  const to = window.to.getTime();
  if (!Number.isFinite(from) || !Number.isFinite(to)) fail('a valid instant');
  if (from % HOUR_MS !== 0 || to % HOUR_MS !== 0) fail('starts and ends on a whole hour');
  const hours = (to - from) / HOUR_MS;
  if (hours < 1) fail('ends after it starts');
  if (hours > WINDOW_HOURS_MAX) fail(`at most ${WINDOW_HOURS_MAX} hours`);
  return hours;
}

/** Whether `inner` lies within `outer`. */
export function windowWithin(inner: HourWindow, outer: HourWindow): boolean {
  return inner.from.getTime() >= outer.from.getTime() && inner.to.getTime() <= outer.to.getTime();
}

/** Whether two windows share an hour. */
export function windowsOverlap(a: HourWindow, b: HourWindow): boolean {
  return a.from.getTime() < b.to.getTime() && b.from.getTime() < a.to.getTime();
}

/** The hours of a window, in bigint for money arithmetic. */
export function hoursOf(window: HourWindow): bigint {
  return BigInt((window.to.getTime() - window.from.getTime()) / HOUR_MS);
}

/** The first whole hour at or after `instant`. */
export function nextWholeHour(instant: Date): Date {
  return new Date(Math.ceil(instant.getTime() / HOUR_MS) * HOUR_MS);
}
