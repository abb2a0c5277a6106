import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  costJson,
  microFenToYuanText,
  priceUsageMicroFen,
  unbilledMeter,
  type MeteredOffer,
} from './meter.ts';

const price = fc.bigInt({ min: 0n, max: 100_000_000n });
const tokens = fc.integer({ min: 0, max: 100_000_000 });

function offerOf(input: bigint, output: bigint, cached: bigint): MeteredOffer {
  return {
    offerId: 'o',
    modelId: 'm',
    providerId: 'p',
    inputPriceFenPerMillion: input,
    outputPriceFenPerMillion: output,
    cachedInputPriceFenPerMillion: cached,
    filed: true,
    acceleratorOrigin: 'domestic',
    regionCode: '330100',
  };
}

describe('pricing a call exactly (µfen)', () => {
  it('is tokens × price per side, cached input at its own price, never rounded', () => {
    fc.assert(
      fc.property(
        price,
        price,
        price,
        tokens,
        tokens,
        tokens,
        (input, output, cached, inTokens, cachedTokens, outTokens) => {
          const usage = {
            inputTokens: inTokens,
            cachedInputTokens: Math.min(cachedTokens, inTokens),
            outputTokens: outTokens,
          };
          const cost = priceUsageMicroFen(offerOf(input, output, cached), usage);
          expect(cost).toBe(
            BigInt(usage.inputTokens - usage.cachedInputTokens) * input +
              BigInt(usage.cachedInputTokens) * cached +
              BigInt(outTokens) * output,
          );
          // Whole calls add up: pricing two halves of the output equals pricing the whole.
          const half = Math.floor(outTokens / 2);
          const offer = offerOf(input, output, cached);
          expect(
            priceUsageMicroFen(offer, { ...usage, outputTokens: half }) +
              priceUsageMicroFen(offer, {
                inputTokens: 0,
                cachedInputTokens: 0,
                outputTokens: outTokens - half,
              }),
          ).toBe(cost);
        },
      ),
    );
  });

  it('counts cached tokens at most once even if an upstream reports more cached than input', () => {
    const offer = offerOf(400n, 1200n, 100n);
    expect(
      priceUsageMicroFen(offer, { inputTokens: 10, cachedInputTokens: 50, outputTokens: 0 }),
    ).toBe(1000n);
  });

  it('writes µfen as exact yuan with 8 decimals (parsing it back gives the same µfen)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 18n }), (microFen) => {
        const text = microFenToYuanText(microFen);
        expect(text).toMatch(/^\d+\.\d{8}$/);
        expect(BigInt(text.replace('.', ''))).toBe(microFen);
      }),
    );
  });

  it('unbilledMeter prices the call and says it billed nothing', async () => {
    const reservation = await unbilledMeter.reserve({
      requestId: 'r',
      caller: { keyId: 'k', enterpriseId: 'e', project: null },
      modelId: 'm',
      offers: [],
      worstCase: { inputTokens: 10, outputTokens: 10 },
      now: new Date(),
    });
    const cost = await reservation.settle(offerOf(400n, 1200n, 400n), {
      usage: { inputTokens: 3, cachedInputTokens: 0, outputTokens: 4 },
      status: 'ok',
      latencyMs: 1,
      firstTokenMs: null,
    });
    expect(costJson(cost)).toEqual({
      yuan: '0.00006000',
      totalFen: '0',
      voucherFen: '0',
      walletFen: '0',
      billed: false,
    });
  });
});
