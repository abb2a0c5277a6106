import { DAY_MS } from '../shared/calendar.ts';

/**
 * Expiry warnings at 30, 14, 7 and 0 days before a grant expires (what users of ACCESS-style
 * programs ask for, PROGRAMS.md). One notification per grant per threshold.
 */
export const expiryWarningDays = [30, 14, 7, 0] as const;
export type ExpiryWarningDays = (typeof expiryWarningDays)[number];

/**
 * The thresholds already reached at `now` for a grant expiring at `expiresAt` (all of them once
 * expired; none more than 30 days ahead). Days are counted in whole days left, rounded up, so a
 * grant expiring in 6.5 days has reached the 7-day warning.
 *
 * @example
 * reachedWarnings(new Date('2025-01-31T00:00:00Z'), new Date('2025-01-20T00:00:00Z')) // [30, 14]
 */
export function reachedWarnings(expiresAt: Date, now: Date): ExpiryWarningDays[] {
  const daysLeft = Math.ceil((expiresAt.getTime() - now.getTime()) / DAY_MS);
  return expiryWarningDays.filter((threshold) => daysLeft <= threshold);
}
