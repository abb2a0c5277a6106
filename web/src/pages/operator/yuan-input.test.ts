import { describe, expect, it } from 'vitest';
import { fenToYuan, yuanToFen } from './yuan-input.ts';

describe('yuan input', () => {
  it('turns typed yuan into fen exactly', () => {
    expect(yuanToFen('200000')).toBe('20000000');
    expect(yuanToFen('1,234.5')).toBe('123450');
    expect(yuanToFen('0.01')).toBe('1');
    expect(yuanToFen('0')).toBeNull();
    expect(yuanToFen('1.234')).toBeNull();
    expect(yuanToFen('-5')).toBeNull();
    expect(yuanToFen('abc')).toBeNull();
  });

  it('shows fen as yuan and back', () => {
    for (const fen of ['1', '99', '100', '123450', '20000000']) {
      expect(yuanToFen(fenToYuan(fen))).toBe(fen);
    }
  });
});
