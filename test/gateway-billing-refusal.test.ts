/**
 * When an enterprise's money is gone, the gateway says so the way the `openai` SDK expects: 402
 * (`APIError`, code `insufficient_balance`), after the calls the wallet could cover, and it never
 * bills past the wallet.
 */
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/client.ts';
import {
  createGateway,
  startTestUpstream,
  type Gateway,
  type TestUpstream,
} from '../src/gateway/index.ts';
import { createLogger } from '../src/http/logger.ts';
import { verifyLedger } from '../src/services/ledger/index.ts';
import {
  addGatewayKey,
  addOffering,
  createModelProvider,
  createTestEnterprise,
  testSecretBox,
} from './support/gateway-fixtures.ts';
import { createTestPglite } from './support/test-database.ts';
import { serveGateway, type ServedGateway } from './support/gateway-server.ts';

const WALLET_FEN = 200n;

let db: Database;
let upstream: TestUpstream;
let gateway: Gateway;
let served: ServedGateway;
let client: OpenAI;
let enterpriseId: string;

beforeAll(async () => {
  db = await createTestPglite();
  upstream = await startTestUpstream();
  const now = new Date();
  const providerId = await createModelProvider(db, now);
  // One fen a token, in and out.
  await addOffering(db, {
    providerId,
    modelId: 'fen-a-token',
    upstreamBaseUrl: upstream.baseUrl,
    upstreamModel: 'echo',
    now,
    overrides: { inputPriceFenPerMillion: 1_000_000n, outputPriceFenPerMillion: 1_000_000n },
  });
  enterpriseId = await createTestEnterprise(db, now, WALLET_FEN);
  const key = await addGatewayKey(db, { enterpriseId, now });
  // The gateway's own meter (none given): the default of a gateway mounted by itself.
  gateway = createGateway({
    db,
    logger: createLogger('silent'),
    secretBox: testSecretBox,
    healthCheckIntervalMs: 0,
  });
  await gateway.start();
  served = await serveGateway(gateway, 'app');
  client = new OpenAI({
    baseURL: served.baseURL,
    apiKey: key.secret,
    maxRetries: 0,
  });
});

afterAll(async () => {
  await served.close();
  await upstream.close();
  await db.close();
});

describe('when the balance is gone', () => {
  it('answers 402 through the SDK once the wallet cannot cover a call, never spending past it', async () => {
    let refused: unknown = null;
    let answered = 0;
    for (let call = 0; call < 40 && refused === null; call += 1) {
      await client.chat.completions
        .create({
          model: 'fen-a-token',
          messages: [{ role: 'user', content: 'hi' }],
          max_completion_tokens: 8,
        })
        .then(() => {
          answered += 1;
        })
        .catch((error: unknown) => {
          refused = error;
        });
    }
    expect(answered).toBeGreaterThan(0);
    expect(refused).toBeInstanceOf(OpenAI.APIError);
    expect((refused as InstanceType<typeof OpenAI.APIError>).status).toBe(402);
    expect((refused as InstanceType<typeof OpenAI.APIError>).code).toBe('insufficient_balance');
    await gateway.close();
    const [spent] = await db.query<{ fen: bigint; n: bigint }>(
      `select coalesce(sum(billed_fen), 0)::int8 as fen, count(*)::int8 as n
         from gateway_usage_records where enterprise_id = $1`,
      [enterpriseId],
    );
    expect(spent?.n).toBe(BigInt(answered));
    expect(spent?.fen).toBeLessThanOrEqual(WALLET_FEN);
    expect(spent?.fen).toBeGreaterThan(0n);
    expect(await verifyLedger({ db })).toMatchObject({ ok: true });
  });
});
