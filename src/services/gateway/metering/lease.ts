import { v7 as uuidv7 } from 'uuid';
import {
  CNY_LEDGER,
  gatewayLedgerId,
  gatewayTransferCodes,
  leaseTag,
  modelServicePayableId,
  walletAccountIds,
  type WalletAccountIds,
} from '../../../domain/gateway/account-plan.ts';
import { LeaseBudget } from '../../../domain/gateway/lease-budget.ts';
import type { ModelSubsidy } from '../../../domain/gateway/model-subsidy.ts';
import { assert } from '../../../domain/shared/assert.ts';
import type { NewTransfer } from '../../ledger/index.ts';
import type { LeaseGrant } from './grant-funding.ts';
import { LeaseSide, type SidePlan } from './lease-side.ts';

/**
 * What a lease had billed at one instant: taken in the same synchronous step as the usage
 * records of the round, so the round posts exactly the money of the records it writes.
 */
export interface LeaseSnapshot {
  billed: { voucherFen: bigint; walletFen: bigint };
  charges: Map<string, bigint>;
  /** µfen calls asked for and could not get (taken from the lease; given back if the round fails). */
  wanted: { voucherFen: bigint; walletFen: bigint };
  /**
   * The lease ends with this round. Decided with the snapshot, never later: a round that read
   * `closing` after calls billed past its snapshot would end the lease without their money.
   */
  closing: boolean;
}

/** What one renewal will do, computed before its transaction and applied after its commit. */
export interface Renewal {
  transfers: NewTransfer[];
  generation: number;
  wallet: SidePlan;
  voucher: SidePlan;
  topUp: { voucherFen: bigint; walletFen: bigint };
  providerCharges: Map<string, bigint>;
  /** The lease ends with this renewal: nothing is leased again. */
  ends: boolean;
}

/**
 * An enterprise's lease in one gateway process: the in-memory budget (`LeaseBudget`) and the
 * pending ledger transfers that back it — one from the wallet (wallet → lease holding) and, when
 * the enterprise has a model voucher, one from its grant (grant → the program's payable).
 *
 * A renewal is one linked group: post what was billed since the last renewal (a partial post
 * resolves the pending transfer and releases the rest), at once lease the rest again with a fresh
 * timeout (plus a top-up when calls asked for more), and pass the wallet's billed fen on from the
 * holding account to each provider's payable. Linked, the group succeeds or fails whole, and
 * nobody else can take the released rest between the post and the new lease.
 */
export class EnterpriseLease {
  readonly leaseId = uuidv7();
  readonly enterpriseId: string;
  readonly accounts: WalletAccountIds;
  readonly grant: LeaseGrant | null;
  readonly budget = new LeaseBudget();
  /** The program's decision per model (rate, voucher limit) for this lease's grant. */
  readonly subsidies = new Map<string, ModelSubsidy>();
  /** Decisions being made now, shared by the calls that wait for them. */
  readonly deciding = new Map<string, Promise<ModelSubsidy>>();
  /** Wallet fen billed per provider and not yet passed on to its payable. */
  readonly unchargedByProvider = new Map<string, bigint>();
  /** Renewals done (0 before the first lease); part of each pending transfer's id. */
  generation = 0;
  /** The instant the pending transfers time out, after the last renewal. */
  expiresAt = new Date(0);
  renewedAt = new Date(0);
  /** µfen asked for by calls the lease could not cover, for the next renewal. */
  wanted = { voucherFen: 0n, walletFen: 0n };
  closing = false;
  /** A renewal ended the lease: its ledger side is settled and holds nothing. */
  ended = false;
  /** A background re-decision of the voucher limit is running. */
  refreshing = false;
  readonly #wallet: LeaseSide;
  readonly #voucher: LeaseSide | null;

