import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sortByKey } from './pair-order.ts';
import { compareProducts } from './penalty.ts';

/**
 * The key sort (pair-order.ts) against the exact comparator it replaces: the same order on
 * pairs with equal ratios, ratios that round to the same double, products beyond 2^53 and
 * runs longer than one insertion-sorted run.
 */
const pairs = fc.array(
  fc.record({
    cost: fc.oneof(
      fc.integer({ min: 0, max: 50 }),
      fc.integer({ min: 0, max: 2 ** 40 }),
      fc.constantFrom(2 ** 53 - 1, 2 ** 53 - 2, 3 * 2 ** 40),
    ),
    size: fc.oneof(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 2 ** 20 })),
  }),
  { maxLength: 80 },
);

function sortedBoth(
  list: readonly { cost: number; size: number }[],
  splittable: boolean,
): { bySort: number[]; byKey: number[] } {
  const exact = (a: number, b: number): number => {
    const x = list[a] ?? { cost: 0, size: 1 };
    const y = list[b] ?? { cost: 0, size: 1 };
    return (
      (splittable
        ? compareProducts(x.cost, y.size, y.cost, x.size)
        : compareProducts(x.cost, x.size, y.cost, y.size)) || b - a
    );
  };
  // Ties go to the later index (as offers' ids need not follow the input), so that a stable
  // sort by key alone would get them wrong.
  const bySort = list.map((_, index) => index).sort(exact);
  const order = Int32Array.from(list, (_, index) => index);
  const key = Float64Array.from(list, ({ cost, size }) => (splittable ? cost / size : cost * size));
  sortByKey(order, list.length, key, exact, new Int32Array(list.length));
  return { bySort, byKey: [...order] };
}

describe('sortByKey', () => {
  it('orders a request’s pairs as the exact comparison does, per unit and per whole serving', () => {
    fc.assert(
      fc.property(pairs, fc.boolean(), (list, splittable) => {
        const { bySort, byKey } = sortedBoth(list, splittable);
        expect(byKey).toEqual(bySort);
      }),
      { numRuns: 300 },
    );
  });

  it('breaks float ties exactly: ratios that round to the same double, equal ratios', () => {
    // (2^53 − 1) / 23 and (2^53 − 2) / 23 differ exactly and round to the same double.
    expect((2 ** 53 - 1) / 23).toBe((2 ** 53 - 2) / 23);
    const list = [
      { cost: 2 ** 53 - 1, size: 23 },
      { cost: 2 ** 53 - 2, size: 23 },
      { cost: 1, size: 3 },
      { cost: 2, size: 6 },
    ];
    const { bySort, byKey } = sortedBoth(list, true);
    expect(byKey).toEqual(bySort);
    expect(byKey).toEqual([3, 2, 1, 0]);
  });
});
