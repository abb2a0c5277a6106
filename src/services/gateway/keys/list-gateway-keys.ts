import type { Database, Sql } from '../../../db/client.ts';
import { DomainError } from '../../../domain/shared/errors.ts';
import { recordAudit } from '../../audit/record-audit.ts';
import type { Actor } from '../../authz/actor.ts';
import { authorize, listScope } from '../../authz/authorize.ts';
import { GATEWAY_KEY_COLUMNS, toGatewayKey, type GatewayKey, type GatewayKeyRow } from './rows.ts';

/**
 * The enterprise's gateway keys (revoked ones too), oldest first, keyset-paginated by id.
 *
 * @example
 * const { keys, hasMore } = await listGatewayKeys({ sql: db, actor, limit: 50 });
 */
export async function listGatewayKeys(options: {
  sql: Sql;
  actor: Actor;
  afterId?: string | undefined;
  limit: number;
}): Promise<{ keys: GatewayKey[]; hasMore: boolean }> {
  const scope = listScope(options.actor, 'gatewayKey.list');
  const rows = await options.sql.query<GatewayKeyRow>(
    `select ${GATEWAY_KEY_COLUMNS} from gateway_keys
      where ($1::uuid is null or enterprise_id = $1) and ($2::uuid is null or id > $2)
      order by id limit $3`,
    [scope.tenantId, options.afterId ?? null, options.limit + 1],
  );
  return {
    keys: rows.slice(0, options.limit).map(toGatewayKey),
    hasMore: rows.length > options.limit,
  };
}

/**
 * Revokes a gateway key of the actor's enterprise (another's is NOT_FOUND). Gateway processes
 * refuse it once their key cache turns over (docs/gateway.md: within `GATEWAY_KEY_CACHE_MS`).
 * Revoking a revoked key returns it unchanged without a second audit event.
 *
 * @example
 * const key = await revokeGatewayKey({ db, actor, id, now });
 */
export async function revokeGatewayKey(options: {
  db: Database;
  actor: Actor;
  id: string;
  now: Date;
}): Promise<GatewayKey> {
  const { actor } = options;
  authorize(actor, 'gatewayKey.revoke');
  return options.db.transaction(async (tx) => {
    const [row] = await tx.query<GatewayKeyRow>(
      `select ${GATEWAY_KEY_COLUMNS} from gateway_keys where id = $1 for update`,
      [options.id],
    );
    if (!row) throw new DomainError('NOT_FOUND', `no gateway key ${options.id}`, { field: 'id' });
    const before = toGatewayKey(row);
    authorize(actor, 'gatewayKey.revoke', { tenantId: before.enterpriseId });
    if (before.revokedAt !== null) return before;
    const [afterRow] = await tx.query<GatewayKeyRow>(
      `update gateway_keys set revoked_at = $2 where id = $1 returning ${GATEWAY_KEY_COLUMNS}`,
      [options.id, options.now],
    );
    if (!afterRow) throw new Error('gateway key vanished while locked');
    const after = toGatewayKey(afterRow);
    await recordAudit({
      sql: tx,
      actor,
      action: 'gatewayKey.revoke',
      entity: { type: 'gatewayKey', id: after.id, tenantId: after.enterpriseId },
      before,
      after,
      requestId: actor.requestId,
      now: options.now,
    });
    return after;
  });
}
