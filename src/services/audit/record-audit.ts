import { v7 as uuidv7 } from 'uuid';
import {
  auditChainHash,
  canonicalJson,
  type AuditActorVia,
  type AuditEvent,
} from '../../domain/audit/chain.ts';
import { assert } from '../../domain/shared/assert.ts';
import type { Sql } from '../../db/client.ts';
import { isAuditEntityType, type AuditEntityType } from './audit-entity-types.ts';

/** Who did it: a user through a session or API key, or the system / the CLI. */
export interface AuditActor {
  userId?: string | null | undefined;
  tenantId?: string | null | undefined;
  via: AuditActorVia;
}

export interface RecordAuditOptions {
  /** Pass the transaction that made the change, so the event commits (or not) with it. */
  sql: Sql;
  actor: AuditActor;
  /** `entity.verb`, lower camel case parts: `grant.approve`, `apiKey.revoke`. */
  action: string;
  /** `type` is one of `auditEntityTypes`, which says who may read the event's before/after. */
  entity: { type: AuditEntityType; id: string; tenantId: string | null };
  before?: unknown;
  after?: unknown;
  requestId?: string | null | undefined;
  now: Date;
}

/**
 * Appends one hash-chained event to the audit log inside the caller's transaction.
 *
 * Lock order: this locks the audit chain head `for update`. A transaction that also writes the
 * ledger must call the ledger (which locks accounts, then the ledger head) BEFORE this, never
 * after, so that no two transactions wait on each other's head (deadlock).
 *
 * @example
 * await db.transaction(async (tx) => {
 *   await createTransfers({ sql: tx, transfers, now });
 *   await recordAudit({ sql: tx, actor: { userId, tenantId, via: 'session' },
 *     action: 'grant.approve', entity: { type: 'grant', id, tenantId: enterpriseId },
 *     before, after, requestId, now });
 * });
 */
export async function recordAudit(options: RecordAuditOptions): Promise<AuditEvent> {
  const { sql, actor, entity, now } = options;
  assert(isAuditEntityType(entity.type), `audit entity type ${entity.type} has a rule`);
  const [head] = await sql.query<{ seq: bigint; hash: string }>(
    `select seq, encode(hash, 'hex') as hash from audit_chain_head for update`,
  );
  assert(head !== undefined, 'audit_chain_head has its singleton row');
  const event: AuditEvent = {
    seq: head.seq + 1n,
    id: uuidv7(),
    occurredAt: new Date(now.getTime()),
    actorUserId: actor.userId ?? null,
    actorTenantId: actor.tenantId ?? null,
    actorVia: actor.via,
    action: options.action,
    entityType: entity.type,
    entityId: entity.id,
    entityTenantId: entity.tenantId,
    beforeJson: options.before === undefined ? null : canonicalJson(options.before),
    afterJson: options.after === undefined ? null : canonicalJson(options.after),
    requestId: options.requestId ?? null,
  };
  const hash = auditChainHash(head.hash, event);
  await sql.query(
    `insert into audit_events (seq, id, occurred_at, actor_user_id, actor_tenant_id, actor_via,
       action, entity_type, entity_id, entity_tenant_id, before_json, after_json, request_id, hash)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, decode($14, 'hex'))`,
    [
      event.seq.toString(),
      event.id,
      event.occurredAt,
      event.actorUserId,
      event.actorTenantId,
      event.actorVia,
      event.action,
      event.entityType,
      event.entityId,
      event.entityTenantId,
      event.beforeJson,
      event.afterJson,
      event.requestId,
      hash,
    ],
  );
  await sql.query(`update audit_chain_head set seq = $1, hash = decode($2, 'hex')`, [
    event.seq.toString(),
    hash,
  ]);
  return event;
}
