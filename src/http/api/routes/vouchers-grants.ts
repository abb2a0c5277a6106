import { z } from '@hono/zod-openapi';
import { idParams, pageOf } from '../../../contracts/common.ts';
import {
  balancesSchema,
  blacklistBody,
  blacklistSchema,
  grantSchema,
  notificationSchema,
  programBudgetSchema,
  programIdParams,
  reasonBody,
  voucherListQuery,
} from '../../../contracts/vouchers.ts';
import {
  blacklistEnterprise,
  getEnterpriseBalances,
  getGrant,
  getProgramBudget,
  grantBalance,
  listGrants,
  listNotifications,
  voidGrant,
} from '../../../services/vouchers/index.ts';
import { defineRoute } from '../define-route.ts';
import { decodeCursor, encodeCursor, isIdKey } from '../pagination.ts';
import { fenStrings, grantJson, ledgerAccountJson } from './vouchers-json.ts';
const tags = ['vouchers'];

export const listGrantsRoute = defineRoute({
  method: 'get',
  path: '/api/v1/grants',
  summary:
    'List grants with their balances (operator staff: under their operator tenant’s programs; enterprise users: their own)',
  tags,
  access: { action: 'grant.list' },
  request: { query: voucherListQuery },
  responses: { 200: { description: 'one page of grants', schema: pageOf(grantSchema) } },
  handler: async (c, auth, { query }) => {
    const sql = c.get('db');
    const page = await listGrants({
      sql,
      actor: auth,
      enterpriseId: query.enterpriseId,
      ...(query.programId === undefined ? {} : { programId: query.programId }),
      ...(query.state === undefined ? {} : { state: query.state }),
      ...(query.cursor === undefined ? {} : { afterId: decodeCursor(query.cursor, isIdKey)?.id }),
      limit: query.limit,
    });
    const items = [];
    for (const grant of page.items) items.push(grantJson(grant, await grantBalance(sql, grant)));
    const nextCursor = page.nextAfterId === null ? null : encodeCursor({ id: page.nextAfterId });
    return c.json({ items, nextCursor }, 200);
  },
});

export const getGrantRoute = defineRoute({
  method: 'get',
  path: '/api/v1/grants/{id}',
  summary: 'One grant: balances settled / in flight / committed, and its history',
  tags,
  access: { action: 'grant.read' },
  request: { params: idParams },
  responses: { 200: { description: 'the grant', schema: grantSchema } },
  handler: async (c, auth, { params }) => {
    const sql = c.get('db');
    const { grant, transitions } = await getGrant({ sql, actor: auth, grantId: params.id });
    return c.json(grantJson(grant, await grantBalance(sql, grant), transitions), 200);
  },
});

export const voidGrantRoute = defineRoute({
  method: 'post',
  path: '/api/v1/grants/{id}/void',
  summary: 'Void a grant: its unused amount returns to the program budget',
  tags,
  access: { action: 'grant.void' },
  request: { params: idParams, body: reasonBody },
  responses: { 200: { description: 'the voided grant', schema: grantSchema } },
  handler: async (c, auth, { params, body }) => {
    const db = c.get('db');
    const grant = await voidGrant({
      db,
      grantId: params.id,
      reason: body.reason,
      actor: auth,
      now: c.get('now'),
    });
    return c.json(grantJson(grant, await grantBalance(db, grant)), 200);
  },
});

export const enterpriseBalancesRoute = defineRoute({
  method: 'get',
  path: '/api/v1/enterprises/{id}/balances',
  summary:
    'An enterprise’s voucher balances: settled, in flight, committed (per grant and total; operator staff: under their programs)',
  tags,
  access: { action: 'balance.read' },
  request: {
    params: idParams,
    query: z.object({
      programId: z
        .string()
        .regex(/^[a-z0-9][a-z0-9-]{0,99}$/)
        .optional()
        .openapi({ param: { name: 'programId', in: 'query' } }),
    }),
  },
  responses: { 200: { description: 'the balances', schema: balancesSchema } },
  handler: async (c, auth, { params, query }) => {
    const sql = c.get('db');
    const { grants, totals } = await getEnterpriseBalances({
      sql,
      actor: auth,
      enterpriseId: params.id,
      ...(query.programId === undefined ? {} : { programId: query.programId }),
    });
    const items = [];
    for (const balance of grants) {
      const { grant } = await getGrant({ sql, actor: auth, grantId: balance.grantId });
      items.push(grantJson(grant, balance));
    }
    return c.json(
      {
        enterpriseId: params.id,
        committedFen: totals.committedFen.toString(),
        inFlightFen: totals.inFlightFen.toString(),
        settledFen: totals.settledFen.toString(),
        grants: items,
      } satisfies z.output<typeof balancesSchema>,
      200,
    );
  },
});

