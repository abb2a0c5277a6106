import { v7 as uuidv7 } from 'uuid';
import type { MeteredModel } from '../../../domain/gateway/model-subsidy.ts';
import type { Hold } from '../../../domain/gateway/lease-budget.ts';
import {
  callCostMicroFen,
  clipToWorstCase,
  microFenToYuanText,
  worstCaseMicroFen,
  type ModelPrices,
  type TokenUsage,
  type WorstCase,
} from '../../../domain/gateway/pricing.ts';
import { assert } from '../../../domain/shared/assert.ts';
import type { UsageRecord, UsageStatus } from '../usage/usage-record.ts';
import type { EnterpriseLease } from './lease.ts';

/** A model as the meter prices it: the policy engine's facts and the catalog's prices. */
export interface MeterModel extends MeteredModel {
  prices: ModelPrices;
}

/** Who calls, with which model, and the most the call may use. */
export interface ReserveInput {
  enterpriseId: string;
  projectId?: string | null;
  keyId?: string | null;
  /** The request's name (the client's `x-request-id` when sent): not unique, not the record's key. */
  requestId: string;
  model: MeterModel;
  worstCase: WorstCase;
}

/** How a call ended: what the upstream reported delivering, and its timings. */
export interface CallOutcome {
  usage: TokenUsage;
  /** `ok` unless the client went away or the upstream failed mid-call (billed as delivered). */
  status?: Exclude<UsageStatus, 'refused'>;
  latencyMs: number;
  firstTokenMs?: number | null;
}

/** A call's cost for `usage.cost` and the headers: exact µfen, and the whole fen it billed. */
export interface CallCost {
  totalMicroFen: bigint;
  voucherMicroFen: bigint;
  walletMicroFen: bigint;
  /** Exact yuan, 8 decimals (µfen / 10^8). */
  totalYuan: string;
  /** Whole fen this call added to the ledger (see docs/gateway-money.md: a tab per lease). */
  billedFen: bigint;
  billedVoucherFen: bigint;
  billedWalletFen: bigint;
  rateBps: number;
}

/** What a reservation needs from its meter (the meter implements it). */
export interface ReservationHost {
  record(record: UsageRecord): void;
  rehold(
    reservation: Reservation,
    input: ReserveInput,
  ): Promise<{ lease: EnterpriseLease; hold: Hold }>;
  clock(): Date;
}

/**
 * A call's hold on its enterprise's lease: its worst case, held in memory. Exactly one of
 * `settle` (bill what was delivered) or `release` (bill nothing) ends it; `reprice` moves it to
 * another model when fallback changes the upstream (the first hold is given back, a new one is
 * taken at the new model's worst case and rate).
 */
export class Reservation {
  #input: ReserveInput;
  #lease: EnterpriseLease;
  #hold: Hold;
  #state: 'held' | 'settled' | 'released' = 'held';
  readonly #host: ReservationHost;

  constructor(host: ReservationHost, input: ReserveInput, lease: EnterpriseLease, hold: Hold) {
    this.#host = host;
    this.#input = input;
    this.#lease = lease;
    this.#hold = hold;
  }

  get requestId(): string {
    return this.#input.requestId;
  }

  get model(): MeterModel {
    return this.#input.model;
  }

  /** The worst case held, in µfen. */
  get heldMicroFen(): bigint {
    return this.#hold.voucherMicroFen + this.#hold.walletMicroFen;
  }

  get state(): 'held' | 'settled' | 'released' {
    return this.#state;
  }

  /**
   * Bills the call: the usage is clipped to the worst case held (an upstream that reports more
   * than it was allowed is billed what was reserved), priced exactly, split at the program's
   * rate, and added to the lease's tab. Synchronous: no database round trip.
   */
  settle(outcome: CallOutcome): CallCost {
    assert(this.#state === 'held', `reservation ${this.requestId}: already ${this.#state}`);
    const { model, worstCase } = this.#input;
    const usage = clipToWorstCase(outcome.usage, worstCase);
    const costMicroFen = callCostMicroFen(model.prices, usage);
    const { split, billed } = this.#lease.budget.settle(this.#hold, costMicroFen);
    this.#state = 'settled';
    this.#lease.chargeProvider(model.providerId, billed.walletFen);
    const grant = this.#lease.grant;
    // The voucher's whole fen can follow a call of its own later (the tab's rounding), so a call
    // names the program when it billed voucher fen too: the program's payable then adds up.
    const voucherPaid = split.voucherMicroFen > 0n || billed.voucherFen > 0n;
    this.#host.record({
      id: uuidv7(),
      requestId: this.requestId,
      enterpriseId: this.#input.enterpriseId,
      projectId: this.#input.projectId ?? null,
      keyId: this.#input.keyId ?? null,
      modelId: model.id,
      providerId: model.providerId,
      programId: voucherPaid && grant ? grant.programId : null,
      grantId: voucherPaid && grant ? grant.grantId : null,
      leaseId: this.#lease.leaseId,
      status: outcome.status ?? 'ok',
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
      cachedInputTokens: usage.cachedInputTokens ?? 0,
      latencyMs: Math.max(0, Math.round(outcome.latencyMs)),
      firstTokenMs:
        outcome.firstTokenMs == null ? null : Math.max(0, Math.round(outcome.firstTokenMs)),
      rateBps: this.#hold.rateBps,
      costMicroFen: split.totalMicroFen,
      voucherMicroFen: split.voucherMicroFen,
      walletMicroFen: split.walletMicroFen,
      billedFen: billed.totalFen,
      billedVoucherFen: billed.voucherFen,
      billedWalletFen: billed.walletFen,
      createdAt: this.#host.clock(),
    });
    return {
      totalMicroFen: split.totalMicroFen,
      voucherMicroFen: split.voucherMicroFen,
      walletMicroFen: split.walletMicroFen,
      totalYuan: microFenToYuanText(split.totalMicroFen),
      billedFen: billed.totalFen,
      billedVoucherFen: billed.voucherFen,
      billedWalletFen: billed.walletFen,
      rateBps: this.#hold.rateBps,
    };
  }

  /** Gives the hold back: the call is billed nothing (it never reached a model). */
  release(): void {
    if (this.#state !== 'held') return;
    this.#lease.budget.release(this.#hold);
    this.#state = 'released';
  }

  /**
   * Re-prices the hold for another model (fallback): gives the current hold back and holds the
   * new model's worst case at its own rate. Throws INSUFFICIENT_BALANCE (and then holds nothing)
   * when the balances cannot cover the new worst case.
   */
  async reprice(change: { model: MeterModel; worstCase: WorstCase }): Promise<void> {
    assert(this.#state === 'held', `reservation ${this.requestId}: already ${this.#state}`);
    worstCaseMicroFen(change.model.prices, change.worstCase);
    this.#lease.budget.release(this.#hold);
    this.#state = 'released';
    const input = { ...this.#input, model: change.model, worstCase: change.worstCase };
    const { lease, hold } = await this.#host.rehold(this, input);
    this.#input = input;
    this.#lease = lease;
    this.#hold = hold;
    this.#state = 'held';
  }
}
