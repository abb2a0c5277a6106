import { v7 as uuidv7 } from 'uuid';
import type { Role, TenantKind } from '../../src/domain/access/roles.ts';
import type { PersonActor } from '../../src/services/authz/index.ts';

/**
 * A signed-in person of `tenantId` for calling a use-case directly, without the HTTP layer:
 * the services check the permission table themselves, so a test can show that a caller the
 * table refuses is refused by the service, not only by its route.
 */
export function personActor(tenantId: string, tenantKind: TenantKind, roles: Role[]): PersonActor {
  return {
    via: 'session',
    userId: uuidv7(),
    tenantId,
    tenantKind,
    roles,
    scopes: ['read', 'write'],
    credentialId: uuidv7(),
    requestId: null,
  };
}
