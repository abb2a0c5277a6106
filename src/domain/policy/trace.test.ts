import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatYuan } from '../shared/money.ts';
import { yuanText, yuanTextOfDigits } from './trace.ts';

// The evaluator's fast path must say exactly what the plain definition says.

describe('yuanText', () => {
  it('formats like formatYuan, fen padded, thousands grouped, sign kept', () => {
    expect(yuanText(0n)).toBe('¥0.00');
    expect(yuanText(5n)).toBe('¥0.05');
    expect(yuanText(-5n)).toBe('-¥0.05');
    expect(yuanText(99n)).toBe('¥0.99');
    expect(yuanText(100_000n)).toBe('¥1,000.00');
    expect(yuanText(-123_456_789n)).toBe('-¥1,234,567.89');
  });

  it('equals formatYuan for any amount, from the BigInt or from its digits', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 24n), max: 10n ** 24n }), (amountFen) => {
        expect(yuanText(amountFen)).toBe(formatYuan(amountFen));
        expect(yuanTextOfDigits(amountFen.toString())).toBe(formatYuan(amountFen));
      }),
      { numRuns: 2000 },
    );
  });
});
