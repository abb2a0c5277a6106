import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ChatBody } from './answers.ts';
import { answerChat, answerEmbeddings, CREATED, sendJson, streamChat } from './responses.ts';
import { behaviourOf } from './behaviour.ts';

/** A call the test upstream received: what tests check "answered once" against. */
export interface ReceivedCall {
  path: string;
  model: string;
  requestId: string | null;
  stream: boolean;
  includeUsage: boolean;
  /** Set when the connection closed: false if before the whole answer was written. */
  completed: boolean | null;
}

export interface TestUpstream {
  /** Base URL with `/v1`, as the catalog stores it. */
  baseUrl: string;
  port: number;
  received: ReceivedCall[];
  close: () => Promise<void>;
}

/**
 * A TEST UPSTREAM, not a model: a small OpenAI-compatible server for the demo, the tests and
 * the benchmark. It answers chat (streaming and not, always with usage when asked) and
 * embeddings deterministically (answers.ts states the rules) and can be told to be slow, to
 * fail or to die mid-stream (behaviour.ts). Listens on 127.0.0.1 only.
 *
 * @example
 * const upstream = await startTestUpstream({ port: 0 });
 * // catalog: upstreamBaseUrl = upstream.baseUrl, upstreamModel = 'echo' (or 'fail-503', …)
 */
export async function startTestUpstream(
  options: { port?: number; recordCalls?: boolean } = {},
): Promise<TestUpstream> {
  const received: ReceivedCall[] = [];
  const server = createServer((request, response) => {
    handle(request, response, received, options.recordCalls ?? true).catch(() => {
      response.destroy();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    port,
    received,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  received: ReceivedCall[],
  record: boolean,
): Promise<void> {
  const path = (request.url ?? '').split('?')[0] ?? '';
  if (request.method === 'GET' && path === '/v1/models') {
    sendJson(response, 200, {
      object: 'list',
      data: [{ id: 'echo', object: 'model', created: CREATED, owned_by: 'test-upstream' }],
    });
    return;
  }
  if (request.method !== 'POST' || (path !== '/v1/chat/completions' && path !== '/v1/embeddings')) {
    sendJson(response, 404, {
      error: {
        message: `no route ${path}`,
        type: 'invalid_request_error',
        param: null,
        code: null,
      },
    });
    return;
  }
  const body = JSON.parse(await readBody(request)) as ChatBody & {
    stream?: unknown;
    stream_options?: { include_usage?: unknown };
    input?: unknown;
  };
  const model = typeof body.model === 'string' ? body.model : '';
  const stream = body.stream === true;
  if (record) {
    const call: ReceivedCall = {
      path,
      model,
      requestId:
        typeof request.headers['x-request-id'] === 'string'
          ? request.headers['x-request-id']
          : null,
      stream,
      includeUsage: body.stream_options?.include_usage === true,
      completed: null,
    };
    received.push(call);
    response.once('close', () => {
      call.completed = response.writableFinished;
    });
  }
  const behaviour = behaviourOf(model, request.headers);
  if (behaviour.delayMs > 0) await sleep(behaviour.delayMs);
  if (behaviour.failStatus !== null) {
    sendJson(response, behaviour.failStatus, {
      error: {
        message: `told to fail with ${behaviour.failStatus}`,
        type: 'server_error',
        param: null,
        code: null,
      },
    });
    return;
  }
  if (path === '/v1/embeddings') {
    answerEmbeddings(
      response,
      body.input,
      model,
      (body as { encoding_format?: unknown }).encoding_format === 'base64',
    );
    return;
  }
  if (stream) {
    await streamChat(response, body, model, behaviour, body.stream_options?.include_usage === true);
    return;
  }
  answerChat(response, body, model);
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
