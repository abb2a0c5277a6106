/**
 * The MaaS gateway driven by the official `openai` SDK v6, unchanged apart from baseURL and the
 * key, against the real server (`startServer`, the gateway mounted at /v1) and the test
 * upstream: answers, streams with usage, tool calls, embeddings, the model list, every error
 * with the SDK's own class, and fallback answered once.
 */
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestUpstream } from '../src/gateway/index.ts';
import type { RunningServer } from '../src/http/serve.ts';
import { addGatewayKey, addOffering } from './support/gateway-fixtures.ts';
import { startGatewayTestWorld, type GatewayTestWorld } from './support/gateway-server.ts';

let world: GatewayTestWorld;
let server: RunningServer;
let upstream: TestUpstream;
let client: OpenAI;
let secret: string;

beforeAll(async () => {
  world = await startGatewayTestWorld();
  server = world.server;
  upstream = world.upstream;
  const { base, enterpriseId, now } = world;
  const db = server.db;
  await addOffering(db, {
    ...base,
    modelId: 'echo-chat',
    upstreamModel: 'echo',
    overrides: { upstreamApiKey: 'sk-upstream-secret' },
  });
  await addOffering(db, {
    ...base,
    modelId: 'echo-embed',
    upstreamModel: 'echo',
    overrides: { kind: 'embedding' },
  });
  await addOffering(db, {
    ...base,
    modelId: 'fallback',
    upstreamModel: 'fail-503',
    overrides: { routeOrder: 1 },
  });
  await addOffering(db, {
    ...base,
    modelId: 'fallback',
    upstreamModel: 'echo',
    overrides: { routeOrder: 2, inputPriceFenPerMillion: 100n },
  });
  await addOffering(db, { ...base, modelId: 'Qwen/Qwen2.5-7B', upstreamModel: 'echo' });
  await addOffering(db, {
    ...base,
    modelId: 'picky',
    upstreamModel: 'fail-400',
    overrides: { routeOrder: 1 },
  });
  await addOffering(db, {
    ...base,
    modelId: 'picky',
    upstreamModel: 'echo',
    overrides: { routeOrder: 2 },
  });
  await server.refreshGatewayCatalog();
  secret = (await addGatewayKey(db, { enterpriseId, now })).secret;
  client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: secret, maxRetries: 0 });
});

afterAll(() => world.stop());

