import type { Database } from '../../db/client.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { AuthContext } from './auth-context.ts';

/** Logs out: revokes the session that made the request and records `session.logout`. */
export async function revokeSession(options: {
  db: Database;
  auth: AuthContext;
  requestId?: string | null | undefined;
  now: Date;
}): Promise<void> {
  const { auth } = options;
  await options.db.transaction(async (tx) => {
    const revoked = await tx.query<{ id: string }>(
      `update sessions set revoked_at = $2 where id = $1 and revoked_at is null returning id`,
      [auth.credentialId, options.now],
    );
    if (revoked.length === 0) return;
    await recordAudit({
      sql: tx,
      actor: { userId: auth.userId, tenantId: auth.tenantId, via: auth.via },
      action: 'session.logout',
      entity: { type: 'session', id: auth.credentialId, tenantId: auth.tenantId },
      requestId: options.requestId,
      now: options.now,
    });
  });
}
