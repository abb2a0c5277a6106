import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Hono, type Context } from 'hono';
import type { Logger } from 'pino';
import type { Database } from '../db/client.ts';
import type { SecretBox } from '../services/gateway/catalog/index.ts';
import { Meter } from '../services/gateway/metering/index.ts';
import { scheduleJob, type ScheduledJob } from '../services/jobs/schedule-job.ts';
import { handleChatCompletion } from './chat-completions.ts';
import { clientCallOf, nodeClientCall, type ClientCall } from './client-call.ts';
import { answerResponse, writeAnswer, type GatewayAnswer } from './gateway-answer.ts';
import { nodeHeader, requestHeader, requestIdOf } from './request-header.ts';
import { markSecurityHeadersSet } from './response-headers.ts';
import { handleEmbeddings } from './embeddings.ts';
import { probeUpstreams } from './health-checks.ts';
import { KeyCache } from './key-cache.ts';
import { KeyLimiter } from './key-limiter.ts';
import type { GatewayMeter } from './meter.ts';
import { failureAnswer, failureOf, openAiError } from './openai-errors.ts';
import { listModels, getModel } from './models.ts';
import { RoutingTable, type RoutingStrategy } from './routing-table.ts';
import type { GatewayRuntime } from './runtime.ts';
import { UpstreamClient } from './upstream-client.ts';

export interface GatewayOptions {
  db: Database;
  logger: Logger;
  /**
   * The money side, started by the caller and closed by `close()`; absent: the gateway runs a
   * `Meter` of its own on `db` (started by `start()`).
   */
  meter?: GatewayMeter | undefined;
  /** Decrypts upstream keys; absent: offerings with a stored key are left out of routing. */
  secretBox?: (() => SecretBox) | undefined;
  /** Told of each call refused for want of balance (402), for the metrics. */
  onRefused?: ((call: { modelId: string }) => void) | undefined;
  routing?: RoutingStrategy | undefined;
  /** How often the catalog is re-read (default 5 s). */
  catalogRefreshMs?: number | undefined;
  /** How often upstreams are probed (default 30 s; 0: never, e.g. in tests). */
  healthCheckIntervalMs?: number | undefined;
  clock?: (() => Date) | undefined;
}

/** The `/v1` app and its lifecycle. */
export interface Gateway {
  /** Mount with `app.route('/v1', gateway.app)`. */
  app: Hono;
  /**
   * Serves `POST /v1/chat/completions` and `POST /v1/embeddings` straight from Node's request
   * handler, as `app` would but without the Web Request and Response and the platform app's
   * middleware around them (about a fifth of a call's allocations, docs/benchmarks.md#gateway);
   * false for any other request, which goes to the app. `onAnswered` is told of each answer once
   * its head is written (the server's access log and metrics).
   */
  serveModelCall: (
    request: IncomingMessage,
    response: ServerResponse,
    onAnswered?: (answered: AnsweredCall) => void,
  ) => boolean;
  runtime: GatewayRuntime;
  /** Loads the catalog and starts the refresh and the health probes. */
  start: () => Promise<void>;
  /** Stops the jobs, gives back the limits' unused slices, closes the meter and the pools. */
  close: () => Promise<void>;
}

/** A model call answered on the direct path (`serveModelCall`). */
export interface AnsweredCall {
  requestId: string;
  route: string;
  status: number;
  /** `performance.now()` when the request arrived. */
  startedAt: number;
}

type GatewayHandler = (
  runtime: GatewayRuntime,
  call: ClientCall,
  requestId: string,
  path: string,
) => Promise<GatewayAnswer>;

/** The status the access log and the metrics give a call whose client left before the answer. */
const CLIENT_GONE_STATUS = 499;

/**
 * The OpenAI-compatible MaaS gateway (docs/gateway.md): `POST /chat/completions`,
 * `POST /embeddings`, `GET /models`, `GET /models/{id}`, answering errors in OpenAI's shape.
 * The hot path reads nothing from the database: keys, catalog and limit slices are in memory.
 *
 * @example
 * const gateway = createGateway({ db, logger });
 * await gateway.start();
 * app.route('/v1', gateway.app);
 */
