import { z } from '@hono/zod-openapi';
import {
  closePublication,
  createPublication,
  getPublication,
  listObjections,
  listPublications,
  publishPublication,
  resolveObjection,
} from '../../../services/publication/index.ts';
import { defineRoute, type RouteDefinition } from '../define-route.ts';
import { decodeCursor, isIdKey, toPage } from '../pagination.ts';
import {
  ID_PATTERN,
  excludedEntryJson,
  excludedEntrySchema,
  objectionJson,
  objectionSchema,
  operatorEntryJson,
  operatorEntrySchema,
  publicationJson,
  publicationListQuery,
  publicationSchema,
} from './publication-schemas.ts';

/**
 * The operator side of 公示: freeze a list (draft), publish it (the objection window opens),
 * close it when the window is over, and decide objections. Operator staff act only on the
 * publications of their own operator tenant's programs (voucher_programs.operator_tenant_id,
 * as on the voucher routes); anything else is 404 NOT_FOUND, lists leave it out.
 */

const idParams = z.object({
  id: z
    .string()
    .regex(ID_PATTERN, 'a uuid')
    .openapi({ param: { name: 'id', in: 'path' } }),
});

const createBody = z
  .object({
    programId: z.string().min(1).max(200),
    period: z.string().min(4).max(7).openapi({ example: '2025-Q3' }),
    title: z
      .string()
      .min(1)
      .max(200)
      .openapi({ example: '2025年第三季度杭州市算力券兑付名单公示' }),
    objectionWindowDays: z.number().int().min(1).max(30).optional().openapi({ example: 7 }),
    source: z.enum(['claims', 'grants']).optional().openapi({
      description: 'claims (default): redeemed claims awaiting payout; grants: approved grants',
    }),
  })
  .strict()
  .openapi('CreatePublicationRequest');

const listQuery = publicationListQuery.extend({
  state: z
    .enum(['draft', 'published', 'closed'])
    .optional()
    .openapi({ param: { name: 'state', in: 'query' } }),
});

const resolveBody = z
  .object({
    resolution: z.enum(['upheld', 'dismissed']),
    note: z.string().min(1).max(2000),
    entryId: z.string().regex(ID_PATTERN, 'an entry id').optional(),
  })
  .strict()
  .openapi('ResolveObjectionRequest');

const detailSchema = z.object({
  publication: publicationSchema,
  entries: z.array(operatorEntrySchema),
  /** Dropped at publication, with the reason: never part of the public list. */
  excludedEntries: z.array(excludedEntrySchema),
});

export const publicationRoutes: RouteDefinition[] = [
  defineRoute({
    method: 'post',
    path: '/api/v1/publications',
    summary:
      'Freeze a draft recipient list of a program and period (redeemed claims or approved grants not yet published)',
    description:
      'Only for a program of the caller’s operator tenant: another operator tenant’s program, or one without an operator tenant (published by the system), is 404 NOT_FOUND.',
    tags: ['publication'],
    access: { action: 'publication.create' },
    request: { body: createBody },
    responses: { 201: { description: 'the draft', schema: publicationSchema } },
    handler: async (c, auth, { body }) => {
      const publication = await createPublication({
        db: c.get('db'),
        ...body,
        actor: auth,
        now: c.get('now'),
      });
      return c.json(publicationJson(publication), 201);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/publications',
    summary: "The operator's publications, drafts included",
    tags: ['publication'],
    access: { action: 'publication.list' },
    request: { query: listQuery },
    responses: {
      200: {
        description: 'a page',
        schema: z.object({ items: z.array(publicationSchema), nextCursor: z.string().nullable() }),
      },
    },
    handler: async (c, auth, { query }) => {
      const after = decodeCursor(query.cursor, isIdKey);
      const rows = await listPublications({
        sql: c.get('db'),
        actor: auth,
        programId: query.programId,
        state: query.state,
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
    path: '/api/v1/publications/{id}',
    summary: 'One publication with its entries (claim, grant and enterprise ids included)',
    tags: ['publication'],
    access: { action: 'publication.read' },
    request: { params: idParams },
    responses: { 200: { description: 'the publication', schema: detailSchema } },
    handler: async (c, auth, { params }) => {
      const { publication, entries, excludedEntries } = await getPublication({
        sql: c.get('db'),
        publicationId: params.id,
        actor: auth,
      });
      return c.json(
        {
          publication: publicationJson(publication),
          entries: entries.map(operatorEntryJson),
          excludedEntries: excludedEntries.map(excludedEntryJson),
        },
        200,
      );
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/publications/{id}/publish',
    summary: 'Publish a draft: it becomes public and the objection window opens',
    tags: ['publication'],
    access: { action: 'publication.publish' },
    request: { params: idParams },
    responses: { 200: { description: 'the published publication', schema: publicationSchema } },
    handler: async (c, auth, { params }) => {
      const publication = await publishPublication({
        db: c.get('db'),
        publicationId: params.id,
        actor: auth,
        now: c.get('now'),
      });
      return c.json(publicationJson(publication), 200);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/publications/{id}/close',
    summary: 'Close after the window, with every objection resolved; payouts may follow',
    tags: ['publication'],
    access: { action: 'publication.close' },
    request: { params: idParams },
    responses: { 200: { description: 'the closed publication', schema: publicationSchema } },
    handler: async (c, auth, { params }) => {
      const publication = await closePublication({
        db: c.get('db'),
        publicationId: params.id,
        actor: auth,
        now: c.get('now'),
      });
      return c.json(publicationJson(publication), 200);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/publications/{id}/objections',
    summary: 'Objections to a publication (the review queue with state=open)',
    tags: ['publication'],
    access: { action: 'objection.list' },
    request: {
      params: idParams,
      query: z.object({
        state: z
          .enum(['open', 'upheld', 'dismissed'])
          .optional()
          .openapi({ param: { name: 'state', in: 'query' } }),
      }),
    },
    responses: {
      200: {
        description: 'objections, oldest first',
        schema: z.object({ items: z.array(objectionSchema) }),
      },
    },
    handler: async (c, auth, { params, query }) => {
      const objections = await listObjections({
        sql: c.get('db'),
        publicationId: params.id,
        actor: auth,
        state: query.state,
      });
      return c.json({ items: objections.map(objectionJson) }, 200);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/objections/{id}/resolve',
    summary: 'Uphold (withdraw the entry, block its payout) or dismiss an objection',
    tags: ['publication'],
    access: { action: 'objection.resolve' },
    request: { params: idParams, body: resolveBody },
    responses: { 200: { description: 'the decided objection', schema: objectionSchema } },
    handler: async (c, auth, { params, body }) => {
      const objection = await resolveObjection({
        db: c.get('db'),
        objectionId: params.id,
        resolution: body.resolution,
        note: body.note,
        entryId: body.entryId,
        actor: auth,
        now: c.get('now'),
      });
      return c.json(objectionJson(objection), 200);
    },
  }),
];
