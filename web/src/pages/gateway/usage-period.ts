import type { UsagePeriod } from '../../api/gateway.ts';

const DAY_MS = 86_400_000;

/**
 * The last `days` days up to the next whole hour, as the usage API takes them (end exclusive):
 * the end is rounded up so the calls made while the page is open stay inside the period.
 */
export function recentPeriod(days: number, now = new Date()): UsagePeriod {
  const hour = 3_600_000;
  const to = new Date(Math.ceil((now.getTime() + 1) / hour) * hour);
  return { from: new Date(to.getTime() - days * DAY_MS).toISOString(), to: to.toISOString() };
}
