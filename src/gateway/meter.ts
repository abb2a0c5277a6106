/**
 * What the request path asks of money, and nothing else: before forwarding, reserve the call's
 * worst case; when the answer is complete (or cut off), settle what was used; on any failure
 * before an answer, release. The real meter (leases from the ledger, the voucher/wallet split
 * by the policy engine, usage records) implements this in the metering module; until a server
 * is given one, it runs with `unbilledMeter`, which prices calls from the catalog and moves no
 * money (and says so: `billed: false` on every cost).
 */

/** Whose call it is: the gateway key and what it belongs to. */
export interface MeteredCaller {
  keyId: string;
  enterpriseId: string;
  project: string | null;
}

/** The prices and the policy-relevant facts of the upstream offering that answers. */
export interface MeteredOffer {
  offerId: string;
  modelId: string;
  providerId: string;
  inputPriceFenPerMillion: bigint;
  outputPriceFenPerMillion: bigint;
  cachedInputPriceFenPerMillion: bigint;
  filed: boolean;
  acceleratorOrigin: 'domestic' | 'imported';
  regionCode: string;
}

/** Tokens as the upstream reported them (or as counted when it reported none). */
export interface MeteredUsage {
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
}

export interface ReserveRequest {
  /** The call's one id: retries and fallbacks share it, so a call is billed once. */
  requestId: string;
  caller: MeteredCaller;
  modelId: string;
  /** The dearest offering the call may be routed to: the reservation covers any of them. */
  offers: readonly MeteredOffer[];
  /** An upper bound of the input tokens, and `max_tokens` or the model's output cap. */
  worstCase: { inputTokens: number; outputTokens: number };
  now: Date;
}

/** What a call cost: exact, and the whole fen moved (voucher and wallet). */
export interface CallCost {
  /** Exact cost in millionths of a fen. */
  totalMicroFen: bigint;
  /** Whole fen this call added to the bill, split; all 0 when nothing was billed. */
  totalFen: bigint;
  voucherFen: bigint;
  walletFen: bigint;
  /** False from `unbilledMeter`: priced, but no money moved. */
  billed: boolean;
}

export interface Reservation {
  /**
   * Bills `usage` on the offering that answered (only that one: a call has one request id)
   * and releases the rest of the reservation. Called once, also for a stream cut short (with
   * what was delivered).
   */
  settle: (offer: MeteredOffer, outcome: CallOutcome) => Promise<CallCost>;
  /** Releases everything: no upstream answered. Called once, instead of `settle`. */
  release: () => Promise<void>;
}

/** How the call ended, for the usage record (the metering module's `UsageStatus` names). */
export type SettleStatus = 'ok' | 'client-aborted' | 'upstream-failed';

/** What a call delivered and how long it took, for the bill and the usage record. */
export interface CallOutcome {
  usage: MeteredUsage;
  status: SettleStatus;
  /** From the request's arrival to the end of the answer. */
  latencyMs: number;
  /** From the arrival to the first streamed content chunk; null when not streamed. */
  firstTokenMs: number | null;
}

/**
 * The money side of the gateway. `reserve` throws `DomainError('INSUFFICIENT_BALANCE')` when
 * the caller's voucher and wallet cannot cover the worst case (the client gets 402).
 */
export interface GatewayMeter {
  reserve: (request: ReserveRequest) => Promise<Reservation>;
  /** Returns what the process holds (leases) and flushes records; on graceful stop. */
  close: () => Promise<void>;
}

/** Exact cost in µfen: prices are fen per million tokens, so tokens × price has no division. */
export function priceUsageMicroFen(offer: MeteredOffer, usage: MeteredUsage): bigint {
  const cached = Math.min(usage.cachedInputTokens, usage.inputTokens);
  return (
    BigInt(usage.inputTokens - cached) * offer.inputPriceFenPerMillion +
    BigInt(cached) * offer.cachedInputPriceFenPerMillion +
    BigInt(usage.outputTokens) * offer.outputPriceFenPerMillion
  );
}

/**
 * The meter of a server without metering configured: it prices every call from the catalog
 * (the exact cost shows in `usage.cost`) and bills nothing — no reservation, no ledger
 * transfer, `billed: false`, fen all 0. Never the meter of a deployment that charges.
 */
export const unbilledMeter: GatewayMeter = {
  reserve: () =>
    Promise.resolve({
      settle: (offer, outcome) =>
        Promise.resolve({
          totalMicroFen: priceUsageMicroFen(offer, outcome.usage),
          totalFen: 0n,
          voucherFen: 0n,
          walletFen: 0n,
          billed: false,
        }),
      release: () => Promise.resolve(),
    }),
  close: () => Promise.resolve(),
};

/** µfen as yuan text with 8 decimals (`840000n` → `"0.00840000"`), exact. */
export function microFenToYuanText(amountMicroFen: bigint): string {
  const perYuan = 100_000_000n;
  const whole = amountMicroFen / perYuan;
  return `${whole}.${(amountMicroFen % perYuan).toString().padStart(8, '0')}`;
}

/** `usage.cost` of the body and the final stream chunk. */
export function costJson(cost: CallCost): Record<string, string | boolean> {
  return {
    yuan: microFenToYuanText(cost.totalMicroFen),
    totalFen: cost.totalFen.toString(),
    voucherFen: cost.voucherFen.toString(),
    walletFen: cost.walletFen.toString(),
    billed: cost.billed,
  };
}