  constructor(enterpriseId: string, grant: LeaseGrant | null) {
    this.enterpriseId = enterpriseId;
    this.grant = grant;
    this.accounts = walletAccountIds(enterpriseId);
    this.#wallet = new LeaseSide(
      'wallet',
      this.leaseId,
      this.accounts.wallet,
      this.accounts.holding,
      gatewayTransferCodes.walletLease,
    );
    this.#voucher =
      grant &&
      new LeaseSide(
        'voucher',
        this.leaseId,
        grant.accountId,
        grant.payableAccountId,
        gatewayTransferCodes.voucherLease,
      );
  }

  /** The program's latest limit on what this lease may take from the grant (fen). */
  voucherLimitFen = 0n;

  /** Whether the next round must renew this lease: money billed, asked for, or time to renew. */
  needsRenewal(now: Date, timeoutSeconds: number): boolean {
    const billed = this.budget.billedFen;
    if (this.ended) {
      assert(
        billed.walletFen === this.#wallet.postedFen &&
          billed.voucherFen === (this.#voucher?.postedFen ?? 0n),
        'lease: billed after it ended',
      );
      return false;
    }
    return (
      this.closing ||
      this.generation === 0 ||
      this.wanted.walletFen > 0n ||
      this.wanted.voucherFen > 0n ||
      billed.walletFen !== this.#wallet.postedFen ||
      billed.voucherFen !== (this.#voucher?.postedFen ?? 0n) ||
      now.getTime() - this.renewedAt.getTime() >= (timeoutSeconds * 1000) / 3
    );
  }

  /** Whether calls may hold from this lease now: renewed within half its timeout, not closing. */
  isFresh(now: Date, timeoutSeconds: number): boolean {
    return (
      !this.closing &&
      this.generation > 0 &&
      now.getTime() < this.expiresAt.getTime() - (timeoutSeconds * 1000) / 2
    );
  }

  /** Fen held in the ledger now (pending), per side. */
  get pendingFen(): { walletFen: bigint; voucherFen: bigint } {
    return { walletFen: this.#wallet.pendingFen, voucherFen: this.#voucher?.pendingFen ?? 0n };
  }

  /** Records wallet fen billed for a provider's model (passed on at the next renewal). */
  chargeProvider(providerId: string, walletFen: bigint): void {
    if (walletFen === 0n) return;
    this.unchargedByProvider.set(
      providerId,
      (this.unchargedByProvider.get(providerId) ?? 0n) + walletFen,
    );
  }

  /** What the lease billed so far, for the round now starting (see `LeaseSnapshot`). */
  snapshot(): LeaseSnapshot {
    const wanted = this.wanted;
    this.wanted = { voucherFen: 0n, walletFen: 0n };
    return {
      billed: this.budget.billedFen,
      charges: new Map(this.unchargedByProvider),
      wanted,
      closing: this.closing,
    };
  }

  /** Gives a failed round's requests back for the next one. */
  restore(snapshot: LeaseSnapshot): void {
    this.wanted = {
      voucherFen: this.wanted.voucherFen + snapshot.wanted.voucherFen,
      walletFen: this.wanted.walletFen + snapshot.wanted.walletFen,
    };
  }

  /**
   * The transfers of the next renewal: settle what was billed, lease again what is left plus
   * `topUp` (or nothing when the lease closes), with `timeoutSeconds`.
   */
  planRenewal(
    snapshot: LeaseSnapshot,
    topUp: { voucherFen: bigint; walletFen: bigint },
    timeoutSeconds: number,
  ): Renewal {
    const { billed } = snapshot;
    const generation = this.generation + 1;
    const tag = leaseTag(this.leaseId);
    const transfers: NewTransfer[] = [];
    const plan = (side: LeaseSide, billedFen: bigint, addFen: bigint): SidePlan =>
      side.plan({
        generation,
        billedFen,
        addFen,
        closing: snapshot.closing,
        timeoutSeconds,
        tag,
        transfers,
      });
    const wallet = plan(this.#wallet, billed.walletFen, topUp.walletFen);
    const voucher = this.#voucher
      ? plan(this.#voucher, billed.voucherFen, topUp.voucherFen)
      : { postFen: 0n, pendingFen: 0n };
    assert(
      this.#voucher !== null || billed.voucherFen === 0n,
      'lease: voucher billed without a grant',
    );
    const providerCharges = snapshot.charges;
    let chargedFen = 0n;
    for (const [providerId, amountFen] of [...providerCharges].sort(([a], [b]) =>
      a < b ? -1 : 1,
    )) {
      chargedFen += amountFen;
      transfers.push({
        id: gatewayLedgerId('lease', this.leaseId, `charge:${generation}:${providerId}`),
        debitAccountId: this.accounts.holding,
        creditAccountId: modelServicePayableId(providerId),
        amountFen,
        ledger: CNY_LEDGER,
        code: gatewayTransferCodes.modelCharge,
        userData: tag,
      });
    }
    assert(chargedFen === wallet.postFen, 'lease: provider charges differ from the wallet billed');
    for (const [index, transfer] of transfers.entries()) {
      if (index < transfers.length - 1) transfer.flags = { ...transfer.flags, linked: true };
    }
    return {
      transfers,
      generation,
      wallet,
      voucher,
      topUp,
      providerCharges,
      ends: snapshot.closing,
    };
  }

  /** Applies a committed renewal to the lease's state. */
  applyRenewal(renewal: Renewal, now: Date, timeoutSeconds: number): void {
    this.#wallet.apply(renewal.generation, renewal.wallet);
    this.#voucher?.apply(renewal.generation, renewal.voucher);
    for (const [providerId, amountFen] of renewal.providerCharges) {
      const left = (this.unchargedByProvider.get(providerId) ?? 0n) - amountFen;
      assert(left >= 0n, 'lease: charged more than billed');
      if (left === 0n) this.unchargedByProvider.delete(providerId);
      else this.unchargedByProvider.set(providerId, left);
    }
    this.budget.grow(renewal.topUp);
    if (renewal.ends) this.ended = true;
    this.generation = renewal.generation;
    this.renewedAt = now;
    this.expiresAt = new Date(now.getTime() + timeoutSeconds * 1000);
    const leased = this.budget.leasedFen;
    assert(
      leased.walletFen === this.#wallet.leasedFen || renewal.ends,
      'lease: the wallet lease differs from the ledger',
    );
    assert(
      leased.voucherFen === (this.#voucher?.leasedFen ?? 0n) || renewal.ends,
      'lease: the voucher lease differs from the ledger',
    );
  }
}
