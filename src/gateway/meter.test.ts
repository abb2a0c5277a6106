import { describe, expect, it } from 'vitest';
import type { RoutingOffer } from '../services/gateway/catalog/index.ts';
import { costHeaders, costJson, meterModelOf } from './meter.ts';

describe('what the request path tells the meter and the client', () => {
  it('hands the meter the offering prices and the facts the policy engine judges', () => {
    const offer = {
      modelId: 'glm-4',
      providerId: 'prov-1',
      filed: true,
      acceleratorOrigin: 'domestic',
      regionCode: '330100',
      inputPriceFenPerMillion: 400n,
      outputPriceFenPerMillion: 1200n,
      cachedInputPriceFenPerMillion: 100n,
    } as RoutingOffer;
    expect(meterModelOf(offer)).toEqual({
      id: 'glm-4',
      providerId: 'prov-1',
      filedModel: true,
      chipOrigin: 'domestic',
      regionCode: '330100',
      prices: {
        inputFenPerMillion: 400n,
        outputFenPerMillion: 1200n,
        cachedInputFenPerMillion: 100n,
      },
    });
  });

  it('reports the exact yuan and the whole fen billed, voucher and wallet', () => {
    const cost = {
      totalMicroFen: 2_500_000n,
      voucherMicroFen: 750_000n,
      walletMicroFen: 1_750_000n,
      totalYuan: '0.02500000',
      billedFen: 2n,
      billedVoucherFen: 0n,
      billedWalletFen: 2n,
      rateBps: 3000,
    };
    expect(costJson(cost)).toEqual({
      yuan: '0.02500000',
      totalFen: '2',
      voucherFen: '0',
      walletFen: '2',
      voucherRateBps: 3000,
    });
    expect(costHeaders(cost)).toEqual({ 'x-suanli-cost-fen': '2', 'x-suanli-subsidy-fen': '0' });
  });
});
