import {
  addDays,
  addMonths,
  shanghaiDayOf,
  startOfShanghaiDay,
} from '../domain/shared/calendar.ts';
import type { WindowDimension } from '../services/gateway/keys/index.ts';

/** One window of a limit: when it starts and ends. */
export interface LimitWindow {
  start: Date;
  end: Date;
}

const MINUTE_MS = 60_000;

/**
 * The window of `dimension` containing `now`: requests and tokens count per clock minute; spend
 * per Asia/Shanghai day and calendar month (the days the enterprise's budget is kept in).
 */
export function windowOf(dimension: WindowDimension, now: Date): LimitWindow {
  if (dimension === 'requests' || dimension === 'tokens') {
    const start = Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS;
    return { start: new Date(start), end: new Date(start + MINUTE_MS) };
  }
  const today = shanghaiDayOf(now);
  if (dimension === 'spend-day') {
    return { start: startOfShanghaiDay(today), end: startOfShanghaiDay(addDays(today, 1)) };
  }
  const firstOfMonth = `${today.slice(0, 8)}01`;
  return {
    start: startOfShanghaiDay(firstOfMonth),
    end: startOfShanghaiDay(addMonths(firstOfMonth, 1)),
  };
}

/** Whole seconds until the window ends, at least 1 (for `retry-after`). */
export function secondsUntilEnd(window: LimitWindow, now: Date): number {
  return Math.max(1, Math.ceil((window.end.getTime() - now.getTime()) / 1000));
}
