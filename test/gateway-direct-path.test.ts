/**
 * The model calls' direct path in the platform's server (`serveModelCall`): `POST
 * /v1/chat/completions` and `POST /v1/embeddings` are answered without the Hono app, and must
 * look exactly as the app's answers did — request id, security headers, a body whose length is
 * declared — and be counted in the metrics under their route. Anything else under /v1 still
 * goes to the app.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/http/serve.ts';
import { addGatewayKey, addOffering } from './support/gateway-fixtures.ts';
import { startGatewayTestWorld, type GatewayTestWorld } from './support/gateway-server.ts';

let world: GatewayTestWorld;
let server: RunningServer;
let secret: string;

beforeAll(async () => {
  world = await startGatewayTestWorld();
  server = world.server;
  const { base, enterpriseId, now } = world;
  await addOffering(server.db, { ...base, modelId: 'echo-chat', upstreamModel: 'echo' });
  await addOffering(server.db, {
    ...base,
    modelId: 'echo-embed',
    upstreamModel: 'echo',
    overrides: { kind: 'embedding' },
  });
  await addOffering(server.db, { ...base, modelId: 'slow', upstreamModel: 'slow-2000' });
  await server.refreshGatewayCatalog();
  secret = (await addGatewayKey(server.db, { enterpriseId, now })).secret;
});

afterAll(() => world.stop());

const chat = (headers: Record<string, string>, path = '/v1/chat/completions') =>
  fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ model: 'echo-chat', messages: [{ role: 'user', content: 'hi' }] }),
  });

/** The `suanli_http_requests_total` count of a route and status (0 when never seen). */
async function requestCount(route: string, status: number): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const line = text
    .split('\n')
    .find(
      (candidate) =>
        candidate.startsWith('suanli_http_requests_total{') &&
        candidate.includes(`route="${route}"`) &&
        candidate.includes(`status="${status}"`) &&
        candidate.includes('method="POST"'),
    );
  return line ? Number(line.split(' ').at(-1)) : 0;
}

describe('the model calls served without the app', () => {
  it('answers with the request id, the security headers and the length of its body', async () => {
    const before = await requestCount('/v1/chat/completions', 200);
    const response = await chat(
      { authorization: `Bearer ${secret}`, 'x-request-id': 'trace-42.a' },
      '/v1/chat/completions?trace=1',
    );
    const body = await response.text();
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('trace-42.a');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('same-origin');
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(Number(response.headers.get('content-length'))).toBe(Buffer.byteLength(body));
    expect(response.headers.get('x-suanli-cost-fen')).toMatch(/^\d+$/u);
    expect((JSON.parse(body) as { model: string }).model).toBe('echo-chat');
    expect(await requestCount('/v1/chat/completions', 200)).toBe(before + 1);
  });

  it('names a request itself when the id it came with is malformed', async () => {
    const response = await chat({
      authorization: `Bearer ${secret}`,
      'x-request-id': 'no spaces!',
    });
    await response.text();
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/u);
  });

  it("answers refusals in OpenAI's shape and counts them under their status", async () => {
    const before = await requestCount('/v1/embeddings', 401);
    const response = await fetch(`${server.url}/v1/embeddings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-wrong' },
      body: JSON.stringify({ model: 'echo-embed', input: 'hi' }),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.json()).toMatchObject({ error: { code: 'invalid_api_key' } });
    expect(await requestCount('/v1/embeddings', 401)).toBe(before + 1);
  });

  it('counts a call whose client left before the answer as 499, not as the upstream failure it caused', async () => {
    const before = await requestCount('/v1/chat/completions', 499);
    const failedBefore = await requestCount('/v1/chat/completions', 502);
    const controller = new AbortController();
    const gone = fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${secret}`,
        'x-request-id': 'client-gone-1',
      },
      body: JSON.stringify({ model: 'slow', messages: [{ role: 'user', content: 'hi' }] }),
      signal: controller.signal,
    }).catch((caught: unknown) => caught);
    const reached = () =>
      world.upstream.received.some((call) => call.requestId === 'client-gone-1');
    for (let attempt = 0; attempt < 100 && !reached(); attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    controller.abort();
    expect(await gone).toBeInstanceOf(Error);
    for (let attempt = 0; attempt < 100; attempt += 1) {
      if ((await requestCount('/v1/chat/completions', 499)) > before) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await requestCount('/v1/chat/completions', 499)).toBe(before + 1);
    expect(await requestCount('/v1/chat/completions', 502)).toBe(failedBefore);
  });

  it('leaves every other method and path to the app', async () => {
    const read = await fetch(`${server.url}/v1/chat/completions`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(read.status).toBe(404);
    expect(await read.json()).toMatchObject({ error: { code: 'unknown_url' } });
    const slash = await chat({ authorization: `Bearer ${secret}` }, '/v1/chat/completions/');
    expect(slash.status).toBe(404);
    await slash.text();
    const models = await fetch(`${server.url}/v1/models`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(models.status).toBe(200);
    expect(models.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
