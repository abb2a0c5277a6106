import { z } from '@hono/zod-openapi';
import {
  fileObjection,
  getPublication,
  listPublications,
  publicationCsv,
  publicationXlsx,
  submitterHash,
} from '../../../services/publication/index.ts';
import { publicActor } from '../../../services/authz/index.ts';
import { clientAddress } from '../client-address.ts';
import { defineRoute, type RouteDefinition } from '../define-route.ts';
import { decodeCursor, isIdKey, toPage } from '../pagination.ts';
import {
  ID_PATTERN,
  objectionReceiptSchema,
  publicationJson,
  publicationSchema,
  publicEntryJson,
  publicEntrySchema,
  publicationListQuery,
} from './publication-schemas.ts';

/**
 * The public side of 公示: anyone, without logging in, reads published recipient lists (JSON or
 * CSV) and files objections while the window is open.
 */

// `{id}`, `{id}.csv` or `{id}.xlsx`: one route, since OpenAPI paths cannot put a suffix after a
// parameter.
const documentParams = z.object({
  id: z
    .string()
    .regex(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(\.csv|\.xlsx)?$/,
      'a publication id, optionally with .csv or .xlsx',
    )
    .openapi({
      param: { name: 'id', in: 'path' },
      example: '0190f5e2-7c1a-7000-8000-000000000001.csv',
    }),
});

const idParams = z.object({
  id: z
    .string()
    .regex(ID_PATTERN, 'a publication id')
    .openapi({ param: { name: 'id', in: 'path' } }),
});

const objectionBody = z
  .object({
    entryId: z.string().regex(ID_PATTERN, 'an entry id of this publication').optional(),
    body: z.string().min(1).max(8000),
    contact: z.string().max(800).optional(),
  })
  .strict()
  .openapi('ObjectionRequest');

export const publicPublicationRoutes: RouteDefinition[] = [
  defineRoute({
    method: 'get',
    path: '/api/v1/public/publications',
    summary: 'Published recipient lists (公示), newest first',
    tags: ['publication'],
    access: 'public',
    request: { query: publicationListQuery },
    responses: {
      200: {
        description: 'a page of publications',
        schema: z.object({ items: z.array(publicationSchema), nextCursor: z.string().nullable() }),
      },
    },
    handler: async (c, _auth, { query }) => {
      const after = decodeCursor(query.cursor, isIdKey);
      const rows = await listPublications({
        sql: c.get('db'),
        actor: { ...publicActor, requestId: c.get('requestId') },
        programId: query.programId,
        limit: query.limit + 1,
        beforeId: after?.id,
      });
      return c.json(
        toPage(rows, query.limit, (row) => ({ id: row.id }), publicationJson),
        200,
      );
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/public/publications/{id}',
    summary: 'One published list with its recipients; append .csv or .xlsx to the id for a file',
    tags: ['publication'],
    access: 'public',
    request: { params: documentParams },
    responses: {
      200: {
        description:
          'the publication and its entries (JSON), or the entries as CSV (UTF-8 with BOM) or XLSX',
        schema: z.object({ publication: publicationSchema, entries: z.array(publicEntrySchema) }),
      },
    },
    handler: async (c, _auth, { params }) => {
      const format = /\.(csv|xlsx)$/.exec(params.id)?.[1];
      const publicationId = params.id.slice(0, 36);
      const { publication, entries } = await getPublication({
        sql: c.get('db'),
        publicationId,
        actor: { ...publicActor, requestId: c.get('requestId') },
      });
      const filename = `publication-${publication.id}.${format ?? 'json'}`;
      if (format === 'csv') {
        return c.body(publicationCsv(entries), 200, {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="${filename}"`,
        });
      }
      if (format === 'xlsx') {
        return c.body(new Uint8Array(await publicationXlsx(entries)), 200, {
          'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          'content-disposition': `attachment; filename="${filename}"`,
        });
      }
      return c.json(
        { publication: publicationJson(publication), entries: entries.map(publicEntryJson) },
        200,
      );
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/public/publications/{id}/objections',
    summary: 'File an objection (异议) while the objection window is open; no login',
    description:
      'Anonymous. Body 10–2000 characters, contact up to 200. At most 5 objections per client address per hour (429 RATE_LIMITED); the address is the socket’s peer, or with `TRUST_PROXY` the last `x-forwarded-for` entry (as for login). 409 OBJECTION_WINDOW_CLOSED outside the window.',
    tags: ['publication'],
    access: 'public',
    request: { params: idParams, body: objectionBody },
    responses: {
      201: { description: 'the objection was recorded', schema: objectionReceiptSchema },
    },
    handler: async (c, _auth, { params, body }) => {
      const salt = c.get('config').SESSION_SECRET ?? 'suanli-objections';
      const objection = await fileObjection({
        db: c.get('db'),
        publicationId: params.id,
        entryId: body.entryId,
        body: body.body,
        contact: body.contact,
        // The login rule (socket peer; the last x-forwarded-for entry only with TRUST_PROXY):
        // a filer's own x-forwarded-for would give it a fresh rate-limit key with every try.
        submitter: submitterHash(clientAddress(c), salt),
        actor: { ...publicActor, requestId: c.get('requestId') },
        now: c.get('now'),
      });
      return c.json(
        {
          id: objection.id,
          state: 'open' as const,
          submittedAt: objection.submittedAt.toISOString(),
        } satisfies z.output<typeof objectionReceiptSchema>,
        201,
      );
    },
  }),
];
