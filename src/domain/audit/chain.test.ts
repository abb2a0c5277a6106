import { describe, expect, it } from 'vitest';
import { auditChainHash, canonicalJson, type AuditEvent } from './chain.ts';

const event: AuditEvent = {
  seq: 1n,
  id: '0190f5e2-7c1a-7000-8000-000000000001',
  occurredAt: new Date('2026-01-02T03:04:05.678Z'),
  actorUserId: null,
  actorTenantId: null,
  actorVia: 'system',
  action: 'user.create',
  entityType: 'user',
  entityId: 'u1',
  entityTenantId: null,
  beforeJson: null,
  afterJson: '{"a":1}',
  requestId: 'r1',
};

describe('audit chain', () => {
  it('encodes values canonically: sorted keys, bigints as strings, no undefined', () => {
    expect(canonicalJson({ b: 1n, a: [true, { z: undefined, y: new Date(0) }] })).toBe(
      '{"a":[true,{"y":"1970-01-01T00:00:00.000Z"}],"b":"1"}',
    );
    expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 }));
  });

  it('changes the hash when any field or the previous hash changes', () => {
    const base = auditChainHash('', event);
    expect(auditChainHash('', { ...event })).toBe(base);
    expect(auditChainHash('00', event)).not.toBe(base);
    expect(auditChainHash('', { ...event, afterJson: '{"a":2}' })).not.toBe(base);
    expect(auditChainHash('', { ...event, occurredAt: new Date(1) })).not.toBe(base);
    expect(auditChainHash('', { ...event, requestId: null })).not.toBe(base);
  });
});
