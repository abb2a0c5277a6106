/**
 * The gateway's edges that are not the happy path, with the openai SDK against a real HTTP
 * server and the real meter (leases from the ledger, usage records): 429 with retry-after from
 * the key's limits, 402 when the enterprise has no money, a client that aborts mid-stream, an
 * upstream that dies mid-stream, and no upstream at all. Each call is checked in its usage record
 * and, at the end, the ledger: what was delivered is billed, the rest of the worst case released.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/client.ts';
import { createLogger } from '../src/http/logger.ts';
import {
  createGateway,
  startTestUpstream,
  type Gateway,
  type TestUpstream,
} from '../src/gateway/index.ts';
import { walletAccountIds } from '../src/domain/gateway/account-plan.ts';
import { Meter } from '../src/services/gateway/metering/index.ts';
import { getBalances, verifyLedger } from '../src/services/ledger/index.ts';
import {
  addGatewayKey,
  addOffering,
  createModelProvider,
  createTestEnterprise,
  testSecretBox,
} from './support/gateway-fixtures.ts';
import { createTestPglite } from './support/test-database.ts';
import { serveGateway, type ServedGateway } from './support/gateway-server.ts';

let db: Database;
let upstream: TestUpstream;
let gateway: Gateway;
let meter: Meter;
let served: ServedGateway;
let baseURL: string;
let richId = '';
const RICH_WALLET_FEN = 100_000n;
const keys: Record<'rich' | 'broke' | 'slow', string> = { rich: '', broke: '', slow: '' };

beforeAll(async () => {
  db = await createTestPglite();
  upstream = await startTestUpstream();
  const now = new Date();
  const providerId = await createModelProvider(db, now);
  const base = { providerId, upstreamBaseUrl: upstream.baseUrl, now };
  await addOffering(db, { ...base, modelId: 'drip', upstreamModel: 'drip-40' });
  await addOffering(db, { ...base, modelId: 'dying', upstreamModel: 'die-after-3' });
  await addOffering(db, { ...base, modelId: 'echo', upstreamModel: 'echo' });
  await addOffering(db, { ...base, modelId: 'down', upstreamModel: 'fail-500' });
  await addOffering(db, { ...base, modelId: 'slow', upstreamModel: 'slow-2000' });
  richId = await createTestEnterprise(db, now, RICH_WALLET_FEN);
  const poor = await createTestEnterprise(db, now, 0n);
  keys.rich = (await addGatewayKey(db, { enterpriseId: richId, now })).secret;
  keys.broke = (await addGatewayKey(db, { enterpriseId: poor, now })).secret;
  keys.slow = (await addGatewayKey(db, { enterpriseId: richId, now, requestsPerMinute: 2 })).secret;
  meter = new Meter({ db, roundIntervalMs: 50 });
  meter.start();
  gateway = createGateway({
    db,
    logger: createLogger('silent'),
    meter,
    secretBox: testSecretBox,
    healthCheckIntervalMs: 0,
  });
  await gateway.start();
  served = await serveGateway(gateway);
  baseURL = served.baseURL;
});

afterAll(async () => {
  await served.close();
  await upstream.close();
  await db.close();
});

const clientOf = (key: string) => new OpenAI({ baseURL, apiKey: key, maxRetries: 0 });
const longText = Array.from({ length: 40 }, (_, index) => `word${index}`).join(' ');

interface UsageRow {
  status: string;
  output_tokens: number;
  first_token_ms: number | null;
  cost_micro_fen: bigint;
}

async function usageRecordOf(requestId: string): Promise<UsageRow | undefined> {
  const [row] = await db.query<UsageRow>(
    `select status, output_tokens, first_token_ms, cost_micro_fen
       from gateway_usage_records where request_id = $1`,
    [requestId],
  );
  return row;
}

/** The call's usage record, once a settlement round has written it. */
async function settledOf(requestId: string): Promise<UsageRow> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const row = await usageRecordOf(requestId);
    if (row) return row;
    await sleep(20);
  }
  throw new Error(`${requestId} never settled`);
}

