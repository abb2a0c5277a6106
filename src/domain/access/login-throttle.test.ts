import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  LOGIN_THROTTLE,
  clientKeyOf,
  decideAttempt,
  pairDelaySeconds,
  type ThrottleCounter,
  type ThrottleScope,
} from './login-throttle.ts';

const at = (seconds: number) => new Date(Date.UTC(2026, 2, 2) + seconds * 1000);

/** Runs attempts that all fail, waiting out each refusal; returns the waits it was told. */
function failRepeatedly(count: number): number[] {
  let counters: Partial<Record<ThrottleScope, ThrottleCounter>> = {};
  let clock = 0;
  const waits: number[] = [];
  for (let attempt = 0; attempt < count;) {
    const decision = decideAttempt({ counters, knownClient: false, now: at(clock) });
    if (!decision.allowed) {
      waits.push(decision.retryAfterSeconds);
      clock += decision.retryAfterSeconds;
      continue;
    }
    counters = decision.next;
    attempt += 1;
  }
  return waits;
}

describe('login throttle', () => {
  it('lets a pair fail 5 times freely, then doubles the wait up to 15 minutes', () => {
    expect([1, 5, 6, 7, 8, 15, 16, 40, 1e9].map(pairDelaySeconds)).toEqual([
      0, 0, 1, 2, 4, 512, 900, 900, 900,
    ]);
    expect(failRepeatedly(12)).toEqual([1, 2, 4, 8, 16, 32]);
  });

  it('refuses an unknown client at the account ceiling until the window ends, not a known one', () => {
    const full: ThrottleCounter = {
      failures: LOGIN_THROTTLE.accountMaxFailures,
      windowStartedAt: at(0),
      lastFailureAt: at(600),
      blockedUntil: at(0),
    };
    const unknown = decideAttempt({
      counters: { account: full },
      knownClient: false,
      now: at(3600),
    });
    expect(unknown).toEqual({
      allowed: false,
      scope: 'account',
      retryAfterSeconds: LOGIN_THROTTLE.accountWindowSeconds - 3600,
    });
    expect(
      decideAttempt({ counters: { account: full }, knownClient: true, now: at(3600) }),
    ).toMatchObject({ allowed: true });
    const nextDay = decideAttempt({
      counters: { account: full },
      knownClient: false,
      now: at(LOGIN_THROTTLE.accountWindowSeconds),
    });
    expect(nextDay).toMatchObject({ allowed: true, next: { account: { failures: 1 } } });
  });

  it('flags the attempt that fills a ceiling', () => {
    const almost: ThrottleCounter = {
      failures: LOGIN_THROTTLE.addressMaxFailures - 1,
      windowStartedAt: at(0),
      lastFailureAt: at(0),
      blockedUntil: at(0),
    };
    const decision = decideAttempt({
      counters: { address: almost },
      knownClient: false,
      now: at(1),
    });
    expect(decision).toMatchObject({ allowed: true, ceiling: 'address', pairDelaySeconds: 0 });
  });

  it('never lets an unknown client past the account ceiling within one window', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 600 }), { maxLength: 300 }), (gaps) => {
        let account: ThrottleCounter | undefined;
        let clock = 0;
        let allowed = 0;
        for (const gap of gaps) {
          clock += gap;
          if (clock >= LOGIN_THROTTLE.accountWindowSeconds) break;
          // Every attempt from a new address: only the account counter is shared.
          const decision = decideAttempt({
            counters: account ? { account } : {},
            knownClient: false,
            now: at(clock),
          });
          if (decision.allowed) {
            allowed += 1;
            account = decision.next.account;
          }
        }
        expect(allowed).toBeLessThanOrEqual(LOGIN_THROTTLE.accountMaxFailures);
      }),
    );
  });

  it('keys IPv6 by its /64 and IPv4-mapped addresses as IPv4', () => {
    expect(clientKeyOf('198.51.100.7')).toBe('198.51.100.7');
    expect(clientKeyOf('::ffff:198.51.100.7')).toBe('198.51.100.7');
    expect(clientKeyOf('2001:db8:0:1::7')).toBe('2001:db8:0:1::/64');
    expect(clientKeyOf('2001:0db8:0000:0001:abcd:0:0:1')).toBe('2001:db8:0:1::/64');
    expect(clientKeyOf('2001:DB8:0:1:ffff::1')).toBe('2001:db8:0:1::/64');
    expect(clientKeyOf('::1')).toBe('0:0:0:0::/64');
    expect(clientKeyOf('in-process')).toBe('in-process');
    expect(clientKeyOf('not:an:address')).toBe('not:an:address');
  });
});
