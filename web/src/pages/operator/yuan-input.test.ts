import { describe, expect, it } from 'vitest';
import { yuanToFenString } from '../../format/yuan-input.ts';
import { fenToYuan } from './yuan-input.ts';

describe('fenToYuan', () => {
  it('starts an amount input with yuan that read back as the same fen', () => {
    for (const fen of ['0', '1', '99', '100', '123450', '20000000']) {
      expect(yuanToFenString(fenToYuan(fen))).toBe(fen);
    }
    expect(fenToYuan('123450')).toBe('1234.50');
  });
});
