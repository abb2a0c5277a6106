import type { Database } from '../db/client.ts';
import { Meter, type MeterModel } from '../services/gateway/metering/index.ts';
import {
  priceUsageMicroFen,
  type GatewayMeter,
  type MeteredOffer,
  type Reservation,
} from './meter.ts';

/**
 * The gateway's request path on the real meter (src/services/gateway/metering): leases from the
 * ledger, the voucher / wallet split by the policy engine, usage records. The request path
 * reserves before it knows which offering will answer, so the hold is taken at the dearest
 * offering's worst case (it covers any of them); when another offering answers, the hold is
 * re-priced to it before settling, so the call is billed at the prices and the rate of the
 * model that answered.
 *
 * @example
 * const server = await startServer({ config, gatewayMeter: (db) => ledgerMeter(db) });
 */
export function ledgerMeter(db: Database): GatewayMeter {
  const meter = new Meter({ db });
  meter.start();
  return {
    reserve: async (request) => {
      const dearest = dearestOffer(request.offers, request.worstCase);
      const reservation = await meter.reserve({
        enterpriseId: request.caller.enterpriseId,
        projectId: request.caller.project,
        keyId: request.caller.keyId,
        requestId: request.requestId,
        model: meterModelOf(dearest),
        worstCase: request.worstCase,
      });
      return {
        settle: async (offer, outcome) => {
          if (offer.offerId !== dearest.offerId) {
            await reservation.reprice({ model: meterModelOf(offer), worstCase: request.worstCase });
          }
          const cost = reservation.settle({
            usage: outcome.usage,
            status: outcome.status,
            latencyMs: outcome.latencyMs,
            firstTokenMs: outcome.firstTokenMs,
          });
          return {
            totalMicroFen: cost.totalMicroFen,
            totalFen: cost.billedFen,
            voucherFen: cost.billedVoucherFen,
            walletFen: cost.billedWalletFen,
            billed: true,
          };
        },
        release: () => {
          reservation.release();
          return Promise.resolve();
        },
      } satisfies Reservation;
    },
    close: () => meter.close(),
  };
}

function meterModelOf(offer: MeteredOffer): MeterModel {
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

/** The offering whose worst case costs most (the first of equals); a call has at least one. */
function dearestOffer(
  offers: readonly MeteredOffer[],
  worstCase: { inputTokens: number; outputTokens: number },
): MeteredOffer {
  const usage = { ...worstCase, cachedInputTokens: 0 };
  let dearest = offers[0];
  if (dearest === undefined) throw new Error('ledgerMeter: a call with no offering to price');
  for (const offer of offers) {
    if (priceUsageMicroFen(offer, usage) > priceUsageMicroFen(dearest, usage)) dearest = offer;
  }
  return dearest;
}
