import { CNY_LEDGER, gatewayLedgerId } from '../../../domain/gateway/account-plan.ts';
import { assert } from '../../../domain/shared/assert.ts';
import type { NewTransfer } from '../../ledger/index.ts';

/** What one side of a renewal posts and leases again (fen). */
export interface SidePlan {
  postFen: bigint;
  pendingFen: bigint;
}

/**
 * One side of a lease in the ledger — the wallet's (wallet → lease holding) or the model
 * voucher's (grant → the program's payable): the pending transfer held now and what was posted.
 * A renewal settles the pending transfer at what the calls billed (a partial post, or a void when
 * nothing was billed) and leases the rest again, plus a top-up, under a fresh timeout.
 */
export class LeaseSide {
  /** Pending amount held in the ledger now (0: no pending transfer). */
  pendingFen = 0n;
  pendingId: string | null = null;
  postedFen = 0n;

  constructor(
    readonly name: 'wallet' | 'voucher',
    readonly leaseId: string,
    readonly debitAccountId: string,
    readonly creditAccountId: string,
    readonly code: number,
  ) {}

  /** Posted and pending: what the ledger holds for this side of the lease. */
  get leasedFen(): bigint {
    return this.postedFen + this.pendingFen;
  }

  /**
   * Adds this side's transfers of renewal `generation` to `transfers`: settle what is billed up
   * to `billedFen` in all, and (unless `closing`) lease again what is left plus `addFen`.
   */
  plan(options: {
    generation: number;
    billedFen: bigint;
    addFen: bigint;
    closing: boolean;
    timeoutSeconds: number;
    tag: string;
    transfers: NewTransfer[];
  }): SidePlan {
    const { generation, transfers } = options;
    const postFen = options.billedFen - this.postedFen;
    assert(
      postFen >= 0n && postFen <= this.pendingFen,
      `lease ${this.name}: billed past the lease`,
    );
    if (this.pendingId !== null) {
      transfers.push({
        id: gatewayLedgerId('lease', this.leaseId, `${this.name}:${generation}:settle`),
        debitAccountId: this.debitAccountId,
        creditAccountId: this.creditAccountId,
        // A post of 0 would post the whole pending amount: nothing billed is a void.
        amountFen: postFen,
        ledger: CNY_LEDGER,
        code: this.code,
        flags: postFen > 0n ? { postPending: true } : { voidPending: true },
        pendingId: this.pendingId,
        userData: options.tag,
      });
    }
    const pendingFen = options.closing ? 0n : this.pendingFen - postFen + options.addFen;
    if (pendingFen > 0n) {
      transfers.push({
        id: this.#leaseTransferId(generation),
        debitAccountId: this.debitAccountId,
        creditAccountId: this.creditAccountId,
        amountFen: pendingFen,
        ledger: CNY_LEDGER,
        code: this.code,
        flags: { pending: true },
        timeoutSeconds: options.timeoutSeconds,
        userData: options.tag,
      });
    }
    return { postFen, pendingFen };
  }

  /** Applies a committed renewal's plan for this side. */
  apply(generation: number, plan: SidePlan): void {
    this.postedFen += plan.postFen;
    this.pendingFen = plan.pendingFen;
    this.pendingId = plan.pendingFen > 0n ? this.#leaseTransferId(generation) : null;
  }

  #leaseTransferId(generation: number): string {
    return gatewayLedgerId('lease', this.leaseId, `${this.name}:${generation}:lease`);
  }
}
