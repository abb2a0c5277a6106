/**
 * The audit log (docs/architecture.md#a-requests-way-through-the-server): append hash-chained
 * events, list them, verify the chain.
 */
export { recordAudit, type AuditActor, type RecordAuditOptions } from './record-audit.ts';
export { verifyAuditLog, type VerifyAuditResult } from './verify-audit-log.ts';
export { listAuditEvents, type ListAuditEventsOptions } from './list-audit-events.ts';
export type { AuditEvent, AuditActorVia } from '../../domain/audit/chain.ts';
export {
  auditEntityTypes,
  isAuditEntityType,
  type AuditEntityRule,
  type AuditEntityType,
} from './audit-entity-types.ts';
export { viewAuditEvent, WHOLE_RECORD_REDACTED, type AuditEventView } from './view-audit-event.ts';
