/**
 * Users, sessions, API keys and tenants (docs/architecture.md#a-requests-way-through-the-server).
 * Other modules import from here.
 */
export type { AuthContext, ApiKeyScope, User } from './auth-context.ts';
export { personActorOf } from './auth-context.ts';
export type { ApiKey } from './api-key-row.ts';
export { createTenant, type Tenant, type CreateTenantOptions } from './create-tenant.ts';
export { createUser, type CreateUserOptions, PASSWORD_MIN_LENGTH } from './create-user.ts';
export { listUsers, getUser } from './list-users.ts';
export { createSession, SESSION_TTL_SECONDS, type CreatedSession } from './create-session.ts';
export { authenticateSession, type SessionAuth } from './authenticate-session.ts';
export { revokeSession } from './revoke-session.ts';
export {
  listLoginAttempts,
  recordFailedLogin,
  type LoginAttempt,
  type LoginFailureReason,
} from './login-attempts.ts';
export { createApiKey, API_KEY_PREFIX } from './create-api-key.ts';
export { authenticateApiKey } from './authenticate-api-key.ts';
export { revokeApiKey } from './revoke-api-key.ts';
export { listApiKeys } from './list-api-keys.ts';
export { sha256Hex } from './secrets.ts';
export {
  roles,
  rolesByTenantKind,
  operatorRoles,
  mayGrantRoles,
  type Role,
  type TenantKind,
} from '../../domain/access/roles.ts';
export {
  beginIdempotentRequest,
  completeIdempotentRequest,
  IDEMPOTENCY_TTL_SECONDS,
  type IdempotencyStart,
  type StoredResponse,
} from './idempotency-keys.ts';
export { updateUser, type UpdateUserOptions } from './update-user.ts';
export * from '../authz/index.ts';
