import { OpenAPIHono } from '@hono/zod-openapi';
import { createHash, timingSafeEqual } from 'node:crypto';
import { routePath } from 'hono/route';
import type { Database } from '../db/client.ts';
import type { AppEnv } from './app-env.ts';
import { requestHeader, requestIdOf } from '../gateway/request-header.ts';
import { errorBody, handleError } from './error-handler.ts';
import type { Logger } from './logger.ts';
import { serveConsoleIndex, type ConsoleAssets } from './console-assets.ts';
import { landingPage } from './landing-page.ts';
import type { Metrics } from './metrics.ts';
import { securityHeaders } from './security-headers.ts';

export interface AppDependencies {
  db: Database;
  logger: Logger;
  metrics: Metrics;
  /** Whether the process accepts traffic; false while starting and while shutting down. */
  isReady: () => boolean;
  /** `METRICS_TOKEN`: when set, `/metrics` answers only `Authorization: Bearer <token>`. */
  metricsToken?: string | undefined;
  /**
   * Where clients reach the server (public-url.ts), for the landing page's examples; known once
   * the port is open. Absent (in-process tests): the request's own origin.
   */
  baseUrl?: () => string;
  /** The built web console; without it `/` shows the landing page. */
  consoleAssets?: ConsoleAssets | undefined;
}

/**
 * Builds the HTTP application: request ids, JSON access logs, metrics, security headers, the
 * error body, and the health endpoints. Feature routes are mounted by `mountRoutes`.
 */
export function createApp(deps: AppDependencies): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.use('*', securityHeaders);

  app.use('*', async (c, next) => {
    const requestId = requestIdOf(requestHeader(c, 'x-request-id'));
    c.set('requestId', requestId);
    c.set('logger', deps.logger.child({ requestId }));
    c.header('x-request-id', requestId);
    const startedAt = performance.now();
    await next();
    recordRequest(deps, c.get('logger'), {
      method: c.req.method,
      // eslint-disable-next-line @typescript-eslint/no-unsafe-argument -- hono's helper is typed for Context<any>
      route: routePath(c),
      path: c.req.path,
      status: c.res.status,
      startedAt,
    });
  });

  app.onError(handleError);
  app.notFound((c) =>
    c.json(errorBody('NOT_FOUND', `no route for ${c.req.method} ${c.req.path}`), 404),
  );

  const { consoleAssets } = deps;
  app.get('/', (c) =>
    consoleAssets
      ? serveConsoleIndex(c, consoleAssets)
      : c.html(landingPage(deps.baseUrl?.() ?? new URL(c.req.url).origin)),
  );
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    if (!deps.isReady()) return c.json({ status: 'starting or stopping' }, 503);
    try {
      await deps.db.query('select 1');
      return c.json({ status: 'ready', database: deps.db.kind });
    } catch {
      return c.json({ status: 'database unreachable' }, 503);
    }
  });
  const metricsAuthorized = bearerCheck(deps.metricsToken);
  app.get('/metrics', async (c) => {
    if (!metricsAuthorized(c.req.header('authorization'))) {
      c.header('www-authenticate', 'Bearer realm="metrics"');
      return c.json(
        errorBody('UNAUTHENTICATED', 'metrics need Authorization: Bearer <METRICS_TOKEN>'),
        401,
      );
    }
    c.header('content-type', deps.metrics.registry.contentType);
    return c.body(await deps.metrics.registry.metrics());
  });

  return app;
}

/** One answered request, for the metrics and the access log. */
export interface AnsweredRequest {
  method: string;
  /** The route's pattern (the metrics' label); `path` is the one asked for. */
  route: string;
  path: string;
  status: number;
  /** `performance.now()` when it arrived. */
  startedAt: number;
  /** Logged with the request when `logger` does not carry it already. */
  requestId?: string;
}

/**
 * Counts an answered request and logs it (JSON access log), for the app's middleware and for
 * the model calls the gateway serves without the app (`serveModelCall`).
 */
export function recordRequest(
  deps: Pick<AppDependencies, 'metrics'>,
  logger: Logger,
  answered: AnsweredRequest,
): void {
  const { method, route, status } = answered;
  const seconds = (performance.now() - answered.startedAt) / 1000;
  deps.metrics.httpRequests.inc({ method, route, status: String(status) });
  deps.metrics.httpDurationSeconds.observe({ method, route }, seconds);
  if (route === '/metrics' || route === '/healthz' || route === '/readyz') return;
  if (!logger.isLevelEnabled('info')) return;
  const ms = Math.round(seconds * 1000);
  const { requestId, path } = answered;
  logger.info({ ...(requestId ? { requestId } : {}), method, path, status, ms }, 'request');
}

/**
 * Whether an `Authorization` header carries the bearer token; always true without a token.
 * Compares SHA-256 digests in constant time, so neither the token's bytes nor its length
 * leak through how long a wrong guess takes.
 */
function bearerCheck(token: string | undefined): (header: string | undefined) => boolean {
  if (token === undefined) return () => true;
  const expected = createHash('sha256').update(`Bearer ${token}`).digest();
  return (header) =>
    timingSafeEqual(
      createHash('sha256')
        .update(header ?? '')
        .digest(),
      expected,
    );
}
