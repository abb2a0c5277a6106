import type { AuditActorVia, AuditEvent } from '../../domain/audit/chain.ts';

/** Columns of `audit_events` in the shape `AuditEventRow` maps (hash as hex). */
export const AUDIT_COLUMNS = `seq, id, occurred_at, actor_user_id, actor_tenant_id, actor_via,
  action, entity_type, entity_id, entity_tenant_id, before_json, after_json, request_id,
  encode(hash, 'hex') as hash`;

export interface AuditEventRow {
  seq: bigint;
  id: string;
  occurred_at: Date;
  actor_user_id: string | null;
  actor_tenant_id: string | null;
  actor_via: AuditActorVia;
  action: string;
  entity_type: string;
  entity_id: string;
  entity_tenant_id: string | null;
  before_json: string | null;
  after_json: string | null;
  request_id: string | null;
  hash: string;
}

export function toAuditEvent(row: AuditEventRow): AuditEvent {
  return {
    seq: row.seq,
    id: row.id,
    occurredAt: new Date(row.occurred_at),
    actorUserId: row.actor_user_id,
    actorTenantId: row.actor_tenant_id,
    actorVia: row.actor_via,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    entityTenantId: row.entity_tenant_id,
    beforeJson: row.before_json,
    afterJson: row.after_json,
    requestId: row.request_id,
  };
}
