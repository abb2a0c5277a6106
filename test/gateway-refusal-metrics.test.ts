/**
 * Calls refused for want of balance (402) are counted in the Prometheus metrics
 * (`suanli_gateway_calls_total{status="refused"}`), both when the first reservation is refused and
 * when a fallback's re-price to a dearer upstream is refused after the first upstream failed.
 */
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/http/serve.ts';
import { addGatewayKey, addOffering } from './support/gateway-fixtures.ts';
import { startGatewayTestWorld, type GatewayTestWorld } from './support/gateway-server.ts';

let world: GatewayTestWorld;
let server: RunningServer;
let client: OpenAI;

/** A millionth of a fen a token is cheap enough for ¥2; ten fen a token is not, for any call. */
const CHEAP = { inputPriceFenPerMillion: 1n, outputPriceFenPerMillion: 1n };
const DEAR = { inputPriceFenPerMillion: 10_000_000n, outputPriceFenPerMillion: 10_000_000n };

beforeAll(async () => {
  world = await startGatewayTestWorld({ walletFen: 200n });
  server = world.server;
  const { base, enterpriseId, now } = world;
  const db = server.db;
  await addOffering(db, { ...base, modelId: 'dear', upstreamModel: 'echo', overrides: DEAR });
  await addOffering(db, {
    ...base,
    modelId: 'dear-fallback',
    upstreamModel: 'fail-503',
    overrides: { ...CHEAP, routeOrder: 1 },
  });
  await addOffering(db, {
    ...base,
    modelId: 'dear-fallback',
    upstreamModel: 'echo',
    overrides: { ...DEAR, routeOrder: 2 },
  });
  await server.refreshGatewayCatalog();
  const { secret } = await addGatewayKey(db, { enterpriseId, now });
  client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: secret, maxRetries: 0 });
});

afterAll(() => world.stop());

async function refusal(model: string): Promise<unknown> {
  return client.chat.completions
    .create({ model, messages: [{ role: 'user', content: 'hi' }], max_completion_tokens: 8 })
    .then(
      () => null,
      (error: unknown) => error,
    );
}

function refusedCount(metrics: string, model: string): number {
  const line = metrics
    .split('\n')
    .find((text) =>
      text.startsWith(`suanli_gateway_calls_total{model="${model}",status="refused"}`),
    );
  return line === undefined ? 0 : Number(line.split(' ').at(-1));
}

describe('refused calls in /metrics', () => {
  it('counts a 402 at admission and a 402 at a fallback’s re-price', async () => {
    for (const model of ['dear', 'dear-fallback']) {
      const error = await refusal(model);
      expect(error).toBeInstanceOf(OpenAI.APIError);
      expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(402);
    }
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(refusedCount(metrics, 'dear')).toBe(1);
    expect(refusedCount(metrics, 'dear-fallback')).toBe(1);
  });
});
