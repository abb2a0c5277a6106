import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_TIMEOUT_SECONDS } from '../ledger/validate.ts';
import { endOfShanghaiDay, shanghaiDayOf } from '../shared/calendar.ts';
import { DomainError } from '../shared/errors.ts';
import { automaticGrantExpiry, grantExpiresAt, latestGrantExpiry } from './grant-lifetime.ts';

const now = new Date('2026-03-02T09:00:00Z');

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return error instanceof DomainError ? error.code : 'not a DomainError';
  }
}

describe('a grant’s longest life', () => {
  it('runs to the end of the year after the year of issue', () => {
    expect(latestGrantExpiry('2026-03-02')).toBe('2027-12-31');
    expect(latestGrantExpiry('2026-12-31')).toBe('2027-12-31');
    expect(latestGrantExpiry('2027-01-01')).toBe('2028-12-31');
  });

  it('accepts today up to that day, refuses the past and anything later with their own codes', () => {
    expect(grantExpiresAt('2026-03-02', now).toISOString()).toBe('2026-03-02T15:59:59.999Z');
    expect(grantExpiresAt('2027-12-31', now).toISOString()).toBe('2027-12-31T15:59:59.999Z');
    expect(codeOf(() => grantExpiresAt('2028-01-01', now))).toBe('GRANT_LIFETIME_TOO_LONG');
    expect(codeOf(() => grantExpiresAt('9999-12-31', now))).toBe('GRANT_LIFETIME_TOO_LONG');
    expect(codeOf(() => grantExpiresAt('2026-03-01', now))).toBe('VALIDATION_FAILED');
    expect(() => grantExpiresAt('2026-03-01', now)).toThrow(/in the past/);
  });

  it('reads "today" in Shanghai: 16:00 UTC is already the next day', () => {
    const lateEvening = new Date('2026-12-31T16:30:00Z'); // 2027-01-01 00:30 in Shanghai
    expect(latestGrantExpiry(shanghaiDayOf(lateEvening))).toBe('2028-12-31');
    expect(codeOf(() => grantExpiresAt('2026-12-31', lateEvening))).toBe('VALIDATION_FAILED');
  });

  it('cuts an automatic grant’s default expiry to the longest life', () => {
    expect(automaticGrantExpiry('2026-12-31', now)).toBe('2026-12-31');
    expect(automaticGrantExpiry('2030-06-30', now)).toBe('2027-12-31');
  });

  it('fits the ledger’s longest pending timeout from any instant of issue', () => {
    const instant = fc
      .integer({ min: Date.parse('2000-01-01T00:00:00Z'), max: Date.parse('2200-12-31T00:00:00Z') })
      .map((ms) => new Date(ms));
    fc.assert(
      fc.property(instant, (issuedAt) => {
        const latest = latestGrantExpiry(shanghaiDayOf(issuedAt));
        const seconds = Math.ceil((endOfShanghaiDay(latest).getTime() - issuedAt.getTime()) / 1000);
        expect(seconds).toBeLessThanOrEqual(MAX_TIMEOUT_SECONDS);
        // A fiscal year and the next one: never less than a full year ahead.
        expect(seconds).toBeGreaterThan(365 * 86_400);
      }),
    );
    // The longest case: issued at midnight on 1 January of the year before a leap year.
    const longest = Math.ceil(
      (endOfShanghaiDay('2028-12-31').getTime() - Date.parse('2027-01-01T00:00:00+08:00')) / 1000,
    );
    expect(longest).toBe(731 * 86_400);
  });
});
