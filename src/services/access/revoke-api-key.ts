import { DomainError } from '../../domain/shared/errors.ts';
import type { Database } from '../../db/client.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { API_KEY_COLUMNS, toApiKey, type ApiKey, type ApiKeyRow } from './api-key-row.ts';
import type { AuthContext } from './auth-context.ts';

/**
 * Revokes a key of the caller's tenant (another tenant's key is NOT_FOUND, so ids don't leak).
 * Revoking a revoked key returns it unchanged without a second audit event.
 */
export async function revokeApiKey(options: {
  db: Database;
  auth: Pick<AuthContext, 'userId' | 'tenantId' | 'via'>;
  id: string;
  requestId?: string | null | undefined;
  now: Date;
}): Promise<ApiKey> {
  return options.db.transaction(async (tx) => {
    const [before] = await tx.query<ApiKeyRow>(
      `select ${API_KEY_COLUMNS} from api_keys where id = $1 and tenant_id = $2 for update`,
      [options.id, options.auth.tenantId],
    );
    if (!before)
      throw new DomainError('NOT_FOUND', `api key ${options.id} not found`, { field: 'id' });
    if (before.revoked_at !== null) return toApiKey(before);
    const [after] = await tx.query<ApiKeyRow>(
      `update api_keys set revoked_at = $2 where id = $1 returning ${API_KEY_COLUMNS}`,
      [options.id, options.now],
    );
    if (!after) throw new Error('api key vanished while locked');
    await recordAudit({
      sql: tx,
      actor: {
        userId: options.auth.userId,
        tenantId: options.auth.tenantId,
        via: options.auth.via,
      },
      action: 'apiKey.revoke',
      entity: { type: 'apiKey', id: options.id, tenantId: options.auth.tenantId },
      before: toApiKey(before),
      after: toApiKey(after),
      requestId: options.requestId,
      now: options.now,
    });
    return toApiKey(after);
  });
}
