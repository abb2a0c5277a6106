import { describe, expect, it } from 'vitest';
import { createMetrics, observeGatewayCall } from '../src/http/metrics.ts';

describe('gateway metrics', () => {
  it('counts calls per model and status, billed fen per side and tokens', async () => {
    const metrics = createMetrics();
    const call = {
      modelId: 'demo-filed',
      inputTokens: 1_000,
      outputTokens: 200,
      billedVoucherFen: 3n,
      billedWalletFen: 7n,
      latencyMs: 250,
    };
    observeGatewayCall(metrics, { ...call, status: 'ok' });
    observeGatewayCall(metrics, { ...call, status: 'ok' });
    observeGatewayCall(metrics, {
      ...call,
      status: 'refused',
      inputTokens: 0,
      outputTokens: 0,
      billedVoucherFen: 0n,
      billedWalletFen: 0n,
    });
    const text = await metrics.registry.metrics();
    expect(text).toContain('suanli_gateway_calls_total{model="demo-filed",status="ok"} 2');
    expect(text).toContain('suanli_gateway_calls_total{model="demo-filed",status="refused"} 1');
    expect(text).toContain('suanli_gateway_billed_fen_total{model="demo-filed",side="voucher"} 6');
    expect(text).toContain('suanli_gateway_billed_fen_total{model="demo-filed",side="wallet"} 14');
    expect(text).toContain(
      'suanli_gateway_tokens_total{model="demo-filed",direction="input"} 2000',
    );
  });
});
