/**
 * The API in-process for tests: the real app (`createApp` + `mountRoutes`) on PGlite in memory
 * (or a database you pass), two tenants of each kind, one signed-in user per role in each, and
 * clients that send cookies, the CSRF header and an Idempotency-Key for you.
 *
 * @example
 * const h = await createApiHarness();
 * const res = await h.as('enterprise-admin@A').post('/api/v1/api-keys', { name: 'ci', scopes: ['read'] });
 * expect(res.status).toBe(201);
 * const { secret } = res.json<{ secret: string }>();
 * await h.close();
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../src/config/config.ts';
import type { Database } from '../../src/db/client.ts';
import { createApp } from '../../src/http/app.ts';
import type { AppEnv } from '../../src/http/app-env.ts';
import { createLogger } from '../../src/http/logger.ts';
import { createMetrics } from '../../src/http/metrics.ts';
import { mountRoutes } from '../../src/http/routes.ts';
import { apiOf, type RouteDefinition } from '../../src/http/api/index.ts';
import {
  createApiKey,
  createTenant,
  createUser,
  personActorOf,
  rolesByTenantKind,
  systemActor,
  type ApiKeyScope,
  type PersonActor,
  type Role,
  type Tenant,
  type TenantKind,
} from '../../src/services/access/index.ts';
import { createTestPglite } from './test-database.ts';
import { evidenceStoreOf } from '../../src/http/api/evidence-store-of.ts';
import type { EvidenceStore } from '../../src/services/evidence/index.ts';
import { createTestEvidenceStore, GENEROUS_EVIDENCE_QUOTAS } from './test-evidence-store.ts';

export type TenantLetter = 'A' | 'B';
export type TenantKey = `${TenantKind}${TenantLetter}`;
/** `role@A` or `role@B`: the user with that role in tenant A or B of the role's kind. */
export type ActorName = `${Role}@${TenantLetter}`;

export interface Actor {
  name: ActorName;
  role: Role;
  letter: TenantLetter;
  tenant: Tenant;
  userId: string;
  email: string;
  password: string;
  sessionToken: string;
  csrfToken: string;
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  body: unknown;
  /** The parsed body with the type you expect (not checked). */
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- a deliberate cast for test convenience
  json: <T>() => T;
  /** `body.error.code` for error responses. */
  errorCode: string | undefined;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  /** Idempotency-Key for POST: a fresh one by default; null sends none. */
  idempotencyKey?: string | null;
  /** Raw body text instead of JSON.stringify(body). */
  rawBody?: string;
  /** Leave out the x-csrf-token header (to test CSRF). */
  omitCsrf?: boolean;
  /**
   * The peer address of the request's socket, as @hono/node-server passes it in
   * `env.incoming` (in-process requests have none): for rate limits keyed on the client.
   */
  remoteAddress?: string;
}

export interface ApiClient {
  request: (
    method: string,
    path: string,
    body?: unknown,
    options?: RequestOptions,
  ) => Promise<ApiResponse>;
  get: (path: string, options?: RequestOptions) => Promise<ApiResponse>;
  post: (path: string, body?: unknown, options?: RequestOptions) => Promise<ApiResponse>;
  put: (path: string, body?: unknown, options?: RequestOptions) => Promise<ApiResponse>;
  patch: (path: string, body?: unknown, options?: RequestOptions) => Promise<ApiResponse>;
  delete: (path: string, options?: RequestOptions) => Promise<ApiResponse>;
}

export interface ApiHarness {
  app: OpenAPIHono<AppEnv>;
  db: Database;
  /** The server's evidence store: a temporary directory unless EVIDENCE_DIR is passed. */
  evidenceStore: EvidenceStore;
  tenants: Record<TenantKey, Tenant>;
  actors: Record<ActorName, Actor>;
  /** Every actor name, operator roles first. */
  actorNames: ActorName[];
  /** A client acting as a signed-in user (session cookie + CSRF), or 'anonymous'. */
  as: (actor: ActorName | 'anonymous') => ApiClient;
  /** The service-level actor of a harness user (for creating data through the services). */
  personActor: (actor: ActorName) => PersonActor;
  /** A client using an API key of `actor` with these scopes (created through the service). */
  withApiKey: (actor: ActorName, scopes: ApiKeyScope[]) => Promise<ApiClient & { secret: string }>;
  /** A client with any headers you like (no cookies). */
  raw: (headers: Record<string, string>) => ApiClient;
  /**
   * Signs `actor` (or every actor) in again: after a logout, or after moving the clock past
   * the 12-hour session lifetime.
   */
  relogin: (actor?: ActorName) => Promise<void>;
  /** The mounted route table. */
  routes: () => readonly RouteDefinition[];
  /** The API's clock: fixed until you move it. */
  clock: { now: () => Date; advanceSeconds: (seconds: number) => void };
  close: () => Promise<void>;
}

