import { formatShanghaiDate } from './dates.ts';

/** Today in Asia/Shanghai (`YYYY-MM-DD`), the day the platform's rules count from. */
export function shanghaiToday(now: Date = new Date()): string {
  return formatShanghaiDate(now.toISOString());
}
