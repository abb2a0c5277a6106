/**
 * What the request path asks of money: the metering module's `Meter` (leases from the ledger, the
 * voucher/wallet split by the policy engine, usage records; docs/gateway-money.md). Before
 * forwarding, a call reserves its worst case on the first offering in routing order; before a
 * fallback tries another offering, it re-prices the reservation to that offering's model; when the
 * answer is complete (or cut off) it settles what was delivered, on the offering that answered;
 * when no upstream answered, it releases.
 */
import type { RoutingOffer } from '../services/gateway/catalog/index.ts';
import type { CallCost, Meter, MeterModel } from '../services/gateway/metering/index.ts';

/** The part of the metering module's `Meter` the request path uses. */
export type GatewayMeter = Pick<Meter, 'reserve' | 'close'>;

/** An offering as the meter prices it and the policy engine judges it. */
export function meterModelOf(offer: RoutingOffer): MeterModel {
  let model = meterModels.get(offer);
  if (!model) {
    model = meterModelOfOffer(offer);
    meterModels.set(offer, model);
  }
  return model;
}

/**
 * One model object per offering (offerings are replaced, not changed, when the catalog is
 * reloaded): each call asked for it twice, and the meter keys its per-model decisions on it.
 */
const meterModels = new WeakMap<RoutingOffer, MeterModel>();

function meterModelOfOffer(offer: RoutingOffer): MeterModel {
  return {
    id: offer.modelId,
    providerId: offer.providerId,
    filedModel: offer.filed,
    chipOrigin: offer.acceleratorOrigin,
    regionCode: offer.regionCode,
    prices: {
      inputFenPerMillion: offer.inputPriceFenPerMillion,
      outputFenPerMillion: offer.outputPriceFenPerMillion,
      cachedInputFenPerMillion: offer.cachedInputPriceFenPerMillion,
    },
  };
}

/**
 * `usage.cost` of the body and the final stream chunk: the exact cost in yuan (8 decimals), and
 * the whole fen the call added to the ledger, split into voucher and wallet (a lease's tab rounds
 * sub-fen costs, so a call may add 0 fen and a later one the carried fen; docs/gateway-money.md).
 */
export function costJson(cost: CallCost): Record<string, string | number> {
  return {
    yuan: cost.totalYuan,
    totalFen: cost.billedFen.toString(),
    voucherFen: cost.billedVoucherFen.toString(),
    walletFen: cost.billedWalletFen.toString(),
    voucherRateBps: cost.rateBps,
  };
}

/** The headers of a non-streaming answer: the whole fen billed, and the voucher's part of it. */
export function costHeaders(cost: CallCost): Record<string, string> {
  return {
    'x-suanli-cost-fen': cost.billedFen.toString(),
    'x-suanli-subsidy-fen': cost.billedVoucherFen.toString(),
  };
}

/** Tokens as the upstream reported them (or as counted when it reported none). */
export interface MeteredUsage {
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
}

/** How a call ended, for the usage record (the metering module's `UsageStatus` names). */
export type SettleStatus = 'ok' | 'client-aborted' | 'upstream-failed';
