import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatYuan } from '../shared/money.ts';
import { regionContains, regionPrefix } from './program.ts';
import { yuanText, yuanTextOfDigits } from './trace.ts';

// The evaluator's fast paths must say exactly what their plain definitions say.

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

describe('regionContains', () => {
  it('is a prefix test on the outer code at its level', () => {
    // Few digits, so that codes often share prefixes; short codes and bare zeros included.
    const code = fc.stringMatching(/^[013]{0,7}$/);
    fc.assert(
      fc.property(code, code, (outer, inner) => {
        expect(regionContains(outer, inner)).toBe(inner.startsWith(regionPrefix(outer)));
      }),
      { numRuns: 2000 },
    );
  });
});
