import type { Sql } from '../../db/client.ts';
import { AUDIT_COLUMNS, toAuditEvent, type AuditEventRow } from './rows.ts';
import type { AuditEvent } from '../../domain/audit/chain.ts';

export interface ListAuditEventsOptions {
  sql: Sql;
  /** Only events about this tenant's entities; null = every tenant (operator and auditor). */
  tenantId: string | null;
  entityType?: string | undefined;
  entityId?: string | undefined;
  /** Newest first: return events with seq below this (the previous page's last seq). */
  beforeSeq?: bigint | undefined;
  limit: number;
}

/**
 * Audit events newest first, scoped to one tenant unless `tenantId` is null. Returns at most
 * `limit` events and the seq to continue from, or null on the last page.
 */
export async function listAuditEvents(
  options: ListAuditEventsOptions,
): Promise<{ events: AuditEvent[]; nextBeforeSeq: bigint | null }> {
  const rows = await options.sql.query<AuditEventRow>(
    `select ${AUDIT_COLUMNS} from audit_events
      where ($1::uuid is null or entity_tenant_id = $1::uuid)
        and ($2::text is null or entity_type = $2::text)
        and ($3::text is null or entity_id = $3::text)
        and ($4::bigint is null or seq < $4::bigint)
      order by seq desc limit $5`,
    [
      options.tenantId,
      options.entityType ?? null,
      options.entityId ?? null,
      options.beforeSeq?.toString() ?? null,
      options.limit + 1,
    ],
  );
  const events = rows.slice(0, options.limit).map(toAuditEvent);
  const last = events.at(-1);
  return { events, nextBeforeSeq: rows.length > options.limit && last ? last.seq : null };
}
