import type { z } from '@hono/zod-openapi';
import { idParams, pageOf } from '../../../contracts/common.ts';
import {
  enterpriseSchema,
  importEnterprisesResultSchema,
  listEnterprisesQuery,
  registerEnterpriseBody,
  updateEnterpriseBody,
} from '../../../contracts/parties.ts';
import { DomainError } from '../../../domain/shared/errors.ts';
import {
  getEnterprise,
  importEnterprisesCsv,
  listEnterprises,
  registerEnterprise,
  updateEnterprise,
} from '../../../services/parties/index.ts';
import { defineRoute } from '../define-route.ts';
import { decodeCursor, encodeCursor, isIdKey } from '../pagination.ts';
import { enterpriseJson } from './parties-json.ts';

/** Enterprises: operators register and see all; an enterprise's users read their own. */
export const listEnterprisesRoute = defineRoute({
  method: 'get',
  path: '/api/v1/enterprises',
  summary: 'List enterprises (operator staff)',
  tags: ['parties'],
  access: { action: 'enterprise.list' },
  request: { query: listEnterprisesQuery },
  responses: { 200: { description: 'one page of enterprises', schema: pageOf(enterpriseSchema) } },
  handler: async (c, auth, { query }) => {
    const page = await listEnterprises({
      sql: c.get('db'),
      actor: auth,
      limit: query.limit,
      afterId: decodeCursor(query.cursor, isIdKey)?.id,
      regionCode: query.regionCode,
      size: query.size,
      creditRecord: query.creditRecord,
      search: query.search,
    });
    const nextCursor = page.nextAfterId === null ? null : encodeCursor({ id: page.nextAfterId });
    return c.json({ items: page.items.map(enterpriseJson), nextCursor }, 200);
  },
});

export const registerEnterpriseRoute = defineRoute({
  method: 'post',
  path: '/api/v1/enterprises',
  summary: 'Register an enterprise (and its tenant)',
  description:
    'Idempotent on the USCC: an identical enterprise gives 200 with the stored one; the same USCC with other fields is 409 CONFLICT.',
  tags: ['parties'],
  access: { action: 'enterprise.register' },
  request: { body: registerEnterpriseBody },
  responses: {
    201: { description: 'registered', schema: enterpriseSchema },
    200: { description: 'an identical enterprise existed', schema: enterpriseSchema },
  },
  handler: async (c, auth, { body }) => {
    const { enterprise, created } = await registerEnterprise({
      sql: c.get('db'),
      input: body,
      actor: auth,
      requestId: c.get('requestId'),
      now: c.get('now'),
    });
    return c.json(enterpriseJson(enterprise), created ? 201 : 200);
  },
});

export const getEnterpriseRoute = defineRoute({
  method: 'get',
  path: '/api/v1/enterprises/{id}',
  summary: 'One enterprise (operator staff: any; enterprise users: their own)',
  tags: ['parties'],
  access: { action: 'enterprise.read' },
  request: { params: idParams },
  responses: { 200: { description: 'the enterprise', schema: enterpriseSchema } },
  handler: async (c, auth, { params }) => {
    const enterprise = await getEnterprise({
      sql: c.get('db'),
      actor: auth,
      enterpriseId: params.id,
    });
    return c.json(enterpriseJson(enterprise), 200);
  },
});

export const updateEnterpriseRoute = defineRoute({
  method: 'patch',
  path: '/api/v1/enterprises/{id}',
  summary: 'Change an enterprise (operator-admin)',
  description:
    'Size, credit record, region and the legal representative decide eligibility and related-party checks, so only the operator changes them; the USCC never changes.',
  tags: ['parties'],
  access: { action: 'enterprise.update' },
  request: { params: idParams, body: updateEnterpriseBody },
  responses: { 200: { description: 'the changed enterprise', schema: enterpriseSchema } },
  handler: async (c, auth, { params, body }) => {
    const enterprise = await updateEnterprise({
      sql: c.get('db'),
      enterpriseId: params.id,
      patch: body,
      actor: auth,
      requestId: c.get('requestId'),
      now: c.get('now'),
    });
    return c.json(enterpriseJson(enterprise), 200);
  },
});

const CSV_TYPES = ['text/csv', 'text/plain', 'application/csv'];

export const importEnterprisesRoute = defineRoute({
  method: 'post',
  path: '/api/v1/enterprises/import',
  summary: 'Import enterprises from CSV (all or nothing)',
  description:
    'Body: the CSV file itself (Content-Type: text/csv; UTF-8, optional BOM; header uscc,name,region_code,size,founded_on,industries,credit_record,legal_representative,phone,address — industries separated by `;`). Every problem is listed in error.details.problems as { row, column, code, message } and nothing is imported. Re-importing a file skips identical enterprises.',
  tags: ['parties'],
  access: { action: 'enterprise.import' },
  // No Idempotency-Key: the import is idempotent by USCC itself (a replay creates nothing),
  // and the framework's key hashes the JSON body, which a CSV body does not have.
  idempotency: 'none',
  responses: { 200: { description: 'imported', schema: importEnterprisesResultSchema } },
  handler: async (c, auth) => {
    const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (!CSV_TYPES.includes(type)) {
      throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 'send the file as text/csv', {
        field: 'content-type',
      });
    }
    let csvText: string;
    try {
      csvText = new TextDecoder('utf-8', { fatal: true }).decode(await c.req.arrayBuffer());
    } catch {
      throw new DomainError('VALIDATION_FAILED', 'the file is not UTF-8: save it as "CSV UTF-8"', {
        field: 'csv',
      });
    }
    const result = await importEnterprisesCsv({
      sql: c.get('db'),
      csvText,
      actor: auth,
      requestId: c.get('requestId'),
      now: c.get('now'),
    });
    return c.json(result satisfies z.output<typeof importEnterprisesResultSchema>, 200);
  },
});
