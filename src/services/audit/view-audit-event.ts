import type { AuditEvent } from '../../domain/audit/chain.ts';
import type { Actor } from '../authz/actor.ts';
import { isAuthorized } from '../authz/authorize.ts';
import { auditEntityRuleOf, targetOf } from './audit-entity-types.ts';

/** Marks a whole before/after left out: an entity type without a rule in `auditEntityTypes`. */
export const WHOLE_RECORD_REDACTED = '*';

/** An audit event as one viewer may see it. */
export interface AuditEventView {
  event: AuditEvent;
  /** The entity before and after the change, parsed, without what the viewer may not see. */
  before: unknown;
  after: unknown;
  /**
   * The before/after fields left out because they are personal and the viewer may not read
   * the entity (sorted); `['*']` when the whole record was left out. Empty: nothing was.
   */
  redactedFields: string[];
}

/**
 * What `viewer` may see of an event it may list: all of it when the permission table lets it
 * read the event's entity (the entity type's read action, on the entity's tenant and owner),
 * otherwise the event without the entity type's personal fields. An enterprise thus sees that
 * the operator added a shareholder to its record, but not the person's name, phone or
 * identity-document hash, which `GET /parties/{id}/people` refuses it too. Events of a type
 * no longer known keep only their header.
 *
 * @example
 * const page = await listAuditEvents({ sql, tenantId, limit: 50 });
 * const views = page.events.map((event) => viewAuditEvent(actor, event));
 */
export function viewAuditEvent(viewer: Actor, event: AuditEvent): AuditEventView {
  const rule = auditEntityRuleOf(event.entityType);
  if (rule === undefined) {
    return { event, before: null, after: null, redactedFields: [WHOLE_RECORD_REDACTED] };
  }
  const before = parse(event.beforeJson);
  const after = parse(event.afterJson);
  const mayRead =
    rule.readAction === 'public' || isAuthorized(viewer, rule.readAction, targetOf(event, rule));
  if (mayRead || rule.personalFields.length === 0) {
    return { event, before, after, redactedFields: [] };
  }
  const redacted = new Set<string>();
  const without = (value: unknown): unknown => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
    const kept: Record<string, unknown> = {};
    for (const [name, field] of Object.entries(value)) {
      if (rule.personalFields.includes(name)) redacted.add(name);
      else kept[name] = field;
    }
    return kept;
  };
  return {
    event,
    before: without(before),
    after: without(after),
    redactedFields: [...redacted].sort(),
  };
}

function parse(json: string | null): unknown {
  return json === null ? null : (JSON.parse(json) as unknown);
}