export const programBudgetRoute = defineRoute({
  method: 'get',
  path: '/api/v1/programs/{id}/budget',
  summary: 'A program’s budget: funded, remaining, committed, in flight, settled, paid out',
  tags,
  access: { action: 'programBudget.read' },
  request: { params: programIdParams },
  responses: { 200: { description: 'the budget view', schema: programBudgetSchema } },
  handler: async (c, auth, { params }) => {
    const { accounts, ...figures } = await getProgramBudget({
      sql: c.get('db'),
      actor: auth,
      programId: params.id,
    });
    const ledgerAccounts = accounts.map((account) => ({
      role: account.role,
      ...ledgerAccountJson(account),
    }));
    return c.json(
      { ...fenStrings(figures), ledgerAccounts } satisfies z.output<typeof programBudgetSchema>,
      200,
    );
  },
});

export const blacklistEnterpriseRoute = defineRoute({
  method: 'post',
  path: '/api/v1/enterprises/{id}/blacklist',
  summary: 'Blacklist an enterprise from one of the operator tenant’s programs',
  description:
    'Bars the enterprise from applying and claiming under `programId`, which must be a program of the caller’s operator tenant (404 NOT_FOUND otherwise). A bar from every program would reach other operator tenants’ programs, so `programId` is required (400 VALIDATION_FAILED without it).',
  tags,
  access: { action: 'enterprise.blacklist' },
  request: { params: idParams, body: blacklistBody },
  responses: { 201: { description: 'the blacklist entry', schema: blacklistSchema } },
  handler: async (c, auth, { params, body }) => {
    const entry = await blacklistEnterprise({
      sql: c.get('db'),
      enterpriseId: params.id,
      programId: body.programId,
      reason: body.reason,
      untilAt: body.until === undefined ? null : new Date(body.until),
      actor: auth,
      now: c.get('now'),
    });
    return c.json(
      {
        ...entry,
        untilAt: entry.untilAt?.toISOString() ?? null,
        createdAt: entry.createdAt.toISOString(),
      } satisfies z.output<typeof blacklistSchema>,
      201,
    );
  },
});

export const notificationsRoute = defineRoute({
  method: 'get',
  path: '/api/v1/enterprises/{id}/notifications',
  summary: 'Expiry warnings of an enterprise’s grants (30, 14, 7 and 0 days before), newest first',
  tags,
  access: { action: 'notification.list' },
  request: {
    params: idParams,
    query: z.object({
      limit: z.coerce
        .number()
        .int()
        .min(1)
        .max(200)
        .default(50)
        .openapi({ param: { name: 'limit', in: 'query' } }),
    }),
  },
  responses: {
    200: {
      description: 'the notifications',
      schema: z.object({ items: z.array(notificationSchema) }),
    },
  },
  handler: async (c, auth, { params, query }) => {
    const items = await listNotifications({
      sql: c.get('db'),
      actor: auth,
      enterpriseId: params.id,
      limit: query.limit,
    });
    return c.json(
      {
        items: items.map((item) => ({
          ...item,
          expiresAt: item.expiresAt.toISOString(),
          createdAt: item.createdAt.toISOString(),
        })),
      } satisfies { items: z.output<typeof notificationSchema>[] },
      200,
    );
  },
});

export const grantRoutes = [
  notificationsRoute,
  listGrantsRoute,
  getGrantRoute,
  voidGrantRoute,
  enterpriseBalancesRoute,
  programBudgetRoute,
  blacklistEnterpriseRoute,
];
