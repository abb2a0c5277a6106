import type { Sql } from '../../../db/client.ts';
import { recordAudit, type RecordAuditOptions } from '../../audit/record-audit.ts';
import type { Actor } from '../../authz/actor.ts';

/** One row of the append-only `voucher_transitions` history. */
export interface TransitionRecord {
  entityType: 'application' | 'grant' | 'claim';
  entityId: string;
  action: string;
  from: string | null;
  to: string;
  reason?: string | null;
  at: Date;
  /** The enterprise the entity belongs to (the audit event's tenant). */
  tenantId: string;
  /** Extra facts for the audit event (amounts, ids). */
  details?: Record<string, unknown>;
}

/**
 * Audit events held back until the transaction's ledger work is done. The transition rows and
 * state updates can then be written *before* the ledger call, so that from the ledger post (which
 * holds the ledger's chain head and the hot accounts) to the commit only the audit events remain:
 * a shorter critical section on the hot redemption and payout paths.
 */
export class DeferredAudits {
  private readonly events: RecordAuditOptions[] = [];

  add(event: RecordAuditOptions): void {
    this.events.push(event);
  }

  /** Writes the held events in order; call after the last ledger call of the transaction. */
  async flush(): Promise<void> {
    for (const event of this.events.splice(0)) await recordAudit(event);
  }
}

/**
 * Appends a transition and its audit event in the caller's transaction. Lock order: the audit
 * event must come after the transaction's ledger transfers (the audit chain head is locked after
 * the ledger's) — either call this after them, or pass `deferred` and flush it after them.
 */
export async function recordTransition(
  tx: Sql,
  record: TransitionRecord,
  actor: Actor,
  deferred?: DeferredAudits,
): Promise<void> {
  await tx.query(
    `insert into voucher_transitions
       (entity_type, entity_id, action, from_state, to_state, actor_user_id, actor_tenant_id,
        reason, request_id, at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      record.entityType,
      record.entityId,
      record.action,
      record.from,
      record.to,
      actor.userId,
      actor.tenantId,
      record.reason ?? null,
      actor.requestId,
      record.at,
    ],
  );
  const event: RecordAuditOptions = {
    sql: tx,
    actor: { userId: actor.userId, tenantId: actor.tenantId, via: actor.via },
    action: `${record.entityType}.${record.action.replace(/_(\w)/gu, (_m, c: string) => c.toUpperCase())}`,
    entity: { type: record.entityType, id: record.entityId, tenantId: record.tenantId },
    before: record.from === null ? undefined : { state: record.from },
    after: { state: record.to, reason: record.reason ?? null, ...record.details },
    requestId: actor.requestId,
    now: record.at,
  };
  if (deferred) deferred.add(event);
  else await recordAudit(event);
}

/** What recordStep needs of the application, grant or claim that moved. */
export interface MovedEntity {
  type: TransitionRecord['entityType'];
  id: string;
  enterpriseId: string;
}

/**
 * Records one step of an application's, grant's or claim's state machine (`from` → `to` by
 * `action`): its transition row and audit event, as recordTransition does.
 */
export async function recordStep(
  tx: Sql,
  entity: MovedEntity,
  step: { from: string | null; to: string },
  options: {
    action: string;
    actor: Actor;
    now: Date;
    reason?: string | null | undefined;
    details?: Record<string, unknown>;
    deferred?: DeferredAudits | undefined;
  },
): Promise<void> {
  await recordTransition(
    tx,
    {
      entityType: entity.type,
      entityId: entity.id,
      tenantId: entity.enterpriseId,
      action: options.action,
      from: step.from,
      to: step.to,
      reason: options.reason ?? null,
      at: options.now,
      ...(options.details ? { details: options.details } : {}),
    },
    options.actor,
    options.deferred,
  );
}

export interface TransitionView {
  action: string;
  from: string | null;
  to: string;
  actorUserId: string | null;
  reason: string | null;
  requestId: string | null;
  at: Date;
}

/** The history of one entity, oldest first (bounded: an entity has few transitions). */
export async function listTransitions(
  sql: Sql,
  entityType: TransitionRecord['entityType'],
  entityId: string,
): Promise<TransitionView[]> {
  const rows = await sql.query<{
    action: string;
    from_state: string | null;
    to_state: string;
    actor_user_id: string | null;
    reason: string | null;
    request_id: string | null;
    at: Date;
  }>(
    `select action, from_state, to_state, actor_user_id, reason, request_id, at
       from voucher_transitions where entity_type = $1 and entity_id = $2
      order by seq limit 500`,
    [entityType, entityId],
  );
  return rows.map((row) => ({
    action: row.action,
    from: row.from_state,
    to: row.to_state,
    actorUserId: row.actor_user_id,
    reason: row.reason,
    requestId: row.request_id,
    at: row.at,
  }));
}
