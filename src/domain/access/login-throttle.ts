/**
 * Sign-in throttling after OWASP's Authentication Cheat Sheet and NIST SP 800-63B §5.2.2:
 * no account lockout (a lockout lets anyone lock out anyone, and one person behind a NAT lock
 * out everyone), but three counters, each counting an attempt as a failure until it succeeds:
 *
 * - **pair** (email, client address): 5 failures free, then every further failure doubles the
 *   wait before the next try — 1 s, 2 s, 4 s … up to 15 minutes. Forgotten 24 hours after its
 *   last failure, cleared by a success. It never stops another address.
 * - **account** (email, every address): at most 100 failures in a 24-hour window; then only
 *   the addresses this account signed in from in the last 30 days (its known clients) may try,
 *   each still under its pair delays.
 * - **address** (every email, one address): at most 100 failures in 15 minutes, against password
 *   spraying (a few guesses at each of many accounts); known clients are exempt here too.
 *
 * Why brute force stays infeasible: from addresses the account has not signed in from, an
 * attacker gets at most 100 guesses a day however many addresses it has — 36,500 a year. New
 * passwords must be at least 10 characters and off the shipped list of about 46,000 common and
 * breached passwords (`checkNewPassword`), so a year of guessing does not even get through the
 * most common candidates, all of which are refused anyway. A single address that is a known
 * client is held to its pair delays: after the first 16 failures (17 minutes) one guess per 15
 * minutes, about 110 a day. IPv6 addresses count by their /64 prefix, what one subscriber
 * usually gets, so rotating addresses inside it buys nothing.
 */
export const LOGIN_THROTTLE = {
  pairFreeFailures: 5,
  pairFirstDelaySeconds: 1,
  pairMaxDelaySeconds: 15 * 60,
  pairForgetSeconds: 24 * 60 * 60,
  accountMaxFailures: 100,
  accountWindowSeconds: 24 * 60 * 60,
  addressMaxFailures: 100,
  addressWindowSeconds: 15 * 60,
  knownClientSeconds: 30 * 24 * 60 * 60,
} as const;

/** One counter as stored: failures (attempts in flight included) and its clock. */
export interface ThrottleCounter {
  failures: number;
  windowStartedAt: Date;
  lastFailureAt: Date;
  blockedUntil: Date;
}

export type ThrottleScope = 'pair' | 'account' | 'address';

/** A ceiling (account or address) that an attempt filled: from then on it refuses. */
export type ThrottleCeiling = 'account' | 'address';

export type AttemptDecision =
  | { allowed: false; scope: ThrottleScope; retryAfterSeconds: number }
  | {
      allowed: true;
      next: Record<ThrottleScope, ThrottleCounter>;
      /** The wait this attempt imposes on its pair if it fails. */
      pairDelaySeconds: number;
      /** The ceiling this attempt fills if it fails, or null. */
      ceiling: ThrottleCeiling | null;
    };

/**
 * The wait after a pair's `failures`-th consecutive failure: 0 for the free ones, then 1 s
 * doubling to 15 minutes.
 *
 * @example
 * pairDelaySeconds(5); // 0
 * pairDelaySeconds(8); // 4
 */
export function pairDelaySeconds(failures: number): number {
  const { pairFreeFailures, pairFirstDelaySeconds, pairMaxDelaySeconds } = LOGIN_THROTTLE;
  if (failures <= pairFreeFailures) return 0;
  // Capped before exponentiating so a huge count cannot overflow to Infinity.
  const doublings = Math.min(failures - pairFreeFailures - 1, 30);
  return Math.min(pairFirstDelaySeconds * 2 ** doublings, pairMaxDelaySeconds);
}

/**
 * Whether a sign-in attempt may reach the password check now, and if so the counters with it
 * counted as a failure (the caller stores them before checking the password, so parallel
 * attempts cannot slip past a counter, and takes the attempt back on success).
 * Missing counters are fresh. A refusal names the scope and the seconds until a retry.
 */
export function decideAttempt(options: {
  counters: Partial<Record<ThrottleScope, ThrottleCounter>>;
  knownClient: boolean;
  now: Date;
}): AttemptDecision {
  const { now, knownClient } = options;
  const nowMs = now.getTime();
  const fresh: ThrottleCounter = {
    failures: 0,
    windowStartedAt: now,
    lastFailureAt: now,
    blockedUntil: now,
  };
  const secondsUntil = (at: Date) => Math.max(1, Math.ceil((at.getTime() - nowMs) / 1000));

  let pair = options.counters.pair ?? fresh;
  if (pair.blockedUntil.getTime() > nowMs) {
    return { allowed: false, scope: 'pair', retryAfterSeconds: secondsUntil(pair.blockedUntil) };
  }
  if (nowMs - pair.lastFailureAt.getTime() >= LOGIN_THROTTLE.pairForgetSeconds * 1000) {
    pair = fresh;
  }
  const windows = {
    account: [LOGIN_THROTTLE.accountMaxFailures, LOGIN_THROTTLE.accountWindowSeconds],
    address: [LOGIN_THROTTLE.addressMaxFailures, LOGIN_THROTTLE.addressWindowSeconds],
  } as const;
  const next = {} as Record<ThrottleCeiling, ThrottleCounter>;
  let ceiling: ThrottleCeiling | null = null;
  for (const scope of ['account', 'address'] as const) {
    const [maxFailures, windowSeconds] = windows[scope];
    let counter = options.counters[scope] ?? fresh;
    const windowEnd = new Date(counter.windowStartedAt.getTime() + windowSeconds * 1000);
    if (windowEnd.getTime() <= nowMs) counter = fresh;
    else if (counter.failures >= maxFailures && !knownClient) {
      return { allowed: false, scope, retryAfterSeconds: secondsUntil(windowEnd) };
    }
    next[scope] = { ...counter, failures: counter.failures + 1, lastFailureAt: now };
    if (next[scope].failures === maxFailures) ceiling ??= scope;
  }
  const pairFailures = pair.failures + 1;
  const delaySeconds = pairDelaySeconds(pairFailures);
  return {
    allowed: true,
    next: {
      ...next,
      pair: {
        failures: pairFailures,
        windowStartedAt: pair.windowStartedAt,
        lastFailureAt: now,
        blockedUntil: new Date(nowMs + delaySeconds * 1000),
      },
    },
    pairDelaySeconds: delaySeconds,
    ceiling,
  };
}

/**
 * The address a throttle counts by: IPv4 as it is (also when IPv4-mapped, `::ffff:1.2.3.4`),
 * IPv6 by its /64 prefix, anything else (`in-process`) unchanged.
 *
 * @example
 * clientKeyOf('2001:db8:0:1::7'); // '2001:db8:0:1::/64'
 */
export function clientKeyOf(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped?.[1] !== undefined) return mapped[1];
  if (!address.includes(':')) return address;
  const [head = '', tail] = address.toLowerCase().split('%')[0]?.split('::') ?? [];
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups =
    tail === undefined
      ? headGroups
      : [...headGroups, ...Array<string>(Math.max(missing, 0)).fill('0'), ...tailGroups];
  if (groups.length !== 8 || !groups.every((group) => /^[0-9a-f]{1,4}$/.test(group))) {
    return address;
  }
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
