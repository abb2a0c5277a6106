import type { AuthContext } from '../../../services/access/index.ts';
import type { AuditActor } from '../../../services/audit/index.ts';

/** The audit actor of an authenticated request (the provider signing-key use-cases take it). */
export function actorOf(auth: AuthContext): AuditActor {
  return { userId: auth.userId, tenantId: auth.tenantId, via: auth.via };
}
