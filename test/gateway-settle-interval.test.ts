/**
 * GATEWAY_SETTLE_INTERVAL_MS sets how often the deployed server's meter writes its calls' usage
 * records and money (docs/gateway-money.md): with the default (500 ms) a call's record is in the
 * database within a second and a half; with 10 s it is not there yet after the same wait. Values
 * the meter cannot work with are refused at start.
 */
import OpenAI from 'openai';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config/config.ts';
import { DEFAULT_ROUND_INTERVAL_MS } from '../src/services/gateway/metering/meter.ts';
import { addGatewayKey, addOffering } from './support/gateway-fixtures.ts';
import { startGatewayTestWorld, type GatewayTestWorld } from './support/gateway-server.ts';

const worlds: GatewayTestWorld[] = [];
afterAll(() => Promise.all(worlds.map((world) => world.stop())));

/** A server with one model and a funded key, `config` added to its environment. */
async function worldWith(config: Record<string, string>) {
  const world = await startGatewayTestWorld({ walletFen: 10_000n, config });
  worlds.push(world);
  const { server, base, enterpriseId, now } = world;
  await addOffering(server.db, { ...base, modelId: 'echo-model', upstreamModel: 'echo' });
  await server.refreshGatewayCatalog();
  const { secret } = await addGatewayKey(server.db, { enterpriseId, now });
  const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: secret, maxRetries: 0 });
  return { world, client };
}

async function recordsOf(world: GatewayTestWorld): Promise<number> {
  const rows = await world.server.db.query<{ n: number }>(
    'select count(*)::int as n from gateway_usage_records where enterprise_id = $1',
    [world.enterpriseId],
  );
  return rows[0]?.n ?? 0;
}

describe('GATEWAY_SETTLE_INTERVAL_MS', () => {
  it('is how long a call waits to be written: the default within three intervals, 10 s not yet', async () => {
    const [usual, slow] = await Promise.all([
      worldWith({}),
      worldWith({ GATEWAY_SETTLE_INTERVAL_MS: '10000' }),
    ]);
    for (const { client } of [usual, slow]) {
      await client.chat.completions.create({
        model: 'echo-model',
        messages: [{ role: 'user', content: 'hello' }],
        max_completion_tokens: 8,
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 3 * DEFAULT_ROUND_INTERVAL_MS));
    expect(await recordsOf(usual.world)).toBe(1);
    expect(await recordsOf(slow.world)).toBe(0);
  }, 60_000);

  it('refuses an interval the meter cannot work with', () => {
    for (const value of ['0', '5', '60000', 'often']) {
      expect(() => loadConfig({ GATEWAY_SETTLE_INTERVAL_MS: value })).toThrow(ConfigError);
    }
    expect(loadConfig({ GATEWAY_SETTLE_INTERVAL_MS: '250' }).GATEWAY_SETTLE_INTERVAL_MS).toBe(250);
  });
});
