import { z } from '@hono/zod-openapi';
import { pageOf, pageQuery } from '../../contracts/common.ts';
import { listScope, type AuthContext } from '../../services/access/index.ts';
import { listAuditEvents, viewAuditEvent, type AuditEvent } from '../../services/audit/index.ts';
import { defineRoute } from './define-route.ts';
import { decodeCursor, encodeCursor, isSeqKey } from './pagination.ts';

const auditEventSchema = z
  .object({
    seq: z.string(),
    id: z.uuid(),
    occurredAt: z.string(),
    actor: z.object({
      userId: z.string().nullable(),
      tenantId: z.string().nullable(),
      via: z.string(),
    }),
    action: z.string(),
    entity: z.object({ type: z.string(), id: z.string(), tenantId: z.string().nullable() }),
    before: z.unknown(),
    after: z.unknown(),
    redactedFields: z.array(z.string()).openapi({
      description:
        'Personal fields left out of before/after because the caller may not read the entity itself (e.g. a shareholder’s name and phone for the enterprise); ["*"] when the whole record was left out.',
    }),
    requestId: z.string().nullable(),
  })
  .openapi('AuditEvent');

const auditQuery = pageQuery.extend({
  tenantId: z
    .uuid()
    .optional()
    .openapi({ param: { name: 'tenantId', in: 'query' } }),
  entityType: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .openapi({ param: { name: 'entityType', in: 'query' } }),
  entityId: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .openapi({ param: { name: 'entityId', in: 'query' } }),
});

/**
 * The JSON of an event as `viewer` may see it (`viewAuditEvent`: personal fields only for who
 * may read the entity). Tenants other than the operator see who acted on their data only by
 * tenant, not which member of another tenant's staff it was.
 */
function auditEventJson(event: AuditEvent, viewer: AuthContext): z.output<typeof auditEventSchema> {
  const view = viewAuditEvent(viewer, event);
  const seesEveryTenant = listScope(viewer, 'auditEvent.list').tenantId === null;
  const showUser = seesEveryTenant || event.actorTenantId === viewer.tenantId;
  return {
    seq: event.seq.toString(),
    id: event.id,
    occurredAt: event.occurredAt.toISOString(),
    actor: {
      userId: showUser ? event.actorUserId : null,
      tenantId: event.actorTenantId,
      via: event.actorVia,
    },
    action: event.action,
    entity: { type: event.entityType, id: event.entityId, tenantId: event.entityTenantId },
    before: view.before,
    after: view.after,
    redactedFields: view.redactedFields,
    requestId: event.requestId,
  };
}

/** The audit log, newest first: operator staff see every tenant, admins their own tenant. */
export const listAuditEventsRoute = defineRoute({
  method: 'get',
  path: '/api/v1/audit-events',
  summary: 'Audit events, newest first',
  tags: ['audit'],
  access: { action: 'auditEvent.list' },
  request: { query: auditQuery },
  responses: { 200: { description: 'one page of events', schema: pageOf(auditEventSchema) } },
  handler: async (c, auth, { query }) => {
    const { tenantId } = listScope(auth, 'auditEvent.list', query.tenantId);
    const before = decodeCursor(query.cursor, isSeqKey);
    const page = await listAuditEvents({
      sql: c.get('db'),
      tenantId,
      entityType: query.entityType,
      entityId: query.entityId,
      beforeSeq: before ? BigInt(before.seq) : undefined,
      limit: query.limit,
    });
    return c.json(
      {
        items: page.events.map((event) => auditEventJson(event, auth)),
        nextCursor:
          page.nextBeforeSeq === null ? null : encodeCursor({ seq: page.nextBeforeSeq.toString() }),
      },
      200,
    );
  },
});