export const PASSWORD = 'correct horse battery staple';
/** Where the harness's clock starts (it moves only when a test moves it). */
export const HARNESS_CLOCK_START = new Date('2026-03-02T09:00:00.000Z');
const kinds: readonly TenantKind[] = ['operator', 'enterprise', 'provider'];
const letters: readonly TenantLetter[] = ['A', 'B'];

export async function createApiHarness(
  options: {
    db?: Database;
    /** Extra configuration, e.g. `{ TRUST_PROXY: 'true' }`. */ env?: Record<string, string>;
    /** The evidence store to share (e.g. with a seeder); else one from `env` in a temp dir. */
    evidenceStore?: EvidenceStore;
  } = {},
): Promise<ApiHarness> {
  const db = options.db ?? (await createTestPglite());
  let nowMs = HARNESS_CLOCK_START.getTime();
  const clock = {
    now: () => new Date(nowMs),
    advanceSeconds: (seconds: number) => {
      nowMs += seconds * 1000;
    },
  };
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    DEMO_DATA: 'false',
    EVIDENCE_DIR: createTestEvidenceStore().directory,
    // Quotas no fixture reaches, unless a test sets its own (EVIDENCE_QUOTA_*).
    EVIDENCE_QUOTA_BYTES: String(GENEROUS_EVIDENCE_QUOTAS.totalBytes),
    EVIDENCE_QUOTA_FILES_PER_DAY: String(GENEROUS_EVIDENCE_QUOTAS.filesPerDay),
    EVIDENCE_QUOTA_CONCURRENT_UPLOADS: String(GENEROUS_EVIDENCE_QUOTAS.concurrentUploads),
    ...options.env,
  });
  const evidenceStore = options.evidenceStore ?? evidenceStoreOf(config);
  const logger = createLogger('silent');
  const app = createApp({ db, logger, metrics: createMetrics(), isReady: () => true });
  mountRoutes(app, { db, logger, config, clock: clock.now, evidenceStore });

  const tenants = {} as Record<TenantKey, Tenant>;
  const users: Omit<Actor, 'sessionToken' | 'csrfToken'>[] = [];
  const suffix = randomUUID().slice(0, 8);
  await db.transaction(async (tx) => {
    for (const kind of kinds) {
      for (const letter of letters) {
        const tenant = await createTenant({
          sql: tx,
          kind,
          name: `${kind} ${letter}`,
          now: clock.now(),
        });
        tenants[`${kind}${letter}`] = tenant;
        for (const role of rolesByTenantKind[kind]) {
          const email = `${role}.${letter.toLowerCase()}.${suffix}@example.test`;
          const user = await createUser({
            sql: tx,
            tenantId: tenant.id,
            email,
            displayName: `${role} ${letter}`,
            password: PASSWORD,
            roles: [role],
            actor: systemActor,
            now: clock.now(),
          });
          users.push({
            name: `${role}@${letter}`,
            role,
            letter,
            tenant,
            userId: user.id,
            email,
            password: PASSWORD,
          });
        }
      }
    }
  });

  const send = async (
    method: string,
    path: string,
    body: unknown,
    options: RequestOptions,
    base: Record<string, string>,
  ): Promise<ApiResponse> => {
    const headers: Record<string, string> = { ...base };
    if (method === 'POST' && options.idempotencyKey !== null) {
      headers['idempotency-key'] = options.idempotencyKey ?? randomUUID();
    }
    let payload: string | undefined;
    if (options.rawBody !== undefined) payload = options.rawBody;
    else if (body !== undefined) payload = JSON.stringify(body);
    if (payload !== undefined && !('content-type' in (options.headers ?? {}))) {
      headers['content-type'] = 'application/json';
    }
    Object.assign(headers, options.headers);
    const env =
      options.remoteAddress === undefined
        ? undefined
        : { incoming: { socket: { remoteAddress: options.remoteAddress } } };
    const response = await app.request(path, { method, headers, body: payload ?? null }, env);
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : (JSON.parse(text) as unknown);
    } catch {
      parsed = undefined;
    }
    const errorCode =
      typeof parsed === 'object' && parsed !== null && 'error' in parsed
        ? String((parsed as { error: { code?: unknown } }).error.code)
        : undefined;
    return {
      status: response.status,
      headers: response.headers,
      text,
      body: parsed,
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- see ApiResponse.json
      json: <T>() => parsed as T,
      errorCode,
    };
  };

  const client = (base: (options: RequestOptions) => Record<string, string>): ApiClient => {
    const request = (method: string, path: string, body?: unknown, options: RequestOptions = {}) =>
      send(method.toUpperCase(), path, body, options, base(options));
    return clientOf(request);
  };

  const login = async (user: {
    name: string;
    email: string;
    password: string;
  }): Promise<{ sessionToken: string; csrfToken: string }> => {
    const body = { email: user.email, password: user.password };
    const response = await send('POST', '/api/v1/auth/login', body, {}, {});
    if (response.status !== 200) throw new Error(`login of ${user.name} failed: ${response.text}`);
    const cookies = response.headers.getSetCookie();
    const cookie = (name: string) =>
      cookies
        .find((line) => line.startsWith(`${name}=`))
        ?.split(';')[0]
        ?.slice(name.length + 1) ?? '';
    return { sessionToken: cookie('suanli_session'), csrfToken: cookie('suanli_csrf') };
  };
  const actors = {} as Record<ActorName, Actor>;
  for (const user of users) actors[user.name] = { ...user, ...(await login(user)) };

  const as = (name: ActorName | 'anonymous'): ApiClient => {
    if (name === 'anonymous') return client(() => ({}));
    const actor = actors[name];
    // Reads the tokens at request time, so `relogin` applies to this client too.
    return client((options) => ({
      cookie: `suanli_session=${actor.sessionToken}; suanli_csrf=${actor.csrfToken}`,
      ...(options.omitCsrf === true ? {} : { 'x-csrf-token': actor.csrfToken }),
    }));
  };

  const personActor = (name: ActorName): PersonActor => {
    const actor = actors[name];
    return personActorOf({
      id: actor.userId,
      tenantId: actor.tenant.id,
      tenantKind: actor.tenant.kind,
      email: actor.email,
      displayName: actor.name,
      roles: [actor.role],
      createdAt: clock.now(),
      disabled: false,
    });
  };

  return {
    app,
    db,
    evidenceStore,
    tenants,
    personActor,
    actors,
    actorNames: users.map((user) => user.name),
    as,
    withApiKey: async (name, scopes) => {
      const { secret } = await db.transaction((tx) =>
        createApiKey({
          sql: tx,
          actor: personActor(name),
          name: `test key ${scopes.join('+')}`,
          scopes,
          now: clock.now(),
        }),
      );
      return { ...client(() => ({ authorization: `Bearer ${secret}` })), secret };
    },
    raw: (headers) => client(() => headers),
    relogin: async (name) => {
      // In place, so clients made earlier by `as(name)` use the new session too.
      for (const actor of name ? [actors[name]] : Object.values(actors)) {
        Object.assign(actor, await login(actor));
      }
    },
    routes: () => apiOf(app).routes(),
    clock,
    close: async () => {
      if (!options.db) await db.close();
    },
  };
}

/** A client whose shorthand methods (get, post, …) all go through `request`. */
export function clientOf(request: ApiClient['request']): ApiClient {
  return {
    request,
    get: (path, options) => request('GET', path, undefined, options),
    post: (path, body, options) => request('POST', path, body, options),
    put: (path, body, options) => request('PUT', path, body, options),
    patch: (path, body, options) => request('PATCH', path, body, options),
    delete: (path, options) => request('DELETE', path, undefined, options),
  };
}