export function createGateway(options: GatewayOptions): Gateway {
  const clock = options.clock ?? (() => new Date());
  const routing = new RoutingTable({
    db: options.db,
    secretBox: options.secretBox,
    strategy: options.routing ?? 'order',
    refreshMs: options.catalogRefreshMs ?? 5_000,
    onError: (error) => options.logger.error({ err: error }, 'gateway catalog refresh failed'),
    onUnreadableKeys: (offerIds) =>
      options.logger.error(
        { offerIds },
        'gateway offerings left out: their upstream key cannot be decrypted (GATEWAY_SECRET_KEY changed?)',
      ),
  });
  let ownMeter: Meter | null = null;
  const meter = options.meter ?? (ownMeter = new Meter({ db: options.db, clock }));
  const runtime: GatewayRuntime = {
    db: options.db,
    logger: options.logger,
    keys: new KeyCache(options.db),
    limiter: new KeyLimiter(options.db),
    routing,
    upstreams: new UpstreamClient(),
    meter,
    onRefused: options.onRefused ?? (() => undefined),
    clock,
  };
  /** The handler's answer, or the OpenAI-shaped failure of what it threw. */
  const answerOf = async (
    handler: GatewayHandler,
    call: ClientCall,
    requestId: string,
    path: string,
  ): Promise<GatewayAnswer> => {
    try {
      return await handler(runtime, call, requestId, path);
    } catch (error) {
      const failure = failureOf(error);
      if (failure) return failureAnswer(failure, requestId);
      options.logger.error({ err: error, requestId }, 'gateway error');
      return failureAnswer(
        openAiError(500, 'internal error; quote the request id', 'server_error', null),
        requestId,
      );
    }
  };
  const app = new Hono();
  const guarded =
    (handler: GatewayHandler) =>
    async (c: Context): Promise<Response> => {
      // Mounted in the platform's server, the app's middleware has named the request already.
      const named: unknown = c.get('requestId' as never);
      const requestId =
        typeof named === 'string' ? named : requestIdOf(requestHeader(c, 'x-request-id'));
      // Every answer below carries the security headers itself (`gatewayHeaders`).
      markSecurityHeadersSet(c);
      return answerResponse(await answerOf(handler, clientCallOf(c), requestId, c.req.path));
    };
  app.post('/chat/completions', guarded(handleChatCompletion));
  app.post('/embeddings', guarded(handleEmbeddings));
  app.get('/models', guarded(listModels));
  app.get('/models/*', guarded(getModel));
  app.all('*', (c) =>
    answerResponse(
      failureAnswer(
        openAiError(
          404,
          `no route for ${c.req.method} ${c.req.path}`,
          'invalid_request_error',
          'unknown_url',
        ),
        randomUUID(),
      ),
    ),
  );
  const modelCalls: Record<string, GatewayHandler> = {
    '/v1/chat/completions': handleChatCompletion,
    '/v1/embeddings': handleEmbeddings,
  };
  const serveModelCall: Gateway['serveModelCall'] = (request, response, onAnswered) => {
    const path = request.url?.split('?', 1)[0] ?? '';
    const handler = request.method === 'POST' ? modelCalls[path] : undefined;
    if (!handler) return false;
    const startedAt = performance.now();
    const requestId = requestIdOf(nodeHeader(request.headers, 'x-request-id'));
    const call = nodeClientCall(request, response);
    void answerOf(handler, call, requestId, path)
      .then(async (answer) => {
        // A client gone before its answer is counted as such (499, as nginx logs it), not under
        // the status of an answer nobody read (the upstream attempt it cut short reads as 502).
        const status = response.destroyed ? CLIENT_GONE_STATUS : answer.status;
        const written = writeAnswer(response, answer);
        onAnswered?.({ requestId, route: path, status, startedAt });
        await written;
      })
      .catch((error: unknown) => {
        options.logger.error({ err: error, requestId }, 'gateway answer not written');
        response.destroy();
      });
    return true;
  };

  let health: ScheduledJob | undefined;
  return {
    app,
    serveModelCall,
    runtime,
    start: async () => {
      await routing.start();
      ownMeter?.start();
      const interval = options.healthCheckIntervalMs ?? 30_000;
      if (interval > 0) {
        health = scheduleJob({
          intervalMs: interval,
          run: () => probeUpstreams(runtime),
          onError: (error) => options.logger.error({ err: error }, 'gateway health probes failed'),
        });
      }
    },
    close: async () => {
      health?.stop();
      routing.stop();
      await runtime.limiter.close();
      await runtime.meter.close();
      await runtime.upstreams.close();
    },
  };
}
