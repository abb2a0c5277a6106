import { assert } from '../shared/assert.ts';
import { MICRO_FEN_PER_FEN } from './pricing.ts';
import type { CostSplit } from './split.ts';

/**
 * From exact µfen to the whole fen the ledger moves. A call usually costs a fraction of a fen, so
 * rounding each call alone would either give calls away (round down) or charge a fen for a
 * twentieth of one (round up). Instead a lease keeps a **tab**: the exact running sums of its
 * calls, and the whole fen billed so far. After every call:
 *
 * - billed total   = ⌈Σ exact total⌉ — rounded **up**: no call is free by rounding;
 * - billed voucher = min(⌊Σ exact voucher⌋, billed voucher before + the new whole fen of the
 *   total) — rounded **down** (public money never over-pays), and never more than the call added,
 *   so neither side of a call is ever negative;
 * - billed wallet  = billed total − billed voucher.
 *
 * Bounds over any number of calls of one tab (proved in `whole-fen.test.ts` by property tests):
 * `0 ≤ billed total − Σ total < 1 fen`; `0 ≤ Σ voucher − billed voucher < 2 fen`; so the
 * wallet pays at most 3 fen more than its exact share over the whole life of a lease, and no fen
 * is lost: what the calls report (the per-call increments) adds up to what the ledger moves.
 */
export interface FenTab {
  exactTotalMicroFen: bigint;
  exactVoucherMicroFen: bigint;
  billedTotalFen: bigint;
  billedVoucherFen: bigint;
}

/** Whole fen one call adds to the tab: what `usage.cost` reports and the ledger moves. */
export interface BilledFen {
  totalFen: bigint;
  voucherFen: bigint;
  walletFen: bigint;
}

/** Most fen by which a tab's wallet side may exceed its exact share (see the bounds above). */
export const WALLET_ROUNDING_MARGIN_FEN = 3n;

export const emptyTab: FenTab = Object.freeze({
  exactTotalMicroFen: 0n,
  exactVoucherMicroFen: 0n,
  billedTotalFen: 0n,
  billedVoucherFen: 0n,
});

function ceilFen(amountMicroFen: bigint): bigint {
  return (amountMicroFen + MICRO_FEN_PER_FEN - 1n) / MICRO_FEN_PER_FEN;
}

/**
 * Adds one call to a tab; returns the new tab and the whole fen this call bills.
 *
 * @example
 * let tab = emptyTab;
 * ({ tab } = addToTab(tab, { totalMicroFen: 400000n, voucherMicroFen: 120000n, walletMicroFen: 280000n }));
 * // billed { totalFen: 1n, voucherFen: 0n, walletFen: 1n }: the first 0.4 fen opens a fen
 * addToTab(tab, { totalMicroFen: 400000n, voucherMicroFen: 120000n, walletMicroFen: 280000n }).billed
 * // { totalFen: 0n, voucherFen: 0n, walletFen: 0n }: 0.8 fen is still within that fen
 */
export function addToTab(tab: FenTab, split: CostSplit): { tab: FenTab; billed: BilledFen } {
  assert(
    split.voucherMicroFen >= 0n &&
      split.walletMicroFen >= 0n &&
      split.voucherMicroFen + split.walletMicroFen === split.totalMicroFen,
    'addToTab: the split does not add up',
  );
  const exactTotalMicroFen = tab.exactTotalMicroFen + split.totalMicroFen;
  const exactVoucherMicroFen = tab.exactVoucherMicroFen + split.voucherMicroFen;
  const billedTotalFen = ceilFen(exactTotalMicroFen);
  const newFen = billedTotalFen - tab.billedTotalFen;
  const voucherFloorFen = exactVoucherMicroFen / MICRO_FEN_PER_FEN;
  const billedVoucherFen =
    voucherFloorFen < tab.billedVoucherFen + newFen
      ? voucherFloorFen
      : tab.billedVoucherFen + newFen;
  const billed = {
    totalFen: newFen,
    voucherFen: billedVoucherFen - tab.billedVoucherFen,
    walletFen: newFen - (billedVoucherFen - tab.billedVoucherFen),
  };
  assert(
    billed.totalFen >= 0n && billed.voucherFen >= 0n && billed.walletFen >= 0n,
    'addToTab: a negative increment',
  );
  return {
    tab: { exactTotalMicroFen, exactVoucherMicroFen, billedTotalFen, billedVoucherFen },
    billed,
  };
}
