/**
 * A client names its requests (`x-request-id`), and nothing stops two calls from carrying the
 * same name: a retry that keeps its trace id, a proxy with a fixed header, another tenant that
 * picked the same string. Each call is still one usage record of its own, and an enterprise's
 * records add up to the money its calls moved (docs/gateway-money.md).
 */
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../src/services/access/index.ts';
import { getGatewayBalances } from '../src/services/gateway/usage/index.ts';
import { addGatewayKey, addOffering, createTestEnterprise } from './support/gateway-fixtures.ts';
import { startGatewayTestWorld, type GatewayTestWorld } from './support/gateway-server.ts';

const WALLET_FEN = 10_000n;
const TRACE = 'trace-shared-1';

let world: GatewayTestWorld;
let enterprises: { id: string; client: OpenAI }[];

beforeAll(async () => {
  world = await startGatewayTestWorld({ walletFen: WALLET_FEN });
  const { server, base, now } = world;
  // A fen per token: every call costs whole fen, so each moves the wallet.
  await addOffering(server.db, {
    ...base,
    modelId: 'echo-model',
    upstreamModel: 'echo',
    overrides: { inputPriceFenPerMillion: 1_000_000n, outputPriceFenPerMillion: 1_000_000n },
  });
  await server.refreshGatewayCatalog();
  const other = await createTestEnterprise(server.db, now, WALLET_FEN);
  enterprises = await Promise.all(
    [world.enterpriseId, other].map(async (id) => {
      const { secret } = await addGatewayKey(server.db, { enterpriseId: id, now });
      const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: secret, maxRetries: 0 });
      return { id, client };
    }),
  );
});

afterAll(() => world.stop());

async function callWithTrace(client: OpenAI, stream: boolean): Promise<void> {
  const body = {
    model: 'echo-model',
    messages: [{ role: 'user' as const, content: 'one two three four' }],
    max_completion_tokens: 8,
  };
  const options = { headers: { 'x-request-id': TRACE } };
  if (!stream) {
    await client.chat.completions.create(body, options);
    return;
  }
  const chunks = await client.chat.completions.create(
    { ...body, stream: true, stream_options: { include_usage: true } },
    options,
  );
  let delivered = 0;
  for await (const chunk of chunks) delivered += chunk.choices.length;
  expect(delivered).toBeGreaterThan(0);
}

async function recordsOf(enterpriseId: string) {
  const rows = await world.server.db.query<{ n: number; billed: bigint | null }>(
    `select count(*)::int as n, sum(billed_wallet_fen)::int8 as billed
       from gateway_usage_records where enterprise_id = $1 and request_id = $2`,
    [enterpriseId, TRACE],
  );
  return { count: rows[0]?.n ?? 0, billedFen: rows[0]?.billed ?? 0n };
}

describe('calls that share a request id', () => {
  it('get a usage record each, and the records add up to the money moved', async () => {
    const [first, second] = enterprises;
    if (!first || !second) throw new Error('two enterprises expected');
    // Two calls of one enterprise at once, one of them streamed, then a third after them; and
    // one call of another enterprise under the same name.
    await Promise.all([callWithTrace(first.client, false), callWithTrace(first.client, true)]);
    await callWithTrace(first.client, false);
    await callWithTrace(second.client, false);
    await expect.poll(async () => (await recordsOf(first.id)).count).toBe(3);
    await expect.poll(async () => (await recordsOf(second.id)).count).toBe(1);
    for (const { id } of enterprises) {
      const balances = await getGatewayBalances({
        sql: world.server.db,
        actor: systemActor,
        enterpriseId: id,
        now: new Date(),
      });
      const { billedFen } = await recordsOf(id);
      expect(billedFen).toBeGreaterThan(0n);
      expect(balances.wallet.settledFen).toBe(WALLET_FEN - billedFen);
    }
  });
});
