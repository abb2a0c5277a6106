/**
 * The authorization matrix, generated from the real route table: every mounted route × every
 * role (and anonymous, and API keys) × data of the caller's own tenant / another tenant.
 * Entries live in test/support/api-matrix-entries.ts; a route without one fails here. Refused
 * requests must change nothing; successful ones that change state must write the audit log.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { routeKey, type RouteDefinition } from '../src/http/api/index.ts';
import { roles, type Role, type Tenant, type TenantKind } from '../src/services/access/index.ts';
import {
  createApiHarness,
  type ActorName,
  type ApiClient,
  type ApiResponse,
  type RequestOptions,
} from './support/api-harness.ts';
import type { MatrixCase, MatrixEntry } from './support/api-matrix.ts';
import { matrixEntries } from './support/api-matrix-entries.ts';

const h = await createApiHarness();
afterAll(() => h.close());

const routes = h.routes();
/** `operatorsOnly`: a value under an operator's program, a leak only to other operators' staff. */
const markers: { tenantId: string; value: string; operatorsOnly?: boolean }[] = Object.values(
  h.actors,
).flatMap((actor) => [
  { tenantId: actor.tenant.id, value: actor.userId },
  { tenantId: actor.tenant.id, value: actor.email },
]);
const operatorTenantIds = new Set([h.tenants.operatorA.id, h.tenants.operatorB.id]);
let counter = 0;
const unique = (): string => `m${Date.now().toString(36)}${(counter += 1)}`;

const kindOfRole = (role: Role): TenantKind =>
  role.startsWith('enterprise')
    ? 'enterprise'
    : role === 'provider-admin'
      ? 'provider'
      : 'operator';

/** A client that adds `defaults` to every request (e.g. leaving out the CSRF header). */
function withDefaults(client: ApiClient, defaults: RequestOptions): ApiClient {
  const request: ApiClient['request'] = (method, path, body, options) =>
    client.request(method, path, body, { ...defaults, ...options });
  return {
    request,
    get: (path, options) => request('GET', path, undefined, options),
    post: (path, body, options) => request('POST', path, body, options),
    put: (path, body, options) => request('PUT', path, body, options),
    patch: (path, body, options) => request('PATCH', path, body, options),
    delete: (path, options) => request('DELETE', path, undefined, options),
  };
}

interface CaseResult {
  response: ApiResponse;
  used: Tenant[];
  /** What the case's last request through its client changed in the database. */
  change: Change;
}

interface Fingerprint {
  /** Rows of every table except the bookkeeping ones below. */
  rows: string;
  /** Idempotency records and sessions: written by requests without being business state. */
  bookkeeping: string;
  audit: string;
  ledger: string;
}

interface Change {
  any: boolean;
  /** Business rows or the ledger changed. */
  state: boolean;
  /** The audit log grew. */
  audited: boolean;
}

const BOOKKEEPING = new Set(['idempotency_keys', 'sessions']);
const tables = (
  await h.db.query<{ name: string }>(
    `select table_name as name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE'`,
  )
).map(({ name }) => name);
const countOf = (names: string[]): string =>
  names.length === 0 ? '0' : names.map((name) => `(select count(*) from "${name}")`).join(' + ');
const fingerprintSql = `select (${countOf(tables.filter((name) => !BOOKKEEPING.has(name)))})::text as rows,
  (${countOf(tables.filter((name) => BOOKKEEPING.has(name)))})::text as bookkeeping,
  (select seq from audit_chain_head)::text as audit, (select seq from ledger_chain_head)::text as ledger`;
const fingerprint = async (): Promise<Fingerprint> => {
  const [row] = await h.db.query<Fingerprint>(fingerprintSql);
  if (!row) throw new Error('fingerprint query returned no row');
  return row;
};

