import type { z } from '@hono/zod-openapi';
import type { AuthContext } from '../../services/access/index.ts';
import type { ApiContext } from './api-env.ts';
import { routeAccessOf, type RouteAccess, type RouteAccessSpec } from './auth.ts';

/**
 * How a feature declares an API route. `defineRoute` only records the declaration; `createApi`
 * (src/http/api/create-api.ts) registers it with @hono/zod-openapi, which validates the input
 * and puts it in the OpenAPI document, and the framework adds authentication, CSRF, roles,
 * Idempotency-Key handling and the error body. `access` names the action of the permission
 * table (services/authz/permissions.ts) the route takes: who may call it comes from there, and
 * the use-case checks whose data with `authorize`. Every mounted route is in the route table
 * that the authorization-matrix and fuzz tests enumerate.
 *
 * @example
 * export const getUserRoute = defineRoute({
 *   method: 'get',
 *   path: '/api/v1/users/{id}',
 *   summary: 'One user',
 *   tags: ['users'],
 *   access: { action: 'user.read' },
 *   request: { params: idParams },
 *   responses: { 200: { description: 'the user', schema: userSchema } },
 *   handler: async (c, auth, { params }) => {
 *     const user = await getUser({ sql: c.get('db'), actor: auth, id: params.id });
 *     return c.json(toUserJson(user), 200);
 *   },
 * });
 */

/** Request bodies above this are 413 PAYLOAD_TOO_LARGE unless the route sets `maxBodyBytes`. */
export const MAX_BODY_BYTES = 1024 * 1024;

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

type Output<Schema> = Schema extends z.ZodType ? z.output<Schema> : undefined;

/** The validated input a handler receives (absent parts are undefined). */
export interface RouteInput<Params, Query, Body> {
  params: Output<Params>;
  query: Output<Query>;
  body: Output<Body>;
}

/** A response the route declares for the OpenAPI document (error responses are added). */
export interface RouteResponse {
  description: string;
  schema?: z.ZodType;
  /** Defaults to application/json. */
  contentType?: string;
}

/** Public routes get `auth` undefined; every other route an authenticated caller. */
export type HandlerAuth<Access extends RouteAccessSpec> = Access extends 'public'
  ? AuthContext | undefined
  : AuthContext;

export interface RouteSpec<
  Params extends z.ZodObject | undefined,
  Query extends z.ZodObject | undefined,
  Body extends z.ZodType | undefined,
  Access extends RouteAccessSpec,
> {
  method: HttpMethod;
  /** The full path with OpenAPI parameters: `/api/v1/grants/{id}/approve`. */
  path: `/api/v1/${string}`;
  summary: string;
  description?: string;
  tags: string[];
  access: Access;
  request?: { params?: Params; query?: Query; body?: Body };
  responses: Record<number, RouteResponse>;
  /**
   * 'required' (the default for POST): the client sends `Idempotency-Key`; a repeat with the
   * same body gets the stored response with `idempotent-replayed: true`, a different body 409
   * IDEMPOTENCY_CONFLICT. The handler's `c.get('db')` is then the request's one transaction
   * (see runIdempotent): it commits with the stored response, or not at all. 'none' only where
   * replaying would be wrong (login, responses that carry a secret shown once) — say why in a
   * comment. PUT/PATCH/DELETE are 'none' by default.
   */
  idempotency?: 'required' | 'none';
  /**
   * Largest request body accepted, in bytes (default 1 MiB): larger bodies are 413
   * PAYLOAD_TOO_LARGE before anything reads them. Raise it only for uploads.
   */
  maxBodyBytes?: number;
  /**
   * The handler reads the body as a stream (`c.req.raw.body`) and enforces `maxBodyBytes` as
   * the bytes arrive; the framework then only refuses a larger declared Content-Length, and
   * never buffers the body. For uploads.
   */
  streamsBody?: boolean;
  handler: (
    c: ApiContext,
    auth: HandlerAuth<Access>,
    input: RouteInput<Params, Query, Body>,
  ) => Response | Promise<Response>;
  /**
   * Runs after the handler threw and the request's transaction rolled back (the refusal changed
   * nothing), on the server's own database: for a receipt the refused party reads later (a
   * provider's refused usage report, with its code) — never business state, never money.
   */
  afterRefusal?: (
    c: ApiContext,
    auth: HandlerAuth<Access>,
    input: RouteInput<Params, Query, Body>,
    error: unknown,
  ) => Promise<void>;
}

/** A declared route with its types erased: what the route table holds. */
export interface RouteDefinition {
  method: HttpMethod;
  path: `/api/v1/${string}`;
  summary: string;
  description: string | undefined;
  tags: string[];
  access: RouteAccess;
  request: { params?: z.ZodObject; query?: z.ZodObject; body?: z.ZodType };
  responses: Record<number, RouteResponse>;
  idempotency: 'required' | 'none';
  maxBodyBytes: number;
  streamsBody: boolean;
  handler: (
    c: ApiContext,
    auth: AuthContext | undefined,
    input: { params: unknown; query: unknown; body: unknown },
  ) => Response | Promise<Response>;
  afterRefusal:
    | ((
        c: ApiContext,
        auth: AuthContext | undefined,
        input: { params: unknown; query: unknown; body: unknown },
        error: unknown,
      ) => Promise<void>)
    | undefined;
}

/** Declares a route; see the file comment. Mount it with `api.mount([...])` in routes.ts. */
export function defineRoute<
  Params extends z.ZodObject | undefined = undefined,
  Query extends z.ZodObject | undefined = undefined,
  Body extends z.ZodType | undefined = undefined,
  Access extends RouteAccessSpec = RouteAccessSpec,
>(spec: RouteSpec<Params, Query, Body, Access>): RouteDefinition {
  const request: RouteDefinition['request'] = {};
  if (spec.request?.params) request.params = spec.request.params;
  if (spec.request?.query) request.query = spec.request.query;
  if (spec.request?.body) request.body = spec.request.body;
  return {
    method: spec.method,
    path: spec.path,
    summary: spec.summary,
    description: spec.description,
    tags: spec.tags,
    access: routeAccessOf(spec.access),
    request,
    responses: spec.responses,
    idempotency: spec.idempotency ?? (spec.method === 'post' ? 'required' : 'none'),
    maxBodyBytes: spec.maxBodyBytes ?? MAX_BODY_BYTES,
    streamsBody: spec.streamsBody ?? false,
    // The framework calls the handler only after the validators of exactly these schemas
    // passed and after authentication for non-public routes, which is what the types promise.
    handler: spec.handler as RouteDefinition['handler'],
    afterRefusal: spec.afterRefusal as RouteDefinition['afterRefusal'],
  };
}

/** `METHOD /api/v1/path/{param}` — the key of a route in the matrix entries and logs. */
export function routeKey(route: Pick<RouteDefinition, 'method' | 'path'>): string {
  return `${route.method.toUpperCase()} ${route.path}`;
}
