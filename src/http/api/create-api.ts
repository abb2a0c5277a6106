import { createRoute, z, type OpenAPIHono, type RouteConfig } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { errorBodySchema } from '../../contracts/common.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { mountApiDocs } from '../api-docs.ts';
import type { AppEnv } from '../app-env.ts';
import { errorBody } from '../error-handler.ts';
import type { ApiDependencies, ApiEnv } from './api-env.ts';
import { evidenceStoreOf } from './evidence-store-of.ts';
import { authenticate, describeAccess } from './auth.ts';
import { routeKey, type RouteDefinition } from './define-route.ts';
import { IDEMPOTENCY_HEADER, IDEMPOTENCY_KEY_PATTERN, runIdempotent } from './idempotency.ts';

/** The mounted API: add routes with `mount`, read the route table with `routes`. */
export interface Api {
  mount: (routes: readonly RouteDefinition[]) => void;
  /** Every mounted route, in mount order (the matrix and fuzz tests enumerate this). */
  routes: () => readonly RouteDefinition[];
}

const apis = new WeakMap<object, Api>();

const OPENAPI_INFO = {
  openapi: '3.1.0',
  info: {
    title: 'Suanli API',
    version: '1',
    description:
      'Compute and model vouchers, the public compute pool and MaaS. Amounts are decimal strings of fen. Every POST takes an Idempotency-Key. Errors are { error: { code, message, details, requestId } }.',
  },
};

/** The API mounted on `app` by `createApi` (tests use it to enumerate the route table). */
export function apiOf(app: OpenAPIHono<AppEnv>): Api {
  const api = apis.get(app);
  if (!api) throw new Error('createApi was not called on this app');
  return api;
}

/**
 * Sets up `/api/v1` on the app: per-request variables (`db`, `now`, `config`),
 * the OpenAPI 3.1 document at `/api/openapi.json` and the reference at `/api/docs`.
 */
export function createApi(app: OpenAPIHono<AppEnv>, deps: ApiDependencies): Api {
  const clock = deps.clock ?? (() => new Date());
  const table: RouteDefinition[] = [];
  // Routes registered with app.openapi directly (not through defineRoute) get the same error body.
  app.defaultHook = throwValidationError as never;
  const keys = new Set<string>();
  const evidenceStore = deps.evidenceStore ?? evidenceStoreOf(deps.config);

  app.use('/api/*', (async (c, next) => {
    c.set('db', deps.db);
    c.set('config', deps.config);
    c.set('evidenceStore', evidenceStore);
    c.set('now', clock());
    c.set('auth', undefined);
    await next();
  }) as MiddlewareHandler<ApiEnv> as unknown as MiddlewareHandler<AppEnv>);

  app.openAPIRegistry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: 'suanli_session',
    description: 'Browser session; state changes also need the x-csrf-token header.',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'API key `sk_…` (scopes read, write, gateway).',
  });
  app.get('/api/openapi.json', (c) => {
    const document = app.getOpenAPI31Document(OPENAPI_INFO);
    // Schemas may carry bigint defaults or examples (fen): JSON carries them as strings.
    const text = JSON.stringify(document, (_key, value: unknown) =>
      typeof value === 'bigint' ? value.toString() : value,
    );
    return c.body(text, 200, { 'content-type': 'application/json; charset=utf-8' });
  });
  mountApiDocs(app);

  const api: Api = {
    mount: (routes) => {
      for (const route of routes) {
        const key = routeKey(route);
        if (keys.has(key)) throw new Error(`route ${key} is mounted twice`);
        keys.add(key);
        register(app, route);
        table.push(route);
      }
    },
    routes: () => table,
  };
  apis.set(app, api);
  return api;
}

const idempotencyHeaders = z.object({
  [IDEMPOTENCY_HEADER]: z
    .string()
    .regex(IDEMPOTENCY_KEY_PATTERN, '8 to 128 characters of A-Z a-z 0-9 . _ : -')
    .openapi({ description: 'Unique per logical request; retries reuse it.' }),
});

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: errorBodySchema } },
});

const standardErrors = {
  400: errorResponse('VALIDATION_FAILED (details.field names the field) or a domain rule'),
  401: errorResponse('UNAUTHENTICATED'),
  403: errorResponse('FORBIDDEN or CSRF_FAILED'),
  404: errorResponse('NOT_FOUND (also for other tenants’ resources)'),
  409: errorResponse('CONFLICT, IDEMPOTENCY_CONFLICT or a state rule'),
  413: errorResponse('PAYLOAD_TOO_LARGE'),
  415: errorResponse('UNSUPPORTED_MEDIA_TYPE'),
  422: errorResponse('a domain rule refused the request'),
  429: errorResponse('RATE_LIMITED or LOGIN_THROTTLED, with retry-after'),
};

