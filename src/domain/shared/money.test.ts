import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FULL_RATE_BPS, applyRateBps, formatYuan, yuanToFen } from './money.ts';

describe('applyRateBps', () => {
  it('rounds down to the fen', () => {
    expect(applyRateBps(333n, 3000)).toBe(99n);
    expect(applyRateBps(100n, 3333)).toBe(33n);
    expect(applyRateBps(2_500_000_00n, 3000)).toBe(75_000_000n);
  });

  it('never exceeds the exact share and is never more than one fen below it', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 2n ** 62n }),
        fc.integer({ min: 0, max: FULL_RATE_BPS }),
        (amount, rate) => {
          const share = applyRateBps(amount, rate);
          const exactTimes10k = amount * BigInt(rate);
          expect(share * 10_000n <= exactTimes10k).toBe(true);
          expect((share + 1n) * 10_000n > exactTimes10k).toBe(true);
          expect(share <= amount).toBe(true);
        },
      ),
    );
  });
});

describe('yuan and fen', () => {
  it('converts yuan strings exactly and formats for people', () => {
    expect(yuanToFen('250000000')).toBe(25_000_000_000n);
    expect(yuanToFen('12.5')).toBe(1250n);
    expect(yuanToFen(0.07)).toBe(7n);
    expect(formatYuan(123_456_789n)).toBe('¥1,234,567.89');
    expect(formatYuan(-5n)).toBe('-¥0.05');
    expect(() => yuanToFen('1.234')).toThrow();
  });
});