/** `client` with a fingerprint of the database taken around each request. */
function observed(client: ApiClient): { client: ApiClient; change: () => Change } {
  let change: Change = { any: false, state: false, audited: false };
  const request: ApiClient['request'] = async (method, path, body, options) => {
    const before = await fingerprint();
    const response = await client.request(method, path, body, options);
    const after = await fingerprint();
    const state = before.rows !== after.rows || before.ledger !== after.ledger;
    const audited = before.audit !== after.audit;
    change = { any: state || audited || before.bookkeeping !== after.bookkeeping, state, audited };
    return response;
  };
  return {
    client: {
      request,
      get: (path, options) => request('GET', path, undefined, options),
      post: (path, body, options) => request('POST', path, body, options),
      put: (path, body, options) => request('PUT', path, body, options),
      patch: (path, body, options) => request('PATCH', path, body, options),
      delete: (path, options) => request('DELETE', path, undefined, options),
    },
    change: () => change,
  };
}

async function runCase(
  entry: MatrixEntry,
  actor: ActorName | 'anonymous',
  target: 'own' | 'other',
  plainClient: ApiClient,
): Promise<CaseResult> {
  const used: Tenant[] = [];
  const { client, change } = observed(plainClient);
  const own = actor === 'anonymous' ? undefined : h.actors[actor];
  const actorKind = own ? kindOfRole(own.role) : undefined;
  const matrixCase: MatrixCase = {
    h,
    actor,
    client,
    actorKind,
    target,
    tenantOf: (kind) => {
      const tenant =
        own && actorKind === kind && target === 'own'
          ? own.tenant
          : h.tenants[`${kind}${own && actorKind === kind ? 'B' : 'A'}`];
      used.push(tenant);
      return tenant;
    },
    mark: (tenant, value) => markers.push({ tenantId: tenant.id, value }),
    markProgram: (operator, value) =>
      markers.push({ tenantId: operator.id, value, operatorsOnly: true }),
    unique,
  };
  const response = await entry.request(matrixCase);
  return { response, used, change: change() };
}

interface Expectation {
  status: number;
  code?: string;
  /** Whether the response must hold nothing of tenants other than the caller's. */
  ownDataOnly: boolean;
  /** Only other operator tenants' data counts as a leak (entry.operatorSees 'operator-scope'). */
  otherOperatorsOnly?: boolean;
}

function expectationFor(
  entry: MatrixEntry,
  actor: ActorName | 'anonymous',
  used: Tenant[],
): Expectation {
  const ok = entry.okStatus ?? 200;
  if (entry.allowed === 'public') return { status: ok, ownDataOnly: false };
  if (actor === 'anonymous') return { status: 401, code: 'UNAUTHENTICATED', ownDataOnly: false };
  const { role, tenant } = h.actors[actor];
  if (!entry.allowed.includes(role)) return { status: 403, code: 'FORBIDDEN', ownDataOnly: false };
  const operator = kindOfRole(role) === 'operator';
  const programOwner =
    entry.otherTenant === 'program-owner' || entry.otherTenant === 'program-owner-filtered';
  if (operator && programOwner) {
    // Operator staff see the programs of their own operator tenant only.
    const otherOperator = used.some((other) => other.kind === 'operator' && other.id !== tenant.id);
    if (otherOperator && entry.otherTenant === 'program-owner') {
      return { status: 404, code: 'NOT_FOUND', ownDataOnly: false };
    }
    return { status: ok, ownDataOnly: true, otherOperatorsOnly: true };
  }
  const seesOthers =
    entry.otherTenant === 'any' ||
    ((entry.otherTenant === 'operator-any' || programOwner) && operator);
  const crossTenant = used.some((other) => other.id !== tenant.id);
  const otherOperatorsOnly = operator && entry.operatorSees === 'operator-scope';
  if (!crossTenant || seesOthers || entry.otherTenant === 'filtered') {
    return { status: ok, ownDataOnly: !seesOthers, otherOperatorsOnly };
  }
  return { status: 404, code: 'NOT_FOUND', ownDataOnly: false };
}