describe('refusals', () => {
  it('429 RateLimitError with retry-after when the key passes its requests per minute', async () => {
    const client = clientOf(keys.slow);
    const ask = () =>
      client.chat.completions.create({
        model: 'echo',
        messages: [{ role: 'user', content: 'hi' }],
      });
    await ask();
    await ask();
    const error: unknown = await ask().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    const retryAfter = Number(
      (error as InstanceType<typeof OpenAI.RateLimitError>).headers.get('retry-after'),
    );
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
  });

  it('402 APIError when the voucher and wallet cannot cover the worst case; nothing forwarded', async () => {
    const before = upstream.received.length;
    const error: unknown = await clientOf(keys.broke)
      .chat.completions.create({ model: 'echo', messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(402);
    expect((error as InstanceType<typeof OpenAI.APIError>).code).toBe('insufficient_balance');
    expect(upstream.received.length).toBe(before);
  });

  it('502 when no upstream answers, and the reservation is released, not settled', async () => {
    const requestId = 'all-down-1';
    const error: unknown = await clientOf(keys.rich)
      .chat.completions.create(
        { model: 'down', messages: [{ role: 'user', content: 'hi' }] },
        { headers: { 'x-request-id': requestId } },
      )
      .catch((caught: unknown) => caught);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(502);
    await meter.flush();
    expect(await usageRecordOf(requestId)).toBeUndefined();
  });
});

describe('a whole answer the client gave up on', () => {
  it('stops the upstream, bills nothing and releases the reservation', async () => {
    const requestId = 'client-gone-whole-1';
    const controller = new AbortController();
    const answered = clientOf(keys.rich)
      .chat.completions.create(
        { model: 'slow', messages: [{ role: 'user', content: 'hi' }] },
        { headers: { 'x-request-id': requestId }, signal: controller.signal },
      )
      .catch((caught: unknown) => caught);
    const reached = () => upstream.received.find((call) => call.requestId === requestId);
    for (let attempt = 0; attempt < 100 && !reached(); attempt += 1) await sleep(10);
    controller.abort();
    expect(await answered).toBeInstanceOf(OpenAI.APIUserAbortError);
    for (let attempt = 0; attempt < 50 && reached()?.completed == null; attempt += 1) {
      await sleep(20);
    }
    // The upstream's request was cut, not left to finish its 2 s.
    expect(reached()?.completed).toBe(false);
    await meter.flush();
    expect(await usageRecordOf(requestId)).toBeUndefined();
  });
});

describe('streams cut short', () => {
  it('a client abort stops the upstream and settles what was delivered', async () => {
    const requestId = 'client-abort-1';
    const controller = new AbortController();
    const stream = await clientOf(keys.rich).chat.completions.create(
      { model: 'drip', messages: [{ role: 'user', content: longText }], stream: true },
      { headers: { 'x-request-id': requestId }, signal: controller.signal },
    );
    let chunks = 0;
    await (async () => {
      for await (const chunk of stream) {
        if (chunk.choices[0]?.delta.content) chunks += 1;
        if (chunks === 3) controller.abort();
      }
    })().catch(() => undefined);
    const settled = await settledOf(requestId);
    expect(settled.status).toBe('client-aborted');
    expect(settled.first_token_ms).toBeGreaterThanOrEqual(0);
    expect(settled.output_tokens).toBeGreaterThanOrEqual(3);
    expect(settled.output_tokens).toBeLessThan(41);
    // The upstream's connection was closed before its answer was complete: no hanging socket.
    for (let attempt = 0; attempt < 50; attempt += 1) {
      if (upstream.received.find((call) => call.requestId === requestId)?.completed !== null) break;
      await sleep(20);
    }
    expect(upstream.received.find((call) => call.requestId === requestId)?.completed).toBe(false);
  });

  it('an upstream that dies mid-stream ends the client stream with an error and settles what was delivered', async () => {
    const requestId = 'upstream-death-1';
    const stream = await clientOf(keys.rich).chat.completions.create(
      {
        model: 'dying',
        messages: [{ role: 'user', content: longText }],
        stream: true,
        stream_options: { include_usage: true },
      },
      { headers: { 'x-request-id': requestId } },
    );
    let text = '';
    const error: unknown = await (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    })().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(text).toBe('echo: word0 word1');
    const settled = await settledOf(requestId);
    expect(settled).toMatchObject({ status: 'upstream-failed', output_tokens: 3 });
  });

  it('keeps serving after both', async () => {
    const completion = await clientOf(keys.rich).chat.completions.create({
      model: 'echo',
      messages: [{ role: 'user', content: 'still here' }],
    });
    expect(completion.choices[0]?.message.content).toBe('echo: still here');
  });
});

describe('the ledger after the cut streams', () => {
  it('moved exactly what the usage records billed, and holds nothing once the meter stops', async () => {
    // Graceful stop: the gateway closes its meter, which settles and returns its lease.
    await gateway.close();
    const [wallet] = await getBalances({ sql: db, ids: [walletAccountIds(richId).wallet] });
    const [billed] = await db.query<{ fen: bigint; n: bigint }>(
      `select coalesce(sum(billed_wallet_fen), 0)::int8 as fen, count(*)::int8 as n
         from gateway_usage_records where enterprise_id = $1`,
      [richId],
    );
    // echo ×3 (two under the slow key, one after the streams), the abort, the death.
    expect(billed?.n).toBe(5n);
    expect(wallet?.inFlightFen).toBe(0n);
    expect(wallet?.settledFen).toBe(RICH_WALLET_FEN - (billed?.fen ?? 0n));
    expect(await verifyLedger({ db })).toMatchObject({ ok: true });
  });
});
