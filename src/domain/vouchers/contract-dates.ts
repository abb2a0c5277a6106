import { addMonths, type CalendarDate } from '../shared/calendar.ts';
import { DomainError } from '../shared/errors.ts';

/** The dates a claim states about its contract (all checked calendar dates). */
export interface ClaimContractDates {
  signedOn: CalendarDate;
  /** First day of the contract's service term. */
  startsOn?: CalendarDate | undefined;
  /** Last day of the contract's service term. */
  endsOn?: CalendarDate | undefined;
  /** The term in months the claim states (programs' rules read it). */
  termMonths?: number | undefined;
}

/**
 * Months a term from `startsOn` to `endsOn` (both days included) touches, a part month counted
 * whole: 2025-01-01 … 2025-12-31 is 12; 2025-01-15 … 2025-02-20 (a month and six days) is 2.
 */
export function termMonthsSpanned(startsOn: CalendarDate, endsOn: CalendarDate): number {
  const monthIndex = (date: CalendarDate) =>
    Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7));
  const months = monthIndex(endsOn) - monthIndex(startsOn);
  // addMonths lands in endsOn's month (a valid day of it): if that day is still within the
  // term, the term reaches into the next month's span.
  return addMonths(startsOn, months) <= endsOn ? months + 1 : months;
}

/**
 * Refuses contracts that cannot be: one signed after the claim date (the day the claim is made
 * or submitted, Asia/Shanghai) is CONTRACT_DATE_AFTER_CLAIM — a subsidy is never reserved for a
 * contract not yet signed; a term that ends before it starts or before the contract was signed,
 * or that states more months than its dates span, is CONTRACT_TERM_INVALID. Each names its field.
 *
 * @example
 * checkClaimContractDates({ signedOn: '2099-01-01' }, '2026-03-02') // throws CONTRACT_DATE_AFTER_CLAIM
 */
export function checkClaimContractDates(
  contract: ClaimContractDates,
  claimDate: CalendarDate,
): void {
  const { signedOn, startsOn, endsOn, termMonths } = contract;
  if (signedOn > claimDate) {
    throw new DomainError(
      'CONTRACT_DATE_AFTER_CLAIM',
      `contractSignedOn: ${signedOn} is after the claim date ${claimDate}; claim a contract once it is signed`,
      { field: 'contractSignedOn', contractSignedOn: signedOn, claimDate },
    );
  }
  if (endsOn === undefined) return;
  if (startsOn !== undefined && endsOn < startsOn) {
    throw termInvalid(
      'purchase.contractEndsOn',
      `the term ends on ${endsOn}, before it starts on ${startsOn}`,
    );
  }
  if (endsOn < signedOn) {
    throw termInvalid(
      'purchase.contractEndsOn',
      `the term ends on ${endsOn}, before the contract was signed on ${signedOn}`,
    );
  }
  if (startsOn !== undefined && termMonths !== undefined) {
    const spanned = termMonthsSpanned(startsOn, endsOn);
    if (termMonths > spanned) {
      throw termInvalid(
        'purchase.contractTermMonths',
        `${termMonths} months stated, but ${startsOn} … ${endsOn} spans ${spanned}`,
      );
    }
  }
}

function termInvalid(field: string, why: string): DomainError {
  return new DomainError('CONTRACT_TERM_INVALID', `${field}: ${why}`, { field });
}
