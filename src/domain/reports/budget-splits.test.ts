import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitBudget, splitDimensions, type SplitRow } from './budget-splits.ts';

const row = fc.record({
  keys: fc.record({
    district: fc.constantFrom('330106', '330108', '510107'),
    industry: fc.constantFrom('I65', 'C39', 'unspecified'),
    chipOrigin: fc.constantFrom('domestic', 'imported', 'unspecified'),
    size: fc.constantFrom('micro', 'small', 'medium', 'large'),
  }),
  enterpriseId: fc.constantFrom('e1', 'e2', 'e3', 'e4'),
  grantedFen: fc.bigInt({ min: 0n, max: 10n ** 12n }),
  settledFen: fc.bigInt({ min: 0n, max: 10n ** 12n }),
  computePurchaseFen: fc.bigInt({ min: 0n, max: 10n ** 12n }),
}) satisfies fc.Arbitrary<SplitRow>;

describe('splitBudget', () => {
  it('splits every fen once in every dimension', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 60 }), (rows) => {
        const splits = splitBudget(rows);
        for (const dimension of splitDimensions) {
          const buckets = splits.byDimension[dimension];
          expect(buckets.reduce((sum, b) => sum + b.grantedFen, 0n)).toBe(splits.totals.grantedFen);
          expect(buckets.reduce((sum, b) => sum + b.settledFen, 0n)).toBe(splits.totals.settledFen);
          for (const bucket of buckets) {
            const inBucket = rows.filter((r) => r.keys[dimension] === bucket.key);
            expect(bucket.enterprises).toBe(new Set(inBucket.map((r) => r.enterpriseId)).size);
          }
        }
      }),
    );
  });

  it('reports the domestic share of compute rounded down, and none without compute', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 60 }), (rows) => {
        const { domesticCompute } = splitBudget(rows);
        const { domestic, imported, unspecified } = domesticCompute.purchaseFen;
        const all = domestic + imported + unspecified;
        if (all === 0n) {
          expect(domesticCompute.shareBps).toBeNull();
          return;
        }
        const share = BigInt(domesticCompute.shareBps ?? -1);
        expect(share * all).toBeLessThanOrEqual(domestic * 10_000n);
        expect((share + 1n) * all).toBeGreaterThan(domestic * 10_000n);
      }),
    );
  });

  it('puts the largest grants first', () => {
    const base = { enterpriseId: 'e', settledFen: 0n, computePurchaseFen: 0n };
    const keys = { industry: 'I65', chipOrigin: 'domestic', size: 'small' };
    const splits = splitBudget([
      { ...base, keys: { ...keys, district: '330106' }, grantedFen: 5n },
      { ...base, keys: { ...keys, district: '330108' }, grantedFen: 9n },
    ]);
    expect(splits.byDimension.district.map((b) => b.key)).toEqual(['330108', '330106']);
  });
});
