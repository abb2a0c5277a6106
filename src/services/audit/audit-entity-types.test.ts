import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../domain/audit/chain.ts';
import { systemActor, type PersonActor } from '../authz/actor.ts';
import { actions } from '../authz/permissions.ts';
import { auditEntityTypes, isAuditEntityType } from './audit-entity-types.ts';
import type { RecordAuditOptions } from './record-audit.ts';
import { viewAuditEvent } from './view-audit-event.ts';

const ENTERPRISE = '0190f5e2-7c1a-7000-8000-00000000000e';

const enterpriseAdmin: PersonActor = {
  via: 'session',
  userId: '0190f5e2-7c1a-7000-8000-000000000001',
  tenantId: ENTERPRISE,
  tenantKind: 'enterprise',
  roles: ['enterprise-admin'],
  scopes: ['read', 'write'],
  credentialId: '0190f5e2-7c1a-7000-8000-000000000002',
  requestId: null,
};

function event(entityType: string, after: unknown): AuditEvent {
  return {
    seq: 1n,
    id: '0190f5e2-7c1a-7000-8000-000000000003',
    occurredAt: new Date('2026-03-02T09:00:00Z'),
    actorUserId: null,
    actorTenantId: null,
    actorVia: 'system',
    action: `${entityType}.add`,
    entityType,
    entityId: '0190f5e2-7c1a-7000-8000-000000000004',
    entityTenantId: ENTERPRISE,
    beforeJson: null,
    afterJson: JSON.stringify(after),
    requestId: null,
  };
}

describe('audit entity types', () => {
  it('name a read action of the permission table for every type', () => {
    for (const [type, rule] of Object.entries(auditEntityTypes)) {
      if (rule.readAction !== 'public') expect(actions, type).toContain(rule.readAction);
    }
  });

  it('are the only types recordAudit takes', () => {
    const entity: RecordAuditOptions['entity'] = { type: 'claim', id: 'x', tenantId: null };
    // @ts-expect-error -- a type without a visibility rule does not compile
    const unknown: RecordAuditOptions['entity'] = { type: 'evidenceBlob', id: 'x', tenantId: null };
    expect(isAuditEntityType(entity.type)).toBe(true);
    expect(isAuditEntityType(unknown.type)).toBe(false);
    expect(isAuditEntityType('constructor')).toBe(false);
  });

  it('redact the personal fields for who may not read the entity, and only for them', () => {
    const person = {
      id: 'p',
      partyId: ENTERPRISE,
      name: '吴十',
      phone: '138',
      role: 'shareholder',
    };
    const seen = viewAuditEvent(enterpriseAdmin, event('partyPerson', person));
    expect(seen.after).toEqual({ id: 'p', partyId: ENTERPRISE, role: 'shareholder' });
    expect(seen.redactedFields).toEqual(['name', 'phone']);
    expect(viewAuditEvent(systemActor, event('partyPerson', person)).after).toEqual(person);
    const own = viewAuditEvent(enterpriseAdmin, event('enterprise', { phone: '138' }));
    expect(own).toMatchObject({ after: { phone: '138' }, redactedFields: [] });
  });

  it('keep only the header of an event whose type has no rule any more', () => {
    const view = viewAuditEvent(systemActor, event('retiredThing', { secret: 1 }));
    expect(view).toMatchObject({ before: null, after: null, redactedFields: ['*'] });
  });
});
