import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffLines, diffValues } from './program-diff.ts';

/** Length of the longest common subsequence of two line lists (the reference, O(N·M)). */
function lcsLength(a: string[], b: string[]): number {
  const table = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const row = table[i] ?? [];
      row[j] =
        a[i - 1] === b[j - 1]
          ? (table[i - 1]?.[j - 1] ?? 0) + 1
          : Math.max(table[i - 1]?.[j] ?? 0, row[j - 1] ?? 0);
    }
  }
  return table[a.length]?.[b.length] ?? 0;
}

const text = fc
  .array(fc.constantFrom('a', 'b', 'c', 'rateBps: 3000', ''), { maxLength: 30 })
  .map((lines) => lines.join('\n'));

describe('diffLines', () => {
  it('rebuilds both files and keeps as many lines as any diff can', () => {
    fc.assert(
      fc.property(text, text, (before, after) => {
        const lines = diffLines(before, after);
        expect(lines).not.toBeNull();
        const kept = (lines ?? []).filter((line) => line.op !== '+').map((line) => line.text);
        const made = (lines ?? []).filter((line) => line.op !== '-').map((line) => line.text);
        expect(kept.join('\n')).toBe(before);
        expect(made.join('\n')).toBe(after);
        const common = (lines ?? []).filter((line) => line.op === ' ').length;
        expect(common).toBe(lcsLength(before.split('\n'), after.split('\n')));
      }),
    );
  });

  it('gives up on a rewrite instead of searching without end', () => {
    const before = Array.from({ length: 1200 }, (_, i) => `a${i}`).join('\n');
    const after = Array.from({ length: 1200 }, (_, i) => `b${i}`).join('\n');
    expect(diffLines(before, after)).toBeNull();
  });
});

describe('diffValues', () => {
  it('lists changed, added and removed leaves by path', () => {
    const { changes } = diffValues(
      { rates: [{ rateBps: 3000 }], caps: { perClaimFen: '100' }, notes: 'x' },
      { rates: [{ rateBps: 2500 }, { rateBps: 1000 }], caps: {}, notes: 'x' },
    );
    expect(changes).toEqual([
      { path: 'caps.perClaimFen', kind: 'removed', before: '100' },
      { path: 'rates.0.rateBps', kind: 'changed', before: 3000, after: 2500 },
      { path: 'rates.1', kind: 'added', after: { rateBps: 1000 } },
    ]);
  });

  it('finds nothing between equal values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(diffValues(value, structuredClone(value)).changes).toEqual([]);
      }),
    );
  });
});