function register(app: OpenAPIHono<AppEnv>, route: RouteDefinition): void {
  const responses: RouteConfig['responses'] = { ...standardErrors };
  for (const [status, response] of Object.entries(route.responses)) {
    responses[status] = response.schema
      ? {
          description: response.description,
          content: { [response.contentType ?? 'application/json']: { schema: response.schema } },
        }
      : { description: response.description };
  }
  const { access } = route;
  const config = createRoute({
    method: route.method,
    path: route.path,
    summary: route.summary,
    description: [route.description, describeAccess(access)].filter(Boolean).join('\n\n'),
    tags: route.tags,
    security: access.roles === 'public' ? [] : [{ session: [] }, { apiKey: [] }],
    // The body limit first: nothing, not even authentication, reads an oversized body.
    middleware: [limitBody(route), authenticate(access) as unknown as MiddlewareHandler],
    request: {
      ...(route.request.params ? { params: route.request.params } : {}),
      ...(route.request.query ? { query: route.request.query } : {}),
      ...(route.idempotency === 'required' ? { headers: idempotencyHeaders } : {}),
      ...(route.request.body
        ? {
            body: {
              content: { 'application/json': { schema: route.request.body } },
              required: true,
            },
          }
        : {}),
    },
    responses,
  });
  const handler = async (raw: Context<AppEnv>): Promise<Response> => {
    const c = raw as unknown as Context<ApiEnv>;
    const valid = c.req.valid.bind(c.req) as (target: string) => unknown;
    const input = { params: valid('param'), query: valid('query'), body: valid('json') };
    // PostgreSQL text cannot hold U+0000; refuse it here as bad input rather than fail in SQL.
    for (const part of [input.params, input.query, input.body]) {
      const nul = findNul(part, '');
      if (nul !== undefined) {
        throw new DomainError('VALIDATION_FAILED', `${nul || 'body'}: contains a NUL character`, {
          field: nul,
        });
      }
    }
    const auth = c.get('auth');
    try {
      if (route.idempotency === 'required') {
        return await runIdempotent(c, auth, input, () => route.handler(c, auth, input));
      }
      return await route.handler(c, auth, input);
    } catch (error) {
      // After the rollback: the route's receipt of the refusal, if it keeps one. A receipt that
      // cannot be written is logged and never replaces the refusal the caller must see.
      await route.afterRefusal?.(c, auth, input, error).catch((receiptError: unknown) => {
        c.get('logger').error({ err: receiptError }, 'refusal receipt not written');
      });
      throw error;
    }
  };
  // The zod-openapi generics cannot follow a route table built at run time; the handler's
  // input types were checked in defineRoute instead.
  app.openapi(config, handler as never, throwValidationError as never);
}

/**
 * Refuses a body over the route's limit before anything reads it. hono's bodyLimit buffers a
 * body sent without Content-Length to count it; a streaming route only gets the check of a
 * declared length, and counts the bytes itself as they stream.
 */
function limitBody(route: RouteDefinition): MiddlewareHandler {
  const tooLarge = (c: Context) =>
    c.json(
      errorBody('PAYLOAD_TOO_LARGE', `the body is over ${route.maxBodyBytes} bytes`, {
        maxBytes: route.maxBodyBytes,
      }),
      413,
    );
  if (!route.streamsBody) return bodyLimit({ maxSize: route.maxBodyBytes, onError: tooLarge });
  return async (c, next) => {
    const declared = Number(c.req.header('content-length') ?? 0);
    if (declared > route.maxBodyBytes) return tooLarge(c);
    await next();
    return undefined;
  };
}

/** The dotted path of the first string holding U+0000 (or a key holding one), if any. */
function findNul(value: unknown, path: string, depth = 0): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (typeof value !== 'object' || value === null || depth > 64) return undefined;
  for (const [key, item] of Object.entries(value)) {
    const itemPath = path === '' ? key : `${path}.${key}`;
    if (key.includes('\u0000')) return itemPath;
    const found = findNul(item, itemPath, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** zod-openapi's hook: a failed validation becomes the standard 400 error body. */
function throwValidationError(result: { success: boolean; error?: unknown }): void {
  if (!result.success) throw result.error;
}