function check(
  label: string,
  result: CaseResult,
  expected: Expectation,
  actor: ActorName | 'anonymous',
  problems: string[],
): void {
  const { response } = result;
  if (
    response.status !== expected.status ||
    (expected.code && response.errorCode !== expected.code)
  ) {
    problems.push(
      `${label}: expected ${expected.status} ${expected.code ?? ''}, got ${response.status} ${response.text.slice(0, 300)}`,
    );
    return;
  }
  if (response.status >= 400 && result.change.any) {
    problems.push(`${label}: refused with ${response.status}, but the database changed`);
  }
  if (response.status < 300 && result.change.state && !result.change.audited) {
    problems.push(`${label}: changed the database without writing the audit log`);
  }
  if (expected.ownDataOnly && actor !== 'anonymous' && response.status < 300) {
    const tenantId = h.actors[actor].tenant.id;
    const callerIsOperator = kindOfRole(h.actors[actor].role) === 'operator';
    const leaked = markers.filter(
      (marker) =>
        marker.tenantId !== tenantId &&
        (marker.operatorsOnly !== true || callerIsOperator) &&
        (!expected.otherOperatorsOnly || operatorTenantIds.has(marker.tenantId)) &&
        response.text.includes(marker.value),
    );
    if (leaked.length > 0) {
      const values = [...new Set(leaked.map((marker) => marker.value))];
      problems.push(
        `${label}: response holds ${values.length} value(s) of other tenants, e.g. ${values.slice(0, 3).join(', ')}`,
      );
    }
  }
}

const roleActors: ActorName[] = roles.map((role) => `${role}@A` as const);
const isSafe = (route: RouteDefinition): boolean => route.method === 'get';

describe('authorization matrix', () => {
  it('has an entry for every mounted route and no entry without a route', () => {
    const keys = routes.map(routeKey);
    const missing = keys.filter((key) => !(key in matrixEntries));
    const stale = Object.keys(matrixEntries).filter((key) => !keys.includes(key));
    expect(
      missing,
      `routes without an entry in test/support/api-matrix-entries.ts (see the comment at its top)`,
    ).toEqual([]);
    expect(stale, 'entries whose route is not mounted').toEqual([]);
    expect(routes.length).toBeGreaterThan(0);
  });

  for (const route of routes) {
    const key = routeKey(route);
    const entry = matrixEntries[key];
    if (!entry) continue;
    it(`${key}: every role × own/other tenant`, async () => {
      const declared = route.access.roles === 'public' ? 'public' : [...route.access.roles].sort();
      const listed = entry.allowed === 'public' ? 'public' : [...entry.allowed].sort();
      expect(listed, `${key}: entry.allowed differs from the route's access.roles`).toEqual(
        declared,
      );
      const problems: string[] = [];
      for (const actor of [...roleActors, 'anonymous' as const]) {
        for (const target of ['own', 'other'] as const) {
          const client = h.as(actor);
          const result = await runCase(entry, actor, target, client);
          check(
            `${actor} ${target}`,
            result,
            expectationFor(entry, actor, result.used),
            actor,
            problems,
          );
        }
      }
      if (entry.allowed !== 'public') {
        const first = entry.allowed[0];
        if (first) await checkCredentials(entry, route, `${first}@A`, problems);
      }
      expect(problems, problems.join('\n')).toEqual([]);
    });
  }
});

/** API-key scopes and CSRF, with the first allowed role. */
async function checkCredentials(
  entry: MatrixEntry,
  route: RouteDefinition,
  actor: ActorName,
  problems: string[],
): Promise<void> {
  const wrongScope = await h.withApiKey(actor, [isSafe(route) ? 'write' : 'read']);
  const denied = await runCase(entry, actor, 'own', wrongScope);
  check(
    'api key without the scope',
    denied,
    { status: 403, code: 'FORBIDDEN', ownDataOnly: false },
    actor,
    problems,
  );
  if (isSafe(route)) {
    const reader = await h.withApiKey(actor, ['read']);
    const result = await runCase(entry, actor, 'own', reader);
    check(
      'api key with read scope',
      result,
      expectationFor(entry, actor, result.used),
      actor,
      problems,
    );
  } else {
    const noCsrf = withDefaults(h.as(actor), { omitCsrf: true });
    const result = await runCase(entry, actor, 'own', noCsrf);
    check(
      'session without CSRF header',
      result,
      { status: 403, code: 'CSRF_FAILED', ownDataOnly: false },
      actor,
      problems,
    );
  }
}
