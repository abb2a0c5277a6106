import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/client.ts';
import {
  ledgerMeter,
  priceUsageMicroFen,
  type CallCost,
  type MeteredOffer,
} from '../src/gateway/index.ts';
import { verifyLedger } from '../src/services/ledger/index.ts';
import { setUpGatewayMoney, type GatewayMoneyWorld } from './support/gateway-money-fixtures.ts';
import { createTestPglite } from './support/test-database.ts';

/**
 * The gateway's request path on the real meter: whichever offering answers, the call is billed
 * exactly at that offering's prices, under its model id, once; a released call bills nothing;
 * the ledger holds after every run.
 */

let db: Database;
let world: GatewayMoneyWorld;
beforeAll(async () => {
  db = await createTestPglite();
  world = await setUpGatewayMoney(db, { voucherFen: 50_000n, walletFen: 500_000n });
});
afterAll(async () => {
  await db.close();
});

const price = fc.bigInt({ min: 1n, max: 5_000n });

function offerOf(filed: boolean, prices: [bigint, bigint], index: number): MeteredOffer {
  return {
    offerId: `offer-${index}`,
    modelId: filed ? 'meter-filed' : 'meter-unfiled',
    providerId: world.providerId,
    inputPriceFenPerMillion: prices[0],
    outputPriceFenPerMillion: prices[1],
    cachedInputPriceFenPerMillion: prices[0],
    filed,
    acceleratorOrigin: filed ? 'domestic' : 'imported',
    regionCode: '330100',
  };
}

const callArbitrary = fc.record({
  offers: fc.array(fc.record({ filed: fc.boolean(), prices: fc.tuple(price, price) }), {
    minLength: 1,
    maxLength: 3,
  }),
  answering: fc.nat(),
  inputTokens: fc.integer({ min: 0, max: 20_000 }),
  outputTokens: fc.integer({ min: 0, max: 8_000 }),
  released: fc.boolean(),
});

let run = 0;

describe('ledgerMeter', () => {
  it('bills each call at the answering offering’s prices, once, and releases what is not used', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(callArbitrary, { minLength: 1, maxLength: 6 }), async (calls) => {
        run += 1;
        const meter = ledgerMeter(db);
        const settled: { requestId: string; modelId: string; cost: CallCost }[] = [];
        for (const [index, call] of calls.entries()) {
          const offers = call.offers.map((o, at) => offerOf(o.filed, o.prices, at));
          const answering = offers[call.answering % offers.length]!;
          const requestId = `ledger-meter-${run}-${index}`;
          const worstCase = { inputTokens: 20_000, outputTokens: 8_000 };
          const reservation = await meter.reserve({
            requestId,
            caller: { keyId: 'key-1', enterpriseId: world.enterpriseId, project: null },
            modelId: answering.modelId,
            offers,
            worstCase,
            now: new Date(),
          });
          if (call.released) {
            await reservation.release();
            continue;
          }
          const usage = {
            inputTokens: call.inputTokens,
            cachedInputTokens: 0,
            outputTokens: call.outputTokens,
          };
          const cost = await reservation.settle(answering, {
            usage,
            status: 'ok',
            latencyMs: 5,
            firstTokenMs: null,
          });
          // Exact, at the prices of the offering that answered (not the dearest held).
          expect(cost.totalMicroFen).toBe(priceUsageMicroFen(answering, usage));
          expect(cost.billed).toBe(true);
          expect(cost.voucherFen + cost.walletFen).toBe(cost.totalFen);
          settled.push({ requestId, modelId: answering.modelId, cost });
        }
        await meter.close();
        const records = await db.query<{
          request_id: string;
          model_id: string;
          cost_micro_fen: bigint;
          billed_fen: bigint;
        }>(
          `select request_id, model_id, cost_micro_fen, billed_fen from gateway_usage_records
            where request_id like $1 order by request_id`,
          [`ledger-meter-${run}-%`],
        );
        // One record per settled call, none for a released one, each as the call was billed.
        expect(
          records.map((r) => [r.request_id, r.model_id, r.cost_micro_fen, r.billed_fen]),
        ).toEqual(
          settled
            .map((s) => [s.requestId, s.modelId, s.cost.totalMicroFen, s.cost.totalFen])
            .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
        );
      }),
      { numRuns: 12 },
    );
    expect(await verifyLedger({ db })).toMatchObject({ ok: true });
  });
});
