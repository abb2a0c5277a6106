import { describe, expect, it } from 'vitest';
import { FailureLimiter } from './rate-limit.ts';

describe('FailureLimiter', () => {
  it('blocks a key after maxFailures within the window and frees it when the window ends', () => {
    const limiter = new FailureLimiter({ maxFailures: 3, windowSeconds: 60 });
    for (let i = 0; i < 3; i += 1) {
      expect(limiter.retryAfterSeconds('a', 1000)).toBe(0);
      limiter.recordFailure('a', 1000);
    }
    expect(limiter.retryAfterSeconds('a', 1000)).toBe(60);
    expect(limiter.retryAfterSeconds('a', 31_000)).toBe(30);
    expect(limiter.retryAfterSeconds('b', 31_000)).toBe(0);
    expect(limiter.retryAfterSeconds('a', 61_000)).toBe(0);
    limiter.recordFailure('a', 61_000);
    expect(limiter.retryAfterSeconds('a', 61_000)).toBe(0);
  });

  it('forgets a key on reset and bounds the number of keys it keeps', () => {
    const limiter = new FailureLimiter({ maxFailures: 1, windowSeconds: 60, maxKeys: 2 });
    limiter.recordFailure('a', 0);
    limiter.reset('a');
    expect(limiter.retryAfterSeconds('a', 0)).toBe(0);
    limiter.recordFailure('x', 0);
    limiter.recordFailure('y', 0);
    limiter.recordFailure('z', 0);
    expect(limiter.retryAfterSeconds('x', 0)).toBe(0);
    expect(limiter.retryAfterSeconds('z', 0)).toBeGreaterThan(0);
  });
});
