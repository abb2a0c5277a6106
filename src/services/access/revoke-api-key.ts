import { DomainError } from '../../domain/shared/errors.ts';
import type { Database } from '../../db/client.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Actor } from '../authz/actor.ts';
import { authorize } from '../authz/authorize.ts';
import { API_KEY_COLUMNS, toApiKey, type ApiKey, type ApiKeyRow } from './api-key-row.ts';

/**
 * Revokes an API key: one's own, or as an admin of its tenant (operator-admin,
 * enterprise-admin, provider-admin) any of the tenant's — the `apiKey.revoke` permission. A key
 * the actor may not revoke is NOT_FOUND (another tenant's or another person's), so ids don't
 * leak and an auditor cannot lock the operator out. Revoking a revoked key returns it
 * unchanged without a second audit event.
 *
 * @example
 * const key = await revokeApiKey({ db, actor, id: keyId, now });
 */
export async function revokeApiKey(options: {
  db: Database;
  actor: Actor;
  id: string;
  now: Date;
}): Promise<ApiKey> {
  const { actor } = options;
  authorize(actor, 'apiKey.revoke');
  return options.db.transaction(async (tx) => {
    const [before] = await tx.query<ApiKeyRow>(
      `select ${API_KEY_COLUMNS} from api_keys where id = $1 for update`,
      [options.id],
    );
    if (!before) {
      throw new DomainError('NOT_FOUND', `api key ${options.id} not found`, { field: 'id' });
    }
    authorize(actor, 'apiKey.revoke', {
      tenantId: before.tenant_id,
      ownerUserId: before.created_by,
    });
    if (before.revoked_at !== null) return toApiKey(before);
    const [after] = await tx.query<ApiKeyRow>(
      `update api_keys set revoked_at = $2 where id = $1 returning ${API_KEY_COLUMNS}`,
      [options.id, options.now],
    );
    if (!after) throw new Error('api key vanished while locked');
    await recordAudit({
      sql: tx,
      actor,
      action: 'apiKey.revoke',
      entity: { type: 'apiKey', id: options.id, tenantId: before.tenant_id },
      before: toApiKey(before),
      after: toApiKey(after),
      requestId: actor.requestId,
      now: options.now,
    });
    return toApiKey(after);
  });
}
