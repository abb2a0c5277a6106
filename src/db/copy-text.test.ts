import { describe, expect, it } from 'vitest';
import { copyTextRows } from './copy-text.ts';

describe('copyTextRows', () => {
  it('escapes what COPY reads specially and nothing else', () => {
    expect(copyTextRows([['a\tb', 'c\nd\re', 'back\\slash', '\\N', '\\.', '杭州 ✓']])).toBe(
      'a\\tb\tc\\nd\\re\tback\\\\slash\t\\\\N\t\\\\.\t杭州 ✓\n',
    );
  });

  it('writes null as \\N, integers in decimal and times in ISO 8601 UTC', () => {
    const at = new Date('2026-12-07T09:30:00.123Z');
    expect(
      copyTextRows([
        [null, 42, 9_007_199_254_740_993n, at],
        ['x', 0, -1n, null],
      ]),
    ).toBe('\\N\t42\t9007199254740993\t2026-12-07T09:30:00.123Z\nx\t0\t-1\t\\N\n');
  });
});
