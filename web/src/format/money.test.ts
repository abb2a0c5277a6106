import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatFenExact, formatFenShort, formatRateBps, toFen } from './money.ts';

describe('money display', () => {
  it('shows the exact amount to the fen with thousands separators', () => {
    expect(formatFenExact('123456789')).toBe('¥1,234,567.89');
    expect(formatFenExact('5')).toBe('¥0.05');
    expect(formatFenExact(-150n)).toBe('-¥1.50');
  });

  it('uses 万 and 亿 for Chinese readers, rounding down', () => {
    expect(formatFenShort('50000000', 'zh-CN')).toBe('¥50万');
    expect(formatFenShort('999999', 'zh-CN')).toBe('¥9,999.99');
    expect(formatFenShort('1000000', 'zh-CN')).toBe('¥1万');
    expect(formatFenShort('12999999', 'zh-CN')).toBe('¥12.99万');
    expect(formatFenShort('12500000000', 'zh-CN')).toBe('¥1.25亿');
    expect(formatFenShort('50000000', 'en')).toBe('¥500,000.00');
  });

  it('never shows more money than there is (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 18n }), (fen) => {
        const short = formatFenShort(fen, 'zh-CN');
        const match = /^¥([\d,]+(?:\.\d+)?)(万|亿)?$/u.exec(short);
        expect(match).not.toBeNull();
        const [, number = '', unit] = match ?? [];
        const [whole = '0', fraction = ''] = number.replaceAll(',', '').split('.');
        const unitFen = unit === '亿' ? 10_000_000_000n : unit === '万' ? 1_000_000n : 100n;
        const hundredths = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0') || '0');
        const shownFen = (hundredths * unitFen) / 100n;
        expect(shownFen <= fen).toBe(true);
        // At most one hundredth of the unit below the amount.
        expect(fen - shownFen < unitFen / 100n || unitFen === 100n).toBe(true);
      }),
    );
  });

  it('refuses what is not fen', () => {
    expect(() => toFen('12.5')).toThrow();
    expect(formatRateBps(3000)).toBe('30%');
    expect(formatRateBps(1250)).toBe('12.5%');
  });
});
