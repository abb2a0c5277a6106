/**
 * Types of the authorization matrix (see api-matrix-entries.ts for how to add an entry and
 * test/authorization-matrix.test.ts for how the entries are checked).
 *
 * Besides the status of every case, the test checks around the case's last request:
 * - a refused request (4xx) changed nothing in the database (row counts, chain heads);
 * - a successful request that added rows or moved the ledger also wrote the audit log
 *   (every state change is audited: docs/architecture.md#a-requests-way-through-the-server);
 * - a response to a caller without access to other tenants holds none of their `mark`ed values.
 */
import type { PersonActor, Role, Tenant, TenantKind } from '../../src/services/access/index.ts';
import type { ActorName, ApiClient, ApiHarness, ApiResponse } from './api-harness.ts';

/** What one matrix case gives the entry's `request` function. */
export interface MatrixCase {
  h: ApiHarness;
  /** The caller: `role@A` or 'anonymous'. */
  actor: ActorName | 'anonymous';
  /** Send the request with this client (session + CSRF, an API key, or anonymous). */
  client: ApiClient;
  /** The caller's tenant kind (undefined for anonymous). */
  actorKind: TenantKind | undefined;
  /** Whether this case addresses data of the caller's own tenant or of another tenant. */
  target: 'own' | 'other';
  /**
   * For `personal` entries: whether the object belongs to the caller or to another person of
   * the addressed tenant (always 'own' for other entries).
   */
  person: 'own' | 'other';
  /**
   * The person who must own the object the request addresses in `tenant` (an API key's
   * creator, the user record itself): the caller when `person` is 'own' and the tenant is the
   * caller's, otherwise another user of that tenant (made on demand).
   */
  ownerIn: (tenant: Tenant) => Promise<{ userId: string; actor: PersonActor }>;
  /**
   * Registers a value as belonging to person `userId`: the test fails if a response to a
   * caller whose reach on the route's action is `own` (see the permission table) and who is
   * not that person contains it.
   */
  markPerson: (userId: string, value: string) => void;
  /**
   * The tenant of `kind` whose data the request must address: the caller's own tenant when
   * target is 'own' and the caller is of that kind, otherwise a tenant that is not the caller's.
   * Create the data in it (services, or `h.as('operator-admin@A')`) before the request. The
   * test reads which tenant you used to know what to expect — always get tenants from here.
   */
  tenantOf: (kind: TenantKind) => Tenant;
  /**
   * Registers a value (id, email, name) as belonging to `tenant`: the test fails if a response
   * to a caller without access to that tenant contains it. Ids you create in other tenants are
   * the ones worth marking.
   */
  mark: (tenant: Tenant, value: string) => void;
  /**
   * Registers a value as living under a program of operator tenant `operator`: the test fails
   * if a response to ANOTHER operator tenant's staff contains it (enterprise and provider
   * callers are checked by `mark` instead).
   */
  markProgram: (operator: Tenant, value: string) => void;
  /** A fresh unique string for names and emails (cases run many times). */
  unique: () => string;
}

/** The rule and the request of one route. */
export interface MatrixEntry {
  /**
   * Optional: the roles allowed to call, repeated for the entry's own use. The test takes who
   * may call from the permission table (the route's action) and fails if this differs.
   * Everyone else gets 403 FORBIDDEN; anonymous callers 401 UNAUTHENTICATED.
   */
  allowed?: readonly Role[] | 'public';
  /**
   * The route addresses objects owned by one person (API keys, users): the matrix adds the
   * case of another person's object in the caller's own tenant, expected to be refused (404,
   * or left out of lists) for roles whose reach on the action is `own`.
   */
  personal?: true;
  /**
   * An allowed caller addressing ANOTHER tenant's data gets:
   * - 'not-found':    404 NOT_FOUND (own-tenant routes; ids of others don't leak)
   * - 'operator-any': success for operator staff, 404 NOT_FOUND for everyone else
   * - 'any':          success for every allowed role (shared data: catalogue, programs)
   * - 'filtered':     success, but nothing of the other tenant in the response (lists)
   * - 'program-owner': as 'operator-any', except that operator staff succeed only on data
   *                    under their own operator tenant's programs and get 404 NOT_FOUND for
   *                    another operator tenant's (use `tenantOf('operator')` as the owner)
   * - 'program-owner-filtered': as 'program-owner' for lists: operator staff get success
   *                    with nothing `markProgram`ed by another operator tenant
   */
  otherTenant:
    'not-found' | 'operator-any' | 'any' | 'filtered' | 'program-owner' | 'program-owner-filtered';
  /**
   * What an operator's response may hold on 'filtered' and 'not-found' routes. 'own-tenant'
   * (default): nothing marked as another tenant's. 'operator-scope': nothing of another
   * OPERATOR tenant — for routes where operators see the enterprises' and providers' data
   * under their own programs (exports, reports), and scoping is by program owner.
   */
  operatorSees?: 'own-tenant' | 'operator-scope';
  /** Status of success; default 200 (use 201 for creates, 204 for empty responses). */
  okStatus?: number;
  /**
   * Makes the request for the case. It must be a VALID request for an allowed caller on its
   * own data (so that it succeeds); the framework answers 401/403 before validation for others.
   */
  request: (c: MatrixCase) => Promise<ApiResponse>;
}

export type MatrixEntries = Record<string, MatrixEntry>;
