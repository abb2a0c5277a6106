import { assert } from '../shared/assert.ts';
import { MICRO_FEN_PER_FEN } from './pricing.ts';
import { splitCost, type CostSplit } from './split.ts';
import {
  addToTab,
  emptyTab,
  WALLET_ROUNDING_MARGIN_FEN,
  type BilledFen,
  type FenTab,
} from './whole-fen.ts';

/**
 * The in-memory side of a lease: a gateway process holds `voucherFen` of a grant and `walletFen`
 * of a wallet as pending ledger transfers, and spends them here without a database round trip.
 * A call first **holds** its worst case (the voucher's share of it at the call's rate, the rest
 * on the wallet), then **settles** its real cost — which is never more than the hold, so a
 * settled call always fits — or **releases** the hold.
 *
 * The invariant, asserted after every step: whatever the holds in flight settle to, the whole
 * fen billed stay within the leased amounts — `billed voucher ≤ voucherFen` (the voucher is billed
 * at most ⌊its exact share⌋) and `billed wallet ≤ walletFen` (the wallet may be billed up to
 * `WALLET_ROUNDING_MARGIN_FEN` over its exact share, so that much of its slice is kept back).
 * The ledger's pending transfers hold exactly `voucherFen` and `walletFen`, so no process can
 * spend more than it leased, and the leases never more than the balances.
 */
export interface Hold {
  readonly voucherMicroFen: bigint;
  readonly walletMicroFen: bigint;
  readonly rateBps: number;
}

export interface SettledCall {
  split: CostSplit;
  billed: BilledFen;
}

export class LeaseBudget {
  #voucherFen = 0n;
  #walletFen = 0n;
  #tab: FenTab = emptyTab;
  #heldVoucherMicroFen = 0n;
  #heldWalletMicroFen = 0n;
  #holds = 0;

  /** Fen leased so far (over every renewal); grows with each top-up. */
  get leasedFen(): { voucherFen: bigint; walletFen: bigint } {
    return { voucherFen: this.#voucherFen, walletFen: this.#walletFen };
  }

  /** Whole fen billed so far, by side. */
  get billedFen(): { voucherFen: bigint; walletFen: bigint } {
    return {
      voucherFen: this.#tab.billedVoucherFen,
      walletFen: this.#tab.billedTotalFen - this.#tab.billedVoucherFen,
    };
  }

  get tab(): FenTab {
    return this.#tab;
  }

  /** Holds not settled or released yet. */
  get openHolds(): number {
    return this.#holds;
  }

  /** Adds leased fen (a top-up took more from the ledger). */
  grow(added: { voucherFen: bigint; walletFen: bigint }): void {
    assert(added.voucherFen >= 0n && added.walletFen >= 0n, 'LeaseBudget.grow: negative');
    this.#voucherFen += added.voucherFen;
    this.#walletFen += added.walletFen;
  }

  /** µfen of the voucher still free for new holds. */
  voucherFreeMicroFen(): bigint {
    const free =
      this.#voucherFen * MICRO_FEN_PER_FEN -
      this.#tab.exactVoucherMicroFen -
      this.#heldVoucherMicroFen;
    return free > 0n ? free : 0n;
  }

  /** µfen of the wallet still free for new holds (the rounding margin kept back). */
  walletFreeMicroFen(): bigint {
    const free =
      (this.#walletFen - WALLET_ROUNDING_MARGIN_FEN) * MICRO_FEN_PER_FEN -
      (this.#tab.exactTotalMicroFen - this.#tab.exactVoucherMicroFen) -
      this.#heldWalletMicroFen;
    return free > 0n ? free : 0n;
  }

  /**
   * Holds a call's worst case at `rateBps`, or returns what is missing (in µfen, per side) when
   * the lease cannot cover it.
   */
  hold(
    worstMicroFen: bigint,
    rateBps: number,
  ): { hold: Hold } | { missing: { voucherMicroFen: bigint; walletMicroFen: bigint } } {
    const split = splitCost({
      costMicroFen: worstMicroFen,
      rateBps,
      voucherAllowanceMicroFen: this.voucherFreeMicroFen(),
    });
    const walletFree = this.walletFreeMicroFen();
    if (split.walletMicroFen > walletFree) {
      // What a top-up needs: the wallet's shortfall; the voucher side is asked for its full
      // share at the rate, so a top-up of the grant can take load off the wallet.
      const atRate = splitCost({
        costMicroFen: worstMicroFen,
        rateBps,
        voucherAllowanceMicroFen: worstMicroFen,
      });
      return {
        missing: {
          voucherMicroFen: atRate.voucherMicroFen - split.voucherMicroFen,
          walletMicroFen: split.walletMicroFen - walletFree,
        },
      };
    }
    this.#heldVoucherMicroFen += split.voucherMicroFen;
    this.#heldWalletMicroFen += split.walletMicroFen;
    this.#holds += 1;
    this.#assertWithinLease();
    return {
      hold: {
        voucherMicroFen: split.voucherMicroFen,
        walletMicroFen: split.walletMicroFen,
        rateBps,
      },
    };
  }

  /**
   * Settles a hold at the call's real cost (at most the worst case it held): the voucher takes
   * its share at the hold's rate, within what the voucher has free now — what this call held plus
   * what other calls left free by settling below their worst case since it was held (a call
   * admitted while the others' worst cases held the whole voucher still gets its rate) — and the
   * wallet the rest, never more than the wallet held.
   */
  settle(hold: Hold, costMicroFen: bigint): SettledCall {
    const heldMicroFen = hold.voucherMicroFen + hold.walletMicroFen;
    assert(costMicroFen >= 0n && costMicroFen <= heldMicroFen, 'LeaseBudget.settle: over the hold');
    this.#unhold(hold);
    const split = splitCost({
      costMicroFen,
      rateBps: hold.rateBps,
      voucherAllowanceMicroFen: this.voucherFreeMicroFen(),
    });
    assert(split.walletMicroFen <= hold.walletMicroFen, 'LeaseBudget.settle: wallet over its hold');
    const added = addToTab(this.#tab, split);
    this.#tab = added.tab;
    this.#assertWithinLease();
    return { split, billed: added.billed };
  }

  /** Gives a hold back unused. */
  release(hold: Hold): void {
    this.#unhold(hold);
  }

  #unhold(hold: Hold): void {
    assert(this.#holds > 0, 'LeaseBudget: no hold open');
    this.#heldVoucherMicroFen -= hold.voucherMicroFen;
    this.#heldWalletMicroFen -= hold.walletMicroFen;
    this.#holds -= 1;
    assert(
      this.#heldVoucherMicroFen >= 0n && this.#heldWalletMicroFen >= 0n,
      'LeaseBudget: a hold released twice',
    );
  }

  #assertWithinLease(): void {
    const { voucherFen, walletFen } = this.billedFen;
    assert(voucherFen <= this.#voucherFen, 'LeaseBudget: voucher billed over its lease');
    assert(walletFen <= this.#walletFen, 'LeaseBudget: wallet billed over its lease');
    assert(
      this.#tab.exactVoucherMicroFen + this.#heldVoucherMicroFen <=
        this.#voucherFen * MICRO_FEN_PER_FEN,
      'LeaseBudget: voucher held over its lease',
    );
  }
}
