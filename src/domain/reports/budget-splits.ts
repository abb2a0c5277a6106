/**
 * Where a program's money went, split by district (GB/T 2260 code of the enterprise), industry
 * (the enterprise's first listed GB/T 4754 code: its main line of business, so each split adds
 * up to the same total), chip origin (of the purchase) and enterprise size, plus the share of
 * subsidised compute that ran on domestic chips. Pure: the service reads the rows.
 */

export const splitDimensions = ['district', 'industry', 'chipOrigin', 'size'] as const;
export type SplitDimension = (typeof splitDimensions)[number];

/** The key used when a row does not say (no industry listed, no chip origin declared). */
export const UNSPECIFIED = 'unspecified';

/**
 * One grant (its amount net of what returned to the budget) or one claim (its redeemed subsidy
 * net of clawbacks), with the keys it is counted under.
 */
export interface SplitRow {
  keys: Record<SplitDimension, string>;
  enterpriseId: string;
  grantedFen: bigint;
  settledFen: bigint;
  /** Compute claims only: the purchase amount under the claim (0 otherwise). */
  computePurchaseFen: bigint;
}

export interface SplitBucket {
  key: string;
  grantedFen: bigint;
  settledFen: bigint;
  /** Distinct enterprises with a grant or a claim in the bucket. */
  enterprises: number;
}

export interface DomesticComputeShare {
  /** Purchase amounts of settled compute claims by the origin of their chips. */
  purchaseFen: { domestic: bigint; imported: bigint; unspecified: bigint };
  /** Domestic over all settled compute purchases, basis points rounded down; null with none. */
  shareBps: number | null;
}

export interface BudgetSplits {
  totals: { grantedFen: bigint; settledFen: bigint };
  byDimension: Record<SplitDimension, SplitBucket[]>;
  domesticCompute: DomesticComputeShare;
}

/**
 * Buckets `rows` by every dimension (largest granted first, then key), and the domestic share.
 *
 * @example
 * splitBudget([{ keys: { district: '330106', industry: 'I65', chipOrigin: 'domestic',
 *   size: 'small' }, enterpriseId: 'e', grantedFen: 100n, settledFen: 0n, computePurchaseFen: 0n }])
 */
export function splitBudget(rows: readonly SplitRow[]): BudgetSplits {
  const totals = { grantedFen: 0n, settledFen: 0n };
  const buckets = new Map<SplitDimension, Map<string, SplitBucket & { ids: Set<string> }>>(
    splitDimensions.map((dimension) => [dimension, new Map()]),
  );
  const purchaseFen = { domestic: 0n, imported: 0n, unspecified: 0n };
  for (const row of rows) {
    totals.grantedFen += row.grantedFen;
    totals.settledFen += row.settledFen;
    for (const dimension of splitDimensions) {
      const byKey = buckets.get(dimension);
      if (byKey === undefined) continue;
      const key = row.keys[dimension];
      let bucket = byKey.get(key);
      if (bucket === undefined) {
        bucket = { key, grantedFen: 0n, settledFen: 0n, enterprises: 0, ids: new Set() };
        byKey.set(key, bucket);
      }
      bucket.grantedFen += row.grantedFen;
      bucket.settledFen += row.settledFen;
      bucket.ids.add(row.enterpriseId);
      bucket.enterprises = bucket.ids.size;
    }
    if (row.computePurchaseFen > 0n) {
      const origin = row.keys.chipOrigin;
      if (origin === 'domestic') purchaseFen.domestic += row.computePurchaseFen;
      else if (origin === 'imported') purchaseFen.imported += row.computePurchaseFen;
      else purchaseFen.unspecified += row.computePurchaseFen;
    }
  }
  const allCompute = purchaseFen.domestic + purchaseFen.imported + purchaseFen.unspecified;
  return {
    totals,
    byDimension: Object.fromEntries(
      splitDimensions.map((dimension) => [
        dimension,
        [...(buckets.get(dimension)?.values() ?? [])]
          .map(({ ids: _ids, ...bucket }) => bucket)
          .sort(largestFirst),
      ]),
    ) as Record<SplitDimension, SplitBucket[]>,
    domesticCompute: {
      purchaseFen,
      // Rounded down: a share is never reported higher than it is.
      shareBps: allCompute === 0n ? null : Number((purchaseFen.domestic * 10_000n) / allCompute),
    },
  };
}

function largestFirst(a: SplitBucket, b: SplitBucket): number {
  if (a.grantedFen !== b.grantedFen) return a.grantedFen > b.grantedFen ? -1 : 1;
  if (a.settledFen !== b.settledFen) return a.settledFen > b.settledFen ? -1 : 1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}
