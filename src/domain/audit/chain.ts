import { createHash } from 'node:crypto';

/** One row of the audit log as the chain covers it. */
export interface AuditEvent {
  seq: bigint;
  id: string;
  occurredAt: Date;
  actorUserId: string | null;
  actorTenantId: string | null;
  actorVia: AuditActorVia;
  /** `entity.verb`, e.g. `grant.approve`, `user.create`, `session.login`. */
  action: string;
  entityType: string;
  entityId: string;
  entityTenantId: string | null;
  /** Canonical JSON of the entity before and after the change (null when absent). */
  beforeJson: string | null;
  afterJson: string | null;
  requestId: string | null;
}

export type AuditActorVia = 'session' | 'apiKey' | 'system' | 'cli';

/**
 * JSON with object keys sorted at every level, bigints as decimal strings, Dates as ISO
 * strings and undefined properties left out: the same value always gives the same bytes,
 * which is what a hash chain needs.
 *
 * @example
 * canonicalJson({ b: 1n, a: [true] }); // '{"a":[true],"b":"1"}'
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(normalise(value, 0));
}

const MAX_DEPTH = 32;

function normalise(value: unknown, depth: number): unknown {
  if (depth > MAX_DEPTH) throw new Error('audit payload nested deeper than 32 levels');
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item: unknown) => normalise(item, depth + 1));
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
    return Object.fromEntries(entries.map(([key, item]) => [key, normalise(item, depth + 1)]));
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  return value;
}

/** Every stored column in a fixed order; the time as epoch milliseconds. */
export function canonicalAuditEvent(event: AuditEvent): string {
  return JSON.stringify([
    event.seq.toString(),
    event.id,
    event.occurredAt.getTime(),
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
  ]);
}

/** hash(n) = sha256(hash(n − 1) || canonical(n)); the first row chains to the empty hash. */
export function auditChainHash(previousHashHex: string, event: AuditEvent): string {
  return createHash('sha256')
    .update(Buffer.from(previousHashHex, 'hex'))
    .update(canonicalAuditEvent(event))
    .digest('hex');
}
