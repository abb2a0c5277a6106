/**
 * The REST API framework. Feature routes: `defineRoute` in the feature's file, then one
 * `api.mount([...])` line in src/http/routes.ts and one entry per route in
 * test/support/api-matrix-entries.ts.
 */
export {
  defineRoute,
  routeKey,
  MAX_BODY_BYTES,
  type RouteDefinition,
  type RouteInput,
} from './define-route.ts';
export { createApi, apiOf, type Api } from './create-api.ts';
export type { ApiContext, ApiDependencies, ApiEnv } from './api-env.ts';
export {
  describeAccess,
  routeAccessOf,
  SESSION_COOKIE,
  CSRF_COOKIE,
  CSRF_HEADER,
  type RouteAccess,
  type RouteAccessSpec,
} from './auth.ts';
export { decodeCursor, encodeCursor, isIdKey, isSeqKey, toPage } from './pagination.ts';
export {
  pageQuery,
  pageOf,
  idParams,
  errorBodySchema,
  PAGE_SIZE_MAX,
  PAGE_SIZE_DEFAULT,
} from '../../contracts/common.ts';
export { IDEMPOTENCY_HEADER, REPLAYED_HEADER } from './idempotency.ts';
export { loginRoute, logoutRoute, meRoute } from './session-routes.ts';
export { createUserRoute, listUsersRoute, getUserRoute, updateUserRoute } from './user-routes.ts';
export { createApiKeyRoute, listApiKeysRoute, revokeApiKeyRoute } from './api-key-routes.ts';
export { listAuditEventsRoute } from './audit-routes.ts';

import { createApiKeyRoute, listApiKeysRoute, revokeApiKeyRoute } from './api-key-routes.ts';
import { listAuditEventsRoute } from './audit-routes.ts';
import { listLoginAttemptsRoute } from './login-attempt-routes.ts';
import { loginRoute, logoutRoute, meRoute } from './session-routes.ts';
import { createUserRoute, getUserRoute, listUsersRoute, updateUserRoute } from './user-routes.ts';

/** The platform's own routes: sessions, users, API keys, the audit log. */
export const accessRoutes = [
  loginRoute,
  logoutRoute,
  meRoute,
  createUserRoute,
  listUsersRoute,
  getUserRoute,
  updateUserRoute,
  createApiKeyRoute,
  listApiKeysRoute,
  revokeApiKeyRoute,
];
export const auditRoutes = [listAuditEventsRoute, listLoginAttemptsRoute];
