import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recentPeriod } from './usage-period.ts';

const HOUR_MS = 3_600_000;

describe('the usage period the console asks for', () => {
  it('ends on the whole hour after now (so calls made meanwhile stay in) and spans the days asked', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1_700_000_000_000, max: 1_900_000_000_000 }),
        fc.integer({ min: 1, max: 366 }),
        (nowMs, days) => {
          const period = recentPeriod(days, new Date(nowMs));
          const to = new Date(period.to).getTime();
          expect(to % HOUR_MS).toBe(0);
          expect(to).toBeGreaterThan(nowMs);
          expect(to - nowMs).toBeLessThanOrEqual(HOUR_MS);
          expect(to - new Date(period.from).getTime()).toBe(days * 24 * HOUR_MS);
        },
      ),
    );
  });
});
