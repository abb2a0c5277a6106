/**
 * The gateway's edges that are not the happy path, with the openai SDK against a real HTTP
 * server: 429 with retry-after from the key's limits, 402 from a meter that refuses, a client
 * that aborts mid-stream, an upstream that dies mid-stream, and no upstream at all. The meter
 * here is a recording implementation of the gateway's meter interface (the real one, with the
 * ledger, is the metering module's): it shows what the request path settles, and when.
 */
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import OpenAI from 'openai';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../src/domain/shared/errors.ts';
import type { Database } from '../src/db/client.ts';
import { createLogger } from '../src/http/logger.ts';
import {
  createGateway,
  priceUsageMicroFen,
  startTestUpstream,
  type Gateway,
  type GatewayMeter,
  type MeteredUsage,
  type SettleStatus,
  type TestUpstream,
} from '../src/gateway/index.ts';
import {
  addGatewayKey,
  addOffering,
  createModelProvider,
  createTestEnterprise,
  testSecretBox,
} from './support/gateway-fixtures.ts';
import { createTestPglite } from './support/test-database.ts';

interface Settled {
  requestId: string;
  usage: MeteredUsage;
  status: SettleStatus;
  firstTokenMs: number | null;
}

/** Refuses callers of `broke` enterprises with INSUFFICIENT_BALANCE; records every outcome. */
function recordingMeter(broke: Set<string>) {
  const settled: Settled[] = [];
  const released: string[] = [];
  const meter: GatewayMeter = {
    reserve: (request) => {
      if (broke.has(request.caller.enterpriseId)) {
        return Promise.reject(
          new DomainError('INSUFFICIENT_BALANCE', 'voucher and wallet are empty'),
        );
      }
      return Promise.resolve({
        settle: (offer, { usage, status, firstTokenMs }) => {
          settled.push({ requestId: request.requestId, usage, status, firstTokenMs });
          return Promise.resolve({
            totalMicroFen: priceUsageMicroFen(offer, usage),
            totalFen: 0n,
            voucherFen: 0n,
            walletFen: 0n,
            billed: false,
          });
        },
        release: () => {
          released.push(request.requestId);
          return Promise.resolve();
        },
      });
    },
    close: () => Promise.resolve(),
  };
  return { meter, settled, released };
}

let db: Database;
let upstream: TestUpstream;
let gateway: Gateway;
let server: ServerType;
let baseURL: string;
const broke = new Set<string>();
const recorder = recordingMeter(broke);
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
  const rich = await createTestEnterprise(db, now);
  const poor = await createTestEnterprise(db, now);
  broke.add(poor);
  keys.rich = (await addGatewayKey(db, { enterpriseId: rich, now })).secret;
  keys.broke = (await addGatewayKey(db, { enterpriseId: poor, now })).secret;
  keys.slow = (await addGatewayKey(db, { enterpriseId: rich, now, requestsPerMinute: 2 })).secret;
  gateway = createGateway({
    db,
    logger: createLogger('silent'),
    meter: recorder.meter,
    secretBox: testSecretBox,
    healthCheckIntervalMs: 0,
  });
  await gateway.start();
  const app = new Hono().route('/v1', gateway.app);
  server = await new Promise<ServerType>((resolve) => {
    const started = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () =>
      resolve(started),
    );
  });
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  await gateway.close();
  await new Promise((resolve) => server.close(resolve));
  await upstream.close();
  await db.close();
});

const clientOf = (key: string) => new OpenAI({ baseURL, apiKey: key, maxRetries: 0 });
const longText = Array.from({ length: 40 }, (_, index) => `word${index}`).join(' ');

async function settledOf(requestId: string): Promise<Settled> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const found = recorder.settled.find((entry) => entry.requestId === requestId);
    if (found) return found;
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
    expect(recorder.released).toContain(requestId);
    expect(recorder.settled.some((entry) => entry.requestId === requestId)).toBe(false);
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
    expect(settled.firstTokenMs).toBeGreaterThan(0);
    expect(settled.usage.outputTokens).toBeGreaterThanOrEqual(3);
    expect(settled.usage.outputTokens).toBeLessThan(41);
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
    expect(settled).toMatchObject({ status: 'upstream-failed', usage: { outputTokens: 3 } });
  });

  it('keeps serving after both', async () => {
    const completion = await clientOf(keys.rich).chat.completions.create({
      model: 'echo',
      messages: [{ role: 'user', content: 'still here' }],
    });
    expect(completion.choices[0]?.message.content).toBe('echo: still here');
  });
});
