/**
 * 20,000 malformed or hostile requests generated from the route table: wrong types, hostile
 * strings (SQL, HTML, NUL, huge), negative and overflowing amounts, invalid USCCs, bad
 * Idempotency-Keys, keys replayed with a different body, missing or wrong credentials, wrong
 * content types and malformed JSON. Every request is built to be invalid (checked against the
 * route's own zod schemas), so each must be a 4xx with a code from the closed set — and the
 * database must be exactly as before: the row count of every table and the ledger totals.
 * Routes added later are fuzzed too; their valid POST requests for the replay cases come from
 * their authorization-matrix entries. Then every route that takes a calendar date gets its
 * valid request back with impossible and extreme dates in each date field (support/date-fuzz.ts):
 * a 400 naming the field for an impossible one, never a 5xx, and again nothing changed. And
 * every paginated route gets forged cursors (out-of-range seq, bad uuid, another list's key):
 * 400 INVALID_CURSOR, never the database's "out of range for type bigint" as a 500.
 */
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { errorCodes } from '../src/domain/shared/errors.ts';
import { routeKey, type RouteDefinition } from '../src/http/api/index.ts';
import { isAuthorized, type Role, type TenantKind } from '../src/services/access/index.ts';
import {
  clientOf,
  createApiHarness,
  type ActorName,
  type ApiClient,
  type ApiResponse,
} from './support/api-harness.ts';
import type { MatrixCase } from './support/api-matrix.ts';
import { matrixEntries } from './support/api-matrix-entries.ts';
import {
  FAR_FUTURE_DATE,
  extremeRealDate,
  impossibleDate,
  routeDateFields,
  withValueAt,
} from './support/date-fuzz.ts';

const RUNS = 20_000;
/** Each test's limit: a guard against a hang, not a speed target (a loaded 2-core machine took 3 min). */
const HANG_GUARD_MS = 600_000;
const h = await createApiHarness();
afterAll(() => h.close());
const routes = h.routes();
const knownCodes = new Set(Object.keys(errorCodes));

const kindOfRole = (role: Role): TenantKind =>
  role.startsWith('enterprise')
    ? 'enterprise'
    : role === 'provider-admin'
      ? 'provider'
      : 'operator';
const pathPattern = (path: string): RegExp =>
  new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/?]+')}(\\?.*)?$`);

// ---------------------------------------------------------------------------------------------
// Valid requests made by the routes' matrix entries as the first allowed role (or anonymously on
// public routes), recorded with the Idempotency-Key they used: the idempotent POSTs are replayed
// with another body; the requests of routes taking dates come back with bad dates.

interface Recorded {
  route: RouteDefinition;
  actor: ActorName;
  path: string;
  body: unknown;
  key: string;
}

interface Seed extends Omit<Recorded, 'actor'> {
  actor: ActorName | 'anonymous';
}

const isReplayable = (route: RouteDefinition): boolean =>
  route.method === 'post' && route.idempotency === 'required';
/** Routes that page with `?cursor=` (see src/http/api/pagination.ts). */
const isPaginated = (route: RouteDefinition): boolean =>
  route.request.query !== undefined && 'cursor' in route.request.query.shape;

async function harvestSeeds(): Promise<Seed[]> {
  const seeds: Seed[] = [];
  let counter = 0;
  for (const route of routes) {
    const entry = matrixEntries[routeKey(route)];
    const wanted = isReplayable(route) || isPaginated(route) || routeDateFields(route).length > 0;
    if (!entry || !wanted) continue;
    const roles = route.access.roles;
    if (roles !== 'public' && roles[0] === undefined) continue;
    const actor: ActorName | 'anonymous' =
      roles === 'public' ? 'anonymous' : `${roles[0] ?? 'auditor'}@A`;
    const own = actor === 'anonymous' ? undefined : h.actors[actor];
    const base = h.as(actor);
    const pattern = pathPattern(route.path);
    const request: ApiClient['request'] = async (method, path, body, options) => {
      const key = options?.idempotencyKey ?? `fuzz-seed-${randomUUID()}`;
      const res = await base.request(method, path, body, { ...options, idempotencyKey: key });
      if (method.toLowerCase() === route.method && pattern.test(path) && res.status < 300) {
        seeds.push({ route, actor, path, body, key });
      }
      return res;
    };
    const recording = clientOf(request);
    const matrixCase: MatrixCase = {
      h,
      actor,
      client: recording,
      actorKind: own ? kindOfRole(own.role) : undefined,
      target: 'own',
      person: 'own',
      ownerIn: () =>
        own
          ? Promise.resolve({ userId: own.userId, actor: h.personActor(actor as ActorName) })
          : Promise.reject(new Error('no person for an anonymous seed')),
      markPerson: () => undefined,
      tenantOf: (kind) =>
        own && kindOfRole(own.role) === kind ? own.tenant : h.tenants[`${kind}A`],
      mark: () => undefined,
      markProgram: () => undefined,
      unique: () => `fz${(counter += 1)}${Date.now().toString(36)}`,
    };
    await entry.request(matrixCase);
  }
  return seeds;
}

