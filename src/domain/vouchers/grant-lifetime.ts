import {
  endOfShanghaiDay,
  lastDayOfYear,
  shanghaiDayOf,
  yearOf,
  type CalendarDate,
} from '../shared/calendar.ts';
import { DomainError } from '../shared/errors.ts';

/**
 * A grant's longest life: it may run to 31 December of the year after the year it is issued in
 * (Asia/Shanghai). A grant of a fiscal year's program can so be used through that year and the
 * next one — programs commonly let vouchers issued late in a year be spent the following year —
 * and never longer: an open-ended reservation would hold the budget of programs long closed.
 * The longest reservation this makes is 731 days (issued on 1 January before a leap year), which
 * the ledger's pending-transfer timeout (MAX_TIMEOUT_SECONDS) holds.
 *
 * @example
 * latestGrantExpiry('2026-03-02') // '2027-12-31'
 */
export function latestGrantExpiry(issuedOn: CalendarDate): CalendarDate {
  return lastDayOfYear(yearOf(issuedOn) + 1);
}

/**
 * The instant a grant issued at `now` and expiring on `expiresOn` ends (the last millisecond of
 * that day in Asia/Shanghai). A day before today is VALIDATION_FAILED (in the past); a day after
 * the longest life is GRANT_LIFETIME_TOO_LONG; both name `field`.
 *
 * @example
 * grantExpiresAt('2027-12-31', new Date('2026-03-02T09:00:00Z')).toISOString() // '2027-12-31T15:59:59.999Z'
 * grantExpiresAt('2028-01-01', new Date('2026-03-02T09:00:00Z')) // throws GRANT_LIFETIME_TOO_LONG
 */
export function grantExpiresAt(expiresOn: CalendarDate, now: Date, field = 'expiresOn'): Date {
  const today = shanghaiDayOf(now);
  if (expiresOn < today) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `${field}: ${expiresOn} is in the past (today is ${today} in Asia/Shanghai)`,
      { field, today },
    );
  }
  const latest = latestGrantExpiry(today);
  if (expiresOn > latest) {
    throw new DomainError(
      'GRANT_LIFETIME_TOO_LONG',
      `${field}: a grant issued on ${today} may run at most to ${latest} (the end of the year after the year it is issued)`,
      { field, latestExpiresOn: latest },
    );
  }
  return endOfShanghaiDay(expiresOn);
}

/**
 * The expiry day of a grant made without a reviewer (automatic and first-come allocation): the
 * program's default expiry, cut to the longest life.
 *
 * @example
 * automaticGrantExpiry('2030-12-31', new Date('2026-03-02T09:00:00Z')) // '2027-12-31'
 */
export function automaticGrantExpiry(programDefault: CalendarDate, now: Date): CalendarDate {
  const latest = latestGrantExpiry(shanghaiDayOf(now));
  return programDefault < latest ? programDefault : latest;
}
