import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addMonths, daysInMonth } from '../shared/calendar.ts';
import { DomainError } from '../shared/errors.ts';
import {
  checkClaimContractDates,
  termMonthsSpanned,
  type ClaimContractDates,
} from './contract-dates.ts';

const claimDate = '2026-03-02';

function refusal(contract: ClaimContractDates): { code: string; field: unknown } | null {
  try {
    checkClaimContractDates(contract, claimDate);
    return null;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { code: error.code, field: error.details.field };
  }
}

describe('a claim’s contract dates', () => {
  it('accepts a contract signed on or before the claim date', () => {
    expect(refusal({ signedOn: '2026-03-02' })).toBeNull();
    expect(refusal({ signedOn: '2025-11-20' })).toBeNull();
    expect(
      refusal({
        signedOn: '2026-01-05',
        startsOn: '2026-01-01',
        endsOn: '2026-12-31',
        termMonths: 12,
      }),
    ).toBeNull();
  });

  it('refuses a contract signed after the claim date', () => {
    expect(refusal({ signedOn: '2026-03-03' })).toEqual({
      code: 'CONTRACT_DATE_AFTER_CLAIM',
      field: 'contractSignedOn',
    });
    expect(refusal({ signedOn: '2099-01-01' })?.code).toBe('CONTRACT_DATE_AFTER_CLAIM');
  });

  it('refuses a term that ends before it starts or before the signing', () => {
    expect(
      refusal({ signedOn: '2026-01-05', startsOn: '2026-06-01', endsOn: '2026-05-31' }),
    ).toEqual({ code: 'CONTRACT_TERM_INVALID', field: 'purchase.contractEndsOn' });
    expect(refusal({ signedOn: '2026-01-05', endsOn: '2026-01-04' })).toEqual({
      code: 'CONTRACT_TERM_INVALID',
      field: 'purchase.contractEndsOn',
    });
  });

  it('refuses more months than the term’s dates span', () => {
    const term = { signedOn: '2026-01-05', startsOn: '2026-01-01', endsOn: '2026-12-31' };
    expect(refusal({ ...term, termMonths: 12 })).toBeNull();
    expect(refusal({ ...term, termMonths: 36 })).toEqual({
      code: 'CONTRACT_TERM_INVALID',
      field: 'purchase.contractTermMonths',
    });
  });
});

describe('months a term spans', () => {
  it('counts part months whole', () => {
    expect(termMonthsSpanned('2025-01-01', '2025-12-31')).toBe(12);
    expect(termMonthsSpanned('2025-01-15', '2026-01-14')).toBe(12);
    expect(termMonthsSpanned('2025-01-15', '2026-01-15')).toBe(13);
    expect(termMonthsSpanned('2025-01-15', '2025-02-01')).toBe(1);
    expect(termMonthsSpanned('2025-01-15', '2025-02-20')).toBe(2);
    expect(termMonthsSpanned('2025-03-01', '2025-03-01')).toBe(1);
  });

  it('is the fewest months after whose end the term is over', () => {
    const start = fc
      .record({
        year: fc.integer({ min: 2000, max: 2100 }),
        month: fc.integer({ min: 1, max: 12 }),
        day: fc.integer({ min: 1, max: 31 }),
      })
      .map(({ year, month, day }) => {
        const pad = (value: number) => String(value).padStart(2, '0');
        return `${year}-${pad(month)}-${pad(Math.min(day, daysInMonth(year, month)))}`;
      });
    fc.assert(
      fc.property(start, fc.integer({ min: 0, max: 3000 }), (startsOn, length) => {
        const endsOn = addDays(startsOn, length);
        const spanned = termMonthsSpanned(startsOn, endsOn);
        expect(spanned).toBeGreaterThanOrEqual(1);
        expect(addMonths(startsOn, spanned) > endsOn).toBe(true);
        expect(addMonths(startsOn, spanned - 1) <= endsOn).toBe(true);
      }),
    );
  });
});
