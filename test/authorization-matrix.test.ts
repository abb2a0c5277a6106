/**
 * The authorization matrix, generated from the permission table (src/services/authz) and the
 * real route table: every mounted route × every role (and anonymous, and API keys) × data of
 * the caller's own tenant / another tenant × (for objects one person owns: API keys, users)
 * the caller's own object / another person's. Who may call a route is the table's answer for
 * the route's action; on whose data, its reach. Entries live in
 * test/support/api-matrix-entries.ts; a route without one fails here. Refused requests must
 * change nothing; successful ones that change state must write the audit log.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { routeKey, type RouteDefinition } from '../src/http/api/index.ts';
import {
  actions,
  createUser,
  permissionOf,
  personActorOf,
  rolesFor,
  roles,
  systemActor,
  type PersonActor,
  type Reach,
  type Role,
  type Tenant,
  type TenantKind,
} from '../src/services/access/index.ts';
import {
  clientOf,
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
/** Values of one person's objects: a leak to callers whose reach is `own` (see check). */
const personMarkers: { userId: string; value: string }[] = [];
/** A second person per tenant (made on demand), owning the 'other person' objects. */
const colleagues = new Map<string, Promise<{ userId: string; actor: PersonActor }>>();
function colleagueIn(tenant: Tenant): Promise<{ userId: string; actor: PersonActor }> {
  let colleague = colleagues.get(tenant.id);
  if (!colleague) {
    // Roles that may hold keys, so the colleague can own one.
    const role = (['auditor', 'enterprise-admin', 'provider-admin'] as const)[
      ['operator', 'enterprise', 'provider'].indexOf(tenant.kind)
    ];
    colleague = h.db.transaction(async (tx) => {
      const user = await createUser({
        sql: tx,
        tenantId: tenant.id,
        email: `colleague.${unique()}@example.test`,
        displayName: `Colleague in ${tenant.name}`,
        password: 'correct horse battery staple',
        roles: [role ?? 'provider-admin'],
        actor: systemActor,
        now: h.clock.now(),
      });
      return { userId: user.id, actor: personActorOf(user) };
    });
    colleagues.set(tenant.id, colleague);
  }
  return colleague;
}
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
  return clientOf(request);
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
  person: 'own' | 'other' = 'own',
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
    person,
    ownerIn: async (tenant) => {
      if (own && person === 'own' && tenant.id === own.tenant.id) {
        return { userId: own.userId, actor: h.personActor(own.name) };
      }
      if (!own && person === 'own') {
        // Anonymous callers own nothing: the object is the tenant's first harness user's.
        const first = Object.values(h.actors).find((other) => other.tenant.id === tenant.id);
        if (first) return { userId: first.userId, actor: h.personActor(first.name) };
      }
      return colleagueIn(tenant);
    },
    markPerson: (userId, value) => personMarkers.push({ userId, value }),
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

/** The reach of `role` on the route's action in the permission table (undefined: may not). */
function reachOf(route: RouteDefinition, role: Role): Reach | undefined {
  return route.access.action === null ? undefined : permissionOf(route.access.action).reach[role];
}

function expectationFor(
  entry: MatrixEntry,
  route: RouteDefinition,
  actor: ActorName | 'anonymous',
  used: Tenant[],
  person: 'own' | 'other' = 'own',
): Expectation {
  const ok = entry.okStatus ?? 200;
  if (route.access.roles === 'public') return { status: ok, ownDataOnly: false };
  if (actor === 'anonymous') return { status: 401, code: 'UNAUTHENTICATED', ownDataOnly: false };
  const { role, tenant } = h.actors[actor];
  const reach = reachOf(route, role);
  if (reach === undefined) return { status: 403, code: 'FORBIDDEN', ownDataOnly: false };
  const crossTenantCase = used.some((other) => other.id !== tenant.id);
  if (person === 'other' && !crossTenantCase && reach === 'own') {
    // Another person's object in the caller's own tenant, for a caller who may touch only its own.
    const list = route.method === 'get' && !route.path.endsWith('}');
    return list
      ? { status: ok, ownDataOnly: true }
      : { status: 404, code: 'NOT_FOUND', ownDataOnly: false };
  }
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
  // 'operator-any': operator staff whose reach on the action is `any` (the table decides who).
  const seesOthers =
    entry.otherTenant === 'any' ||
    (entry.otherTenant === 'operator-any' && operator && reach === 'any') ||
    (programOwner && operator);
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
  ownReach = false,
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
  if (expected.ownDataOnly && actor !== 'anonymous' && response.status < 300 && ownReach) {
    const userId = h.actors[actor].userId;
    const leaked = personMarkers.filter(
      (marker) => marker.userId !== userId && response.text.includes(marker.value),
    );
    if (leaked.length > 0) {
      problems.push(`${label}: response holds another person's object ${leaked[0]?.value ?? ''}`);
    }
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

  it('takes every action of the permission table from some route, and only actions of it', () => {
    const taken = new Set(routes.map((route) => route.access.action));
    // The gateway's action is in the table ahead of its routes: it decides which roles' keys
    // may hold the gateway scope.
    const untaken = actions.filter((action) => !taken.has(action) && action !== 'gateway.call');
    expect(untaken, 'actions no route takes').toEqual([]);
    for (const route of routes) {
      if (route.access.action === null) continue;
      expect(route.access.roles, routeKey(route)).toEqual(rolesFor(route.access.action));
    }
  });

  for (const route of routes) {
    const key = routeKey(route);
    const entry = matrixEntries[key];
    if (!entry) continue;
    it(`${key}: every role × own/other tenant${entry.personal ? ' × own/other person' : ''}`, async () => {
      const declared = route.access.roles === 'public' ? 'public' : [...route.access.roles].sort();
      if (entry.allowed !== undefined) {
        const listed = entry.allowed === 'public' ? 'public' : [...entry.allowed].sort();
        expect(listed, `${key}: entry.allowed differs from the permission table`).toEqual(declared);
      }
      const problems: string[] = [];
      const cases: ['own' | 'other', 'own' | 'other'][] = entry.personal
        ? [
            ['own', 'own'],
            ['own', 'other'],
            ['other', 'own'],
          ]
        : [
            ['own', 'own'],
            ['other', 'own'],
          ];
      for (const actor of [...roleActors, 'anonymous' as const]) {
        for (const [target, person] of cases) {
          const client = h.as(actor);
          const result = await runCase(entry, actor, target, client, person);
          const role = actor === 'anonymous' ? undefined : h.actors[actor].role;
          check(
            `${actor} ${target} tenant${entry.personal ? `, ${person} person` : ''}`,
            result,
            expectationFor(entry, route, actor, result.used, person),
            actor,
            problems,
            role !== undefined && reachOf(route, role) === 'own',
          );
        }
      }
      if (route.access.roles !== 'public') {
        const first = route.access.roles[0];
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
  const wrongScope = await h.withApiKey(actor, [route.access.scope === 'read' ? 'write' : 'read']);
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
      expectationFor(entry, route, actor, result.used),
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
