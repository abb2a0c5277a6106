/**
 * THE AUTHORIZATION MATRIX: one entry per API route. test/authorization-matrix.test.ts
 * enumerates the REAL route table (every route mounted through `api.mount` in
 * src/http/routes.ts) and FAILS for every route without an entry here (and for entries whose
 * route no longer exists). For each route it runs every role (role@A), anonymous, and an API
 * key, against data of the caller's own tenant and of another tenant, and checks the rule.
 *
 * HOW TO ADD ENTRIES FOR YOUR ROUTES
 * 1. Create test/support/matrix-entries/<your-feature>.ts exporting
 *      export const <feature>MatrixEntries: MatrixEntries = {
 *        'GET /api/v1/enterprises/{id}': {
 *          allowed: ['operator-admin', 'reviewer', 'auditor', 'enterprise-admin', 'enterprise-member'],
 *          otherTenant: 'operator-any',
 *          request: async ({ client, tenantOf }) => {
 *            const enterprise = tenantOf('enterprise'); // the tenant whose data you address
 *            return client.get(`/api/v1/enterprises/${enterprise.id}`);
 *          },
 *        },
 *        'POST /api/v1/things': {
 *          allowed: ['enterprise-admin'],
 *          otherTenant: 'not-found',
 *          okStatus: 201,
 *          request: async ({ client, tenantOf, unique }) =>
 *            client.post('/api/v1/things', { tenantId: tenantOf('enterprise').id, name: unique() }),
 *        },
 *      };
 *    The key is `METHOD path` exactly as in defineRoute (upper-case method, `{param}` form).
 * 2. Add one import and one spread line below.
 * 3. Run `npx vitest run test/authorization-matrix.test.ts`.
 *
 * Rules (types and details in api-matrix.ts):
 * - `allowed` repeats the route's `access.roles` on purpose: changing who may call a route
 *   must be done in both places.
 * - `request` must be a valid request that SUCCEEDS for an allowed caller on its own data;
 *   create whatever data it needs first (each case runs separately; use `unique()` for names).
 * - Get every tenant from `tenantOf(kind)`: that is how the test knows whether the case is
 *   own-tenant or other-tenant. Never use `h.tenants` directly in `request`.
 * - `mark(tenant, id)` the ids you create, so a leak into another tenant's response is caught.
 */
import type { MatrixEntries } from './api-matrix.ts';
import { accessMatrixEntries } from './matrix-entries/access.ts';
import { partiesMatrixEntries } from './matrix-entries/parties.ts';
import { programsMatrixEntries } from './matrix-entries/programs.ts';
import { publicationMatrixEntries } from './matrix-entries/publication.ts';
import { exportsMatrixEntries } from './matrix-entries/exports.ts';
import { vouchersMatrixEntries } from './matrix-entries/vouchers.ts';
import { exchangeMatrixEntries } from './matrix-entries/exchange.ts';
import { exchangeHistoryMatrixEntries } from './matrix-entries/exchange-history.ts';
import { gatewayUsageMatrixEntries } from './matrix-entries/gateway-usage.ts';
import { gatewayMatrixEntries } from './matrix-entries/gateway.ts';

export type { MatrixEntries, MatrixEntry, MatrixCase } from './api-matrix.ts';

export const matrixEntries: MatrixEntries = {
  ...accessMatrixEntries,
  ...partiesMatrixEntries,
  ...programsMatrixEntries,
  ...publicationMatrixEntries,
  ...exportsMatrixEntries,
  ...vouchersMatrixEntries,
  ...exchangeMatrixEntries,
  ...exchangeHistoryMatrixEntries,
  ...gatewayUsageMatrixEntries,
  ...gatewayMatrixEntries,
};