let harvested: Promise<Seed[]> | undefined;
/** The seeds, harvested once for both tests. */
const seeds = (): Promise<Seed[]> => (harvested ??= harvestSeeds());

const replaysOf = (seeds: Seed[]): Recorded[] =>
  seeds.filter((seed): seed is Recorded => seed.actor !== 'anonymous' && isReplayable(seed.route));

// ---------------------------------------------------------------------------------------------
// The database's fingerprint: every table's row count and the ledger's totals.

async function fingerprint(): Promise<Record<string, string>> {
  const tables = await h.db.query<{ name: string }>(
    `select table_name as name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  );
  const result: Record<string, string> = {};
  for (const { name } of tables) {
    // A refused sign-in is recorded for the auditor on purpose: not a change of state.
    if (name === 'login_attempts') continue;
    const [row] = await h.db.query<{ n: bigint }>(`select count(*)::int8 as n from "${name}"`);
    result[name] = String(row?.n);
  }
  const [ledger] = await h.db.query<Record<string, bigint>>(
    `select coalesce(sum(debits_pending), 0)::int8 as dp, coalesce(sum(debits_posted), 0)::int8 as dpo,
            coalesce(sum(credits_pending), 0)::int8 as cp, coalesce(sum(credits_posted), 0)::int8 as cpo
       from ledger_accounts`,
  );
  result['ledger totals'] = JSON.stringify(ledger, (_k, v: unknown) =>
    typeof v === 'bigint' ? v.toString() : v,
  );
  return result;
}

// ---------------------------------------------------------------------------------------------
// Hostile values.

/**
 * Cursors a client could forge: valid base64url of JSON whose fields are out of range for the
 * column they page on (a seq past the largest bigint), of the wrong shape, or of another list.
 */
const hostileCursorKeys: unknown[] = [
  { seq: '9999999999999999999' },
  { seq: '9223372036854775808' },
  { seq: '99999999999999999999999999' },
  { seq: '-1' },
  { seq: '0' },
  { seq: 12 },
  { id: '00000000-0000-0000-0000-00000000000g' },
  { id: "' or 1=1 --" },
  { id: 1 },
  { id: '0190f5e2-7c1a-7000-8000-000000000001', seq: '9999999999999999999' },
  { createdAt: '2026-02-30T00:00:00.000Z', id: '0190f5e2-7c1a-7000-8000-000000000001' },
  { day: '10000-01-01' },
  [],
  null,
];
const hostileCursors = hostileCursorKeys.map((key) =>
  Buffer.from(JSON.stringify(key), 'utf8').toString('base64url'),
);

const hostileStrings = [
  ...hostileCursors,
  "' OR 1=1 --",
  "'; drop table users; --",
  "1'); delete from tenants; --",
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '../../../../etc/passwd',
  '%00',
  '\u0000',
  'a\u0000b',
  '-1',
  '-100',
  '0',
  '-9223372036854775809',
  '9223372036854775808',
  '99999999999999999999999999',
  '1e309',
  '1.5',
  'NaN',
  'Infinity',
  '0x1F',
  '１２３',
  '91330106MA0000001Y',
  '91330106MA000000',
  'ZZZZZZZZZZZZZZZZZZ',
  '9133010６MA0000001X',
  '',
  ' ',
  '\t\r\n',
  '🙂'.repeat(60),
  '{{7*7}}',
  '${7*7}',
  'null',
  '[]',
  '2026-13-45',
  'not-a-uuid',
  '00000000-0000-0000-0000-00000000000g',
  'x'.repeat(5000),
];
const hostileString = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...hostileStrings) },
  { weight: 1, arbitrary: impossibleDate },
  { weight: 1, arbitrary: extremeRealDate },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
);
const hostileNumber = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: false }),
  fc.constantFrom(-1, -1e20, 2 ** 63, Number.MAX_SAFE_INTEGER + 2, 0.1, 1e308, -0),
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 2, arbitrary: hostileNumber },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 4 }) },
  {
    weight: 1,
    arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), hostileString, { maxKeys: 3 }),
  },
);
const badIdempotencyKeys = [
  '',
  'short',
  'has space here',
  'x'.repeat(129),
  "'; drop--",
  '<k>',
  'clé-clé-clé',
];

// ---------------------------------------------------------------------------------------------
// One generated request and whether it could pass every check (then it is made invalid).

type AuthMode = 'valid' | 'anonymous' | 'garbageBearer' | 'noCsrf' | 'wrongRole' | 'readOnlyKey';

interface FuzzRequest {
  route: RouteDefinition;
  auth: AuthMode;
  params: Record<string, string>;
  query: Record<string, string | undefined>;
  body:
    | { kind: 'none' }
    | { kind: 'json'; value: unknown }
    | { kind: 'raw'; text: string; contentType: string };
  idempotencyKey: string | null;
  /** A recorded request replayed with another body. */
  replay?: Recorded;
}

function bodyShape(route: RouteDefinition): string[] {
  const body = route.request.body;
  return body instanceof z.ZodObject ? Object.keys(body.shape) : [];
}

function requestArbitrary(route: RouteDefinition): fc.Arbitrary<FuzzRequest> {
  const paramNames = [...route.path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] ?? '');
  const queryKeys = route.request.query ? Object.keys(route.request.query.shape) : [];
  const bodyKeys = bodyShape(route);
  const objectBody = fc
    .record({
      known: fc.record(Object.fromEntries(bodyKeys.map((key) => [key, hostileValue])), {
        requiredKeys: [],
      }),
      extra: fc.dictionary(
        fc.constantFrom('__proto__', 'constructor', 'tenantId', 'id', 'role', 'x'),
        hostileValue,
        {
          maxKeys: 2,
        },
      ),
    })
    .map(({ known, extra }) => ({ kind: 'json' as const, value: { ...extra, ...known } }));
  const body = fc.oneof(
    { weight: 6, arbitrary: objectBody },
    { weight: 2, arbitrary: hostileValue.map((value) => ({ kind: 'json' as const, value })) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('{', '{"a":', '[1,2', 'undefined', "{'a':1}", '{"a":1}}', '\u0000')
        .map((text) => ({ kind: 'raw' as const, text, contentType: 'application/json' })),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(
          'text/plain',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          'application/xml',
        )
        .map((contentType) => ({ kind: 'raw' as const, text: 'a=1&b=2', contentType })),
    },
    { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) },
  );
  return fc.record({
    route: fc.constant(route),
    auth: fc.constantFrom<AuthMode>(
      'valid',
      'valid',
      'valid',
      'valid',
      'valid',
      'anonymous',
      'garbageBearer',
      'noCsrf',
      'wrongRole',
      'readOnlyKey',
    ),
    params: fc.record(
      Object.fromEntries(paramNames.map((name) => [name, fc.oneof(hostileString, fc.uuid())])),
    ),
    query: fc.record(Object.fromEntries(queryKeys.map((key) => [key, hostileString])), {
      requiredKeys: [],
    }),
    body: route.request.body ? body : fc.constant({ kind: 'none' as const }),
    idempotencyKey: fc.oneof(
      { weight: 6, arbitrary: fc.uuid() },
      { weight: 1, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: fc.constantFrom(...badIdempotencyKeys) },
    ),
  });
}

function replayArbitrary(recorded: Recorded[]): fc.Arbitrary<FuzzRequest> {
  return fc
    .record({ index: fc.nat({ max: recorded.length - 1 }), value: hostileValue, salt: fc.nat() })
    .map(({ index, value, salt }) => {
      const seed = recorded[index] as Recorded;
      const original = (
        typeof seed.body === 'object' && seed.body !== null ? seed.body : {}
      ) as Record<string, unknown>;
      const keys = Object.keys(original);
      const target = keys[salt % Math.max(keys.length, 1)] ?? 'x';
      const changed = typeof original[target] === 'string' ? `${original[target]}x` : value;
      return {
        route: seed.route,
        auth: 'valid' as const,
        params: {},
        query: {},
        body: { kind: 'json' as const, value: { ...original, [target]: changed } },
        idempotencyKey: seed.key,
        replay: seed,
      };
    });
}

const SAFE = new Set(['get', 'head', 'options']);

function actorFor(route: RouteDefinition): ActorName | undefined {
  const roles = route.access.roles;
  return roles === 'public' || roles[0] === undefined ? undefined : `${roles[0]}@A`;
}

function wrongRoleFor(route: RouteDefinition): ActorName | undefined {
  const roles = route.access.roles;
  if (roles === 'public') return undefined;
  const other = (
    [
      'enterprise-member',
      'reviewer',
      'provider-admin',
      'auditor',
      'enterprise-admin',
      'operator-admin',
    ] as const
  ).find((role) => !roles.includes(role));
  return other ? `${other}@A` : undefined;
}

function containsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (typeof value !== 'object' || value === null) return false;
  return Object.entries(value).some(([key, item]) => key.includes('\u0000') || containsNul(item));
}

/** Whether every check would pass, i.e. the request could reach the handler. */
function couldSucceed(request: FuzzRequest): boolean {
  const { route } = request;
  if (route.access.roles !== 'public') {
    if (request.auth === 'anonymous' || request.auth === 'garbageBearer') return false;
    if (request.auth === 'noCsrf' && !SAFE.has(route.method)) return false;
    if (request.auth === 'readOnlyKey' && !SAFE.has(route.method)) return false;
    if (request.auth === 'wrongRole' && wrongRoleFor(route) !== undefined) return false;
  }
  for (const value of Object.values(request.params))
    if (value === '' || value.includes('/')) return false;
  if (route.request.params && !route.request.params.safeParse(request.params).success) return false;
  if (route.request.query && !route.request.query.safeParse(request.query).success) return false;
  if (containsNul(request.params) || containsNul(request.query)) return false;
  if (route.request.body) {
    if (request.body.kind !== 'json') return false;
    if (
      !route.request.body.safeParse(JSON.parse(JSON.stringify(request.body.value ?? null))).success
    )
      return false;
    if (containsNul(request.body.value)) return false;
  }
  if (route.idempotency === 'required') {
    const key = request.idempotencyKey;
    if (key === null || !/^[A-Za-z0-9._:-]{8,128}$/.test(key)) return false;
  }
  return true;
}

const readOnlyKeys = new Map<ActorName, string>();

async function send(request: FuzzRequest): Promise<ApiResponse & { path: string }> {
  const { route } = request;
  let path = route.path.replace(/\{([^}]+)\}/g, (_all, name: string) =>
    encodeURIComponent(request.params[name] ?? ''),
  );
  if (request.replay) path = request.replay.path;
  const query = new URLSearchParams(
    Object.entries(request.query).filter((pair): pair is [string, string] => pair[1] !== undefined),
  ).toString();
  if (query) path += `?${query}`;
  const headers: Record<string, string> = {};
  const actor =
    request.replay?.actor ??
    (request.auth === 'wrongRole' ? wrongRoleFor(route) : undefined) ??
    actorFor(route);
  if (route.access.roles !== 'public' || request.auth !== 'anonymous') {
    if (request.auth === 'garbageBearer') headers.authorization = 'Bearer sk_' + 'A'.repeat(43);
    else if (request.auth === 'readOnlyKey' && actor)
      headers.authorization = `Bearer ${readOnlyKeys.get(actor) ?? ''}`;
    else if (request.auth !== 'anonymous' && actor) {
      const { sessionToken, csrfToken } = h.actors[actor];
      headers.cookie = `suanli_session=${sessionToken}; suanli_csrf=${csrfToken}`;
      if (request.auth !== 'noCsrf') headers['x-csrf-token'] = csrfToken;
    }
  }
  if (request.idempotencyKey !== null && route.method === 'post')
    headers['idempotency-key'] = request.idempotencyKey;
  let body: string | undefined;
  if (request.body.kind === 'json') {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(request.body.value ?? null);
  } else if (request.body.kind === 'raw') {
    headers['content-type'] = request.body.contentType;
    body = request.body.text;
  }
  const response = await h.app.request(path, {
    method: route.method.toUpperCase(),
    headers,
    body: body ?? null,
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
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
    path,
  };
}

describe('API fuzz', () => {
  it(
    `answers ${RUNS} invalid or hostile requests with a 4xx of a known code and changes nothing`,
    async () => {
      const recorded = replaysOf(await seeds());
      for (const role of [
        'operator-admin',
        'reviewer',
        'auditor',
        'enterprise-admin',
        'enterprise-member',
        'provider-admin',
      ] as const) {
        // Roles that may hold no API key (enterprise-member) send an empty bearer instead: 401.
        if (!isAuthorized(h.personActor(`${role}@A`), 'apiKey.create')) continue;
        const client = await h.withApiKey(`${role}@A`, ['read']);
        readOnlyKeys.set(`${role}@A`, client.secret);
      }
      const before = await fingerprint();

      const perRoute = routes.map(requestArbitrary);
      const generated = fc.oneof(
        {
          weight: 20,
          arbitrary: fc
            .nat({ max: perRoute.length - 1 })
            .chain((index) => perRoute[index] as fc.Arbitrary<FuzzRequest>),
        },
        ...(recorded.length > 0 ? [{ weight: 1, arbitrary: replayArbitrary(recorded) }] : []),
      );
      let sent = 0;
      const tally = new Map<string, number>();
      await fc.assert(
        fc.asyncProperty(generated, async (candidate) => {
          const request = { ...candidate };
          if (!request.replay && couldSucceed(request)) {
            // Valid by accident: take the credentials away; public routes get a bad body, or
            // when they have none the case is skipped (fast-check then generates another).
            if (request.route.access.roles !== 'public') request.auth = 'anonymous';
            else if (request.route.request.body) request.body = { kind: 'json', value: [] };
            else fc.pre(false);
          }
          const response = await send(request);
          sent += 1;
          const label = `${request.route.method.toUpperCase()} ${response.path}`;
          if (request.replay && response.headers.get('idempotent-replayed') === 'true') {
            expect(response.status, label).toBeLessThan(300);
            return;
          }
          expect(
            response.status,
            `${label} → ${response.text.slice(0, 300)}`,
          ).toBeGreaterThanOrEqual(400);
          expect(response.status, `${label} → ${response.text.slice(0, 300)}`).toBeLessThan(500);
          expect(
            knownCodes.has(response.errorCode ?? ''),
            `${label} → ${response.text.slice(0, 300)}`,
          ).toBe(true);
          const key = `${response.status} ${response.errorCode}`;
          tally.set(key, (tally.get(key) ?? 0) + 1);
        }),
        { numRuns: RUNS },
      );

      // A few bodies over the 1 MiB limit on every route with a body.
      for (const route of routes.filter((candidate) => candidate.request.body)) {
        const huge = JSON.stringify({ name: 'x'.repeat(route.maxBodyBytes + 100) });
        const actor = actorFor(route);
        const headers: Record<string, string> = {
          'content-type': 'application/json',
          'idempotency-key': randomUUID(),
        };
        if (actor) {
          headers.cookie = `suanli_session=${h.actors[actor].sessionToken}`;
          headers['x-csrf-token'] = h.actors[actor].csrfToken;
        }
        const response = await h.app.request(route.path.replace(/\{[^}]+\}/g, randomUUID()), {
          method: route.method.toUpperCase(),
          headers,
          body: huge,
        });
        expect(response.status, routeKey(route)).toBe(413);
        sent += 1;
      }

      expect(sent).toBeGreaterThanOrEqual(RUNS);
      expect(await fingerprint()).toEqual(before);
      console.info(
        `fuzz: ${sent} requests over ${routes.length} routes, ${recorded.length} replay seeds`,
        Object.fromEntries(tally),
      );
    },
    HANG_GUARD_MS,
  );

  // -------------------------------------------------------------------------------------------
  // Forged cursors on every paginated route, sent by a caller who may read the list.

  it(
    'answers forged and out-of-range cursors on every paginated route with 400 INVALID_CURSOR',
    async () => {
      const paginated = routes.filter(isPaginated);
      expect(paginated.map(routeKey)).toEqual(
        expect.arrayContaining(['GET /api/v1/audit-events', 'GET /api/v1/claims']),
      );
      const pageSeeds = (await seeds()).filter((seed) => isPaginated(seed.route));
      expect(new Set(pageSeeds.map((seed) => routeKey(seed.route)))).toEqual(
        new Set(paginated.map(routeKey)),
      );
      const before = await fingerprint();
      for (const seed of pageSeeds) {
        for (const cursor of hostileCursors) {
          const url = new URL(seed.path, 'http://fuzz.invalid');
          url.searchParams.set('cursor', cursor);
          const response = await h.as(seed.actor).get(`${url.pathname}${url.search}`);
          const label = `${routeKey(seed.route)} cursor ${Buffer.from(cursor, 'base64url').toString()} → ${response.text.slice(0, 300)}`;
          expect([response.status, response.errorCode], label).toEqual([400, 'INVALID_CURSOR']);
        }
      }
      expect(await fingerprint()).toEqual(before);
    },
    HANG_GUARD_MS,
  );

  // -------------------------------------------------------------------------------------------
  // Impossible and extreme dates in every date field of every route that takes one.

  /** Seeds whose matrix request takes no date: the same request in the form that does. */
  const datedBodies: Record<string, () => unknown> = {
    // The matrix returns the application; approving it is the form with an expiry date.
    'POST /api/v1/applications/{id}/review': () => ({
      decision: 'approve',
      amountFen: '1',
      expiresOn: '2026-12-31',
    }),
  };

  /** POST routes that change nothing (their own doc says so): any real date may succeed. */
  const pureCalculations = new Set(['POST /api/v1/programs/calculate']);

  it(
    'answers impossible and extreme dates in every date field without a 5xx and changes nothing',
    async () => {
      const dateRoutes = routes.filter((route) => routeDateFields(route).length > 0);
      const fields = dateRoutes.flatMap((route) =>
        routeDateFields(route).map((field) => `${routeKey(route)} ${field.in}:${field.path}`),
      );
      expect(fields).toEqual(
        expect.arrayContaining([
          'POST /api/v1/claims body:contractSignedOn',
          'POST /api/v1/claims body:purchase.contractStartsOn',
          'POST /api/v1/claims body:purchase.contractEndsOn',
          'POST /api/v1/applications/{id}/review body:expiresOn',
          'GET /api/v1/programs query:date',
          'POST /api/v1/programs/calculate body:purchase.date',
          'POST /api/v1/programs/calculate body:purchase.contractSignedOn',
          'POST /api/v1/enterprises body:foundedOn',
          'PATCH /api/v1/enterprises/{id} body:foundedOn',
        ]),
      );
      const dateSeeds = (await seeds()).filter((seed) => routeDateFields(seed.route).length > 0);
      expect(new Set(dateSeeds.map((seed) => routeKey(seed.route)))).toEqual(
        new Set(dateRoutes.map(routeKey)),
      );
      const before = await fingerprint();
      const tally = new Map<string, number>();
      const cases = fc.record({
        seed: fc.constantFrom(...dateSeeds),
        fieldIndex: fc.nat(),
        impossible: fc.boolean(),
        impossibleValue: impossibleDate,
        extremeValue: extremeRealDate,
      });
      await fc.assert(
        fc.asyncProperty(
          cases,
          async ({ seed, fieldIndex, impossible, impossibleValue, extremeValue }) => {
            const dateFields = routeDateFields(seed.route);
            const field = dateFields[fieldIndex % dateFields.length];
            if (field === undefined) throw new Error('no date field');
            // Routes that change nothing may take any real date; the others get one so far ahead
            // that each of their date fields refuses it (or the seed's request is refused anyway).
            const readOnly =
              seed.route.method === 'get' || pureCalculations.has(routeKey(seed.route));
            const value = impossible ? impossibleValue : readOnly ? extremeValue : FAR_FUTURE_DATE;
            const base = datedBodies[routeKey(seed.route)]?.() ?? seed.body;
            let path = seed.path;
            let body = base;
            if (field.in === 'query') {
              const url = new URL(seed.path, 'http://fuzz.invalid');
              url.searchParams.set(field.path, value);
              path = `${url.pathname}${url.search}`;
            } else {
              body = withValueAt(base, field.path, value);
            }
            const response = await h.as(seed.actor).request(seed.route.method, path, body);
            const label = `${routeKey(seed.route)} ${field.path}=${JSON.stringify(value.slice(0, 40))} → ${response.text.slice(0, 300)}`;
            expect(response.status, label).toBeLessThan(500);
            if (impossible) {
              expect(response.status, label).toBe(400);
              expect(response.errorCode, label).toBe('VALIDATION_FAILED');
              expect(
                response.json<{ error: { details: { field?: string } } }>().error.details.field,
                label,
              ).toBe(field.path);
            } else if (!readOnly) {
              expect(response.status, label).toBeGreaterThanOrEqual(400);
            }
            if (response.status >= 400)
              expect(knownCodes.has(response.errorCode ?? ''), label).toBe(true);
            const key = `${routeKey(seed.route)} ${response.status} ${response.errorCode ?? ''}`;
            tally.set(key, (tally.get(key) ?? 0) + 1);
          },
        ),
        { numRuns: 2_000 },
      );
      console.info('fuzz (dates):', Object.fromEntries(tally));
      expect(await fingerprint()).toEqual(before);
    },
    HANG_GUARD_MS,
  );
});

// ---------------------------------------------------------------------------------------------
// YAML bodies: alias-heavy documents (billion laughs) and oversized nesting, on every route whose
// body carries a YAML text. Each must be refused with a 4xx and change nothing.

const YAML_RUNS = 60;

/** `levels` anchors, each a list of `width` aliases of the one before: width^levels leaves. */
const aliasBomb = fc
  .record({ levels: fc.integer({ min: 3, max: 12 }), width: fc.integer({ min: 3, max: 12 }) })
  .map(({ levels, width }) => {
    const lines = [`l0: &l0 [${Array(width).fill('"lol"').join(', ')}]`];
    for (let level = 1; level < levels; level += 1) {
      lines.push(
        `l${level}: &l${level} [${Array(width)
          .fill(`*l${level - 1}`)
          .join(', ')}]`,
      );
    }
    return `id: bomb\n${lines.join('\n')}\n`;
  });

/** Many aliases of one small anchor, under the expansion limit each but many of them. */
const aliasHeavy = fc
  .integer({ min: 51, max: 2_000 })
  .map((count) => `x: &x {a: 1}\nitems: [${Array(count).fill('*x').join(', ')}]\n`);

/** Flow, block-map and block-sequence nesting past any real program's depth. */
const deepNesting = fc.oneof(
  fc
    .integer({ min: 33, max: 60_000 })
    .map((depth) => `id: ${'['.repeat(depth)}${']'.repeat(depth)}`),
  fc
    .integer({ min: 33, max: 20_000 })
    .map((depth) => `id: ${'{a: '.repeat(depth)}1${'}'.repeat(depth)}`),
  fc
    .integer({ min: 33, max: 300 })
    .map(
      (depth) =>
        `id:\n${Array.from({ length: depth }, (_, i) => `${' '.repeat(i + 1)}k${i}:`).join('\n')} 1`,
    ),
  fc.integer({ min: 33, max: 5_000 }).map((depth) => `id:\n${'- '.repeat(depth)}x`),
);

describe('API fuzz: alias-heavy and deeply nested YAML', () => {
  const yamlRoutes = routes.filter((route) => bodyShape(route).includes('yaml'));

  it('finds the routes that take YAML (the program publishing route at least)', () => {
    expect(yamlRoutes.map(routeKey)).toContain('POST /api/v1/programs/versions');
  });

  it(
    `answers ${YAML_RUNS} hostile YAML bodies per route with a 4xx and changes nothing`,
    async () => {
      const before = await fingerprint();
      for (const route of yamlRoutes) {
        const actor = actorFor(route);
        await fc.assert(
          fc.asyncProperty(fc.oneof(aliasBomb, aliasHeavy, deepNesting), async (yaml) => {
            const headers: Record<string, string> = {
              'content-type': 'application/json',
              'idempotency-key': randomUUID(),
            };
            if (actor) {
              headers.cookie = `suanli_session=${h.actors[actor].sessionToken}; suanli_csrf=${h.actors[actor].csrfToken}`;
              headers['x-csrf-token'] = h.actors[actor].csrfToken;
            }
            const response = await h.app.request(route.path.replace(/\{[^}]+\}/g, randomUUID()), {
              method: route.method.toUpperCase(),
              headers,
              body: JSON.stringify({ yaml }),
            });
            const text = await response.text();
            const label = `${routeKey(route)} (${yaml.length} chars) → ${text.slice(0, 200)}`;
            expect(response.status, label).toBeGreaterThanOrEqual(400);
            expect(response.status, label).toBeLessThan(500);
            const code = (JSON.parse(text) as { error?: { code?: string } }).error?.code ?? '';
            expect(knownCodes.has(code), label).toBe(true);
          }),
          { numRuns: YAML_RUNS },
        );
      }
      expect(await fingerprint()).toEqual(before);
    },
    HANG_GUARD_MS,
  );
});