describe('the gateway through the openai SDK', () => {
  it('answers a chat completion with usage and its cost', async () => {
    const { data, response } = await client.chat.completions
      .create({ model: 'echo-chat', messages: [{ role: 'user', content: 'hello there world' }] })
      .withResponse();
    expect(data.choices[0]?.message.content).toBe('echo: hello there world');
    expect(data.model).toBe('echo-chat');
    expect(data.usage).toMatchObject({ prompt_tokens: 3, completion_tokens: 4 });
    // 3 × 400 + 4 × 1200 µfen = 6000 µfen = ¥0.00006000. The enterprise has no voucher: the
    // wallet pays all. The ledger moves whole fen: the lease's tab bills the first fen now (no
    // call is free by rounding) and the next calls' µfen against it (docs/gateway-money.md).
    expect((data.usage as unknown as { cost: unknown }).cost).toEqual({
      yuan: '0.00006000',
      totalFen: '1',
      voucherFen: '0',
      walletFen: '1',
      voucherRateBps: 0,
    });
    expect(response.headers.get('x-suanli-cost-fen')).toBe('1');
    expect(response.headers.get('x-suanli-subsidy-fen')).toBe('0');
  });

  it('streams chunks and hands over the usage chunk with its cost when asked', async () => {
    const stream = await client.chat.completions.create({
      model: 'echo-chat',
      messages: [{ role: 'user', content: 'one two three' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: unknown = null;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('echo: one two three');
    expect(usage).toMatchObject({
      prompt_tokens: 3,
      completion_tokens: 4,
      // Within the fen the first call billed: no new whole fen.
      cost: {
        yuan: '0.00006000',
        totalFen: '0',
        voucherFen: '0',
        walletFen: '0',
        voucherRateBps: 0,
      },
    });
  });

  it('asks the upstream for usage but keeps the usage chunk from a client that did not ask', async () => {
    const before = upstream.received.length;
    const stream = await client.chat.completions.create({
      model: 'echo-chat',
      messages: [{ role: 'user', content: 'quiet please' }],
      stream: true,
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.every((chunk) => !chunk.usage)).toBe(true);
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe(
      'echo: quiet please',
    );
    expect(upstream.received.slice(before)).toMatchObject([{ stream: true, includeUsage: true }]);
  });

  it('passes tools through and returns the tool call', async () => {
    const completion = await client.chat.completions.create({
      model: 'echo-chat',
      messages: [{ role: 'user', content: 'weather in Hangzhou' }],
      tools: [
        {
          type: 'function',
          function: { name: 'get_weather', parameters: { type: 'object', properties: {} } },
        },
      ],
      response_format: { type: 'text' },
    });
    const call = completion.choices[0]?.message.tool_calls?.[0];
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
    expect(call?.type === 'function' ? call.function : null).toEqual({
      name: 'get_weather',
      arguments: JSON.stringify({ input: 'weather in Hangzhou' }),
    });
  });

  it('answers embeddings', async () => {
    const result = await client.embeddings.create({ model: 'echo-embed', input: ['a b', 'c'] });
    expect(result.data).toHaveLength(2);
    expect(result.data[0]?.embedding).toHaveLength(8);
    expect(result.usage.prompt_tokens).toBe(3);
  });

  it('lists the models and gets one, ids with a slash included', async () => {
    const ids = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids.sort()).toEqual(['Qwen/Qwen2.5-7B', 'echo-chat', 'echo-embed', 'fallback', 'picky']);
    const model = await client.models.retrieve('Qwen/Qwen2.5-7B');
    expect(model).toMatchObject({
      id: 'Qwen/Qwen2.5-7B',
      object: 'model',
      suanli: { filed: true, acceleratorOrigin: 'domestic' },
    });
  });

  it('falls back to the next upstream and answers once, from the one that answered', async () => {
    const requestId = 'fallback-call-1';
    const completion = await client.chat.completions.create(
      { model: 'fallback', messages: [{ role: 'user', content: 'are you there' }] },
      { headers: { 'x-request-id': requestId } },
    );
    expect(completion.choices[0]?.message.content).toBe('echo: are you there');
    const attempts = upstream.received.filter((call) => call.requestId === requestId);
    expect(attempts.map((call) => call.model)).toEqual(['fail-503', 'echo']);
    // Priced at the answering upstream's input price (100 fen/M), not the failed one's (400).
    expect((completion.usage as unknown as { cost: { yuan: string } }).cost.yuan).toBe(
      '0.00005100',
    );
  });
});

describe('errors, as the SDK raises them', () => {
  it('relays an upstream 4xx about the request as it is, without trying another upstream', async () => {
    const requestId = 'upstream-400-1';
    const error: unknown = await client.chat.completions
      .create(
        { model: 'picky', messages: [{ role: 'user', content: 'x' }] },
        { headers: { 'x-request-id': requestId } },
      )
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(upstream.received.filter((call) => call.requestId === requestId)).toHaveLength(1);
  });

  it('401 AuthenticationError for a bad key', async () => {
    const stranger = new OpenAI({
      baseURL: `${server.url}/v1`,
      apiKey: 'sk-suanli-nope',
      maxRetries: 0,
    });
    const error: unknown = await stranger.models.list().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
  });

  it('404 NotFoundError for an unknown model', async () => {
    const error: unknown = await client.chat.completions
      .create({ model: 'no-such-model', messages: [{ role: 'user', content: 'x' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect((error as InstanceType<typeof OpenAI.NotFoundError>).code).toBe('model_not_found');
  });

  it('400 BadRequestError for an invalid request, naming the field', async () => {
    const error: unknown = await client.chat.completions
      .create({ model: 'echo-chat', messages: [] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('messages');
  });

  it('400 BadRequestError for max_tokens past the model cap', async () => {
    const error: unknown = await client.chat.completions
      .create({
        model: 'echo-chat',
        messages: [{ role: 'user', content: 'x' }],
        max_completion_tokens: 1_000_000,
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
  });

  describe('the request body, read as it arrives', () => {
    const url = () => `${server.url}/v1/chat/completions`;
    const headers = () => ({
      authorization: `Bearer ${secret}`,
      'content-type': 'application/json',
    });
    const chunked = (parts: string[]): ReadableStream<Uint8Array> =>
      new ReadableStream({
        start(controller) {
          for (const part of parts) controller.enqueue(new TextEncoder().encode(part));
          controller.close();
        },
      });

    it('a body sent in several chunks is read whole', async () => {
      const body = JSON.stringify({
        model: 'echo-chat',
        messages: [{ role: 'user', content: 'hi' }],
      });
      const response = await fetch(url(), {
        method: 'POST',
        headers: headers(),
        body: chunked([body.slice(0, 5), body.slice(5, 30), body.slice(30)]),
        duplex: 'half',
      } as RequestInit);
      expect(response.status).toBe(200);
      expect(((await response.json()) as { object: string }).object).toBe('chat.completion');
      // The gateway sets the platform's security headers on its answers itself.
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('same-origin');
      expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('a body past 8 MiB is refused, declared (413) or streamed, and never forwarded', async () => {
      const before = upstream.received.length;
      const padding = 'x'.repeat(8 * 1024 * 1024);
      const declared = await fetch(url(), {
        method: 'POST',
        headers: headers(),
        body: JSON.stringify({
          model: 'echo-chat',
          messages: [{ role: 'user', content: padding }],
        }),
      });
      expect(declared.status).toBe(413);
      expect(declared.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await declared.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
      const streamed = await fetch(url(), {
        method: 'POST',
        headers: headers(),
        body: chunked([
          '{"model":"echo-chat","messages":[{"role":"user","content":"',
          padding,
          '"}]}',
        ]),
        duplex: 'half',
      } as RequestInit).then(
        (response) => response.status,
        () => 'connection closed',
      );
      expect(streamed === 413 || streamed === 'connection closed').toBe(true);
      expect(upstream.received.length).toBe(before);
    });
  });
});
