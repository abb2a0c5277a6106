import type { z } from '@hono/zod-openapi';
import { idParams, pageOf } from '../../../contracts/common.ts';
import {
  applicationSchema,
  createApplicationBody,
  optionalReasonBody,
  reviewApplicationBody,
  updateApplicationBody,
  voucherListQuery,
} from '../../../contracts/vouchers.ts';
import {
  createApplication,
  getApplication,
  listApplications,
  reviewApplication,
  submitApplication,
  updateApplication,
  withdrawApplication,
  purchaseProjectOf,
  type PlannedPurchase,
} from '../../../services/vouchers/index.ts';
import { defineRoute } from '../define-route.ts';
import { decodeCursor, encodeCursor, isIdKey } from '../pagination.ts';
import { applicationJson } from './vouchers-json.ts';

const tags = ['vouchers'];

type PlannedPurchaseBody = z.output<typeof createApplicationBody>['plannedPurchase'];

/** The validated body's planned purchase without absent optional fields (exactOptionalPropertyTypes). */
function plannedPurchaseOf(planned: PlannedPurchaseBody): PlannedPurchase {
  return {
    kind: planned.kind,
    amountFen: planned.amountFen,
    ...(planned.contractAmountFen === undefined
      ? {}
      : { contractAmountFen: planned.contractAmountFen }),
    ...(planned.contractTermMonths === undefined
      ? {}
      : { contractTermMonths: planned.contractTermMonths }),
    ...(planned.providerId === undefined ? {} : { providerId: planned.providerId }),
    ...(planned.chipOrigin === undefined ? {} : { chipOrigin: planned.chipOrigin }),
    ...(planned.filedModel === undefined ? {} : { filedModel: planned.filedModel }),
    ...purchaseProjectOf(planned),
  };
}

export const createApplicationRoute = defineRoute({
  method: 'post',
  path: '/api/v1/applications',
  summary: 'Apply for a voucher (eligibility pre-checked by the policy engine)',
  description:
    'Creates a draft application for the caller’s enterprise after evaluating the planned purchase under the program in force (POLICY_REJECTED with the trace when ineligible). `submit: true` submits at once; automatic and first-come programs then decide immediately.',
  tags,
  access: { action: 'application.create' },
  request: { body: createApplicationBody },
  responses: { 201: { description: 'the application', schema: applicationSchema } },
  handler: async (c, auth, { body }) => {
    // One service call: created and submitted in one transaction, in the ledger-before-audit
    // lock order, or nothing written.
    const application = await createApplication({
      db: c.get('db'),
      programId: body.programId,
      enterpriseId: auth.tenantId,
      plannedPurchase: plannedPurchaseOf(body.plannedPurchase),
      ...(body.requestedFen === undefined ? {} : { requestedFen: body.requestedFen }),
      purpose: body.purpose,
      submit: body.submit === true,
      actor: auth,
      now: c.get('now'),
    });
    return c.json(applicationJson(application), 201);
  },
});

export const listApplicationsRoute = defineRoute({
  method: 'get',
  path: '/api/v1/applications',
  summary:
    'List applications (operator staff: under their operator tenant’s programs; enterprise users: their own)',
  tags,
  access: { action: 'application.list' },
  request: { query: voucherListQuery },
  responses: {
    200: { description: 'one page of applications', schema: pageOf(applicationSchema) },
  },
  handler: async (c, auth, { query }) => {
    const page = await listApplications({
      sql: c.get('db'),
      actor: auth,
      enterpriseId: query.enterpriseId,
      ...(query.programId === undefined ? {} : { programId: query.programId }),
      ...(query.state === undefined ? {} : { state: query.state }),
      ...(query.cursor === undefined ? {} : { afterId: decodeCursor(query.cursor, isIdKey)?.id }),
      limit: query.limit,
    });
    const nextCursor = page.nextAfterId === null ? null : encodeCursor({ id: page.nextAfterId });
    return c.json({ items: page.items.map((a) => applicationJson(a)), nextCursor }, 200);
  },
});

export const getApplicationRoute = defineRoute({
  method: 'get',
  path: '/api/v1/applications/{id}',
  summary: 'One application with its history',
  tags,
  access: { action: 'application.read' },
  request: { params: idParams },
  responses: { 200: { description: 'the application', schema: applicationSchema } },
  handler: async (c, auth, { params }) => {
    const { application, transitions } = await getApplication({
      sql: c.get('db'),
      actor: auth,
      applicationId: params.id,
    });
    return c.json(applicationJson(application, transitions), 200);
  },
});

export const submitApplicationRoute = defineRoute({
  method: 'post',
  path: '/api/v1/applications/{id}/submit',
  summary: 'Submit a draft or returned application',
  tags,
  access: { action: 'application.submit' },
  request: { params: idParams },
  responses: {
    200: {
      description: 'the submitted (or, in automatic/first-come programs, decided) application',
      schema: applicationSchema,
    },
  },
  handler: async (c, auth, { params }) => {
    const { application } = await submitApplication({
      db: c.get('db'),
      applicationId: params.id,
      actor: auth,
      now: c.get('now'),
    });
    return c.json(applicationJson(application), 200);
  },
});

export const withdrawApplicationRoute = defineRoute({
  method: 'post',
  path: '/api/v1/applications/{id}/withdraw',
  summary: 'Withdraw an undecided application',
  tags,
  access: { action: 'application.withdraw' },
  request: { params: idParams, body: optionalReasonBody },
  responses: { 200: { description: 'the withdrawn application', schema: applicationSchema } },
  handler: async (c, auth, { params, body }) => {
    const application = await withdrawApplication({
      db: c.get('db'),
      applicationId: params.id,
      ...(body.reason === undefined ? {} : { reason: body.reason }),
      actor: auth,
      now: c.get('now'),
    });
    return c.json(applicationJson(application), 200);
  },
});

export const reviewApplicationRoute = defineRoute({
  method: 'post',
  path: '/api/v1/applications/{id}/review',
  summary: 'Review: approve with an amount and expiry, return for changes, or reject',
  description:
    'Approval issues the grant: a pending reservation from the program budget that times out at the end of `expiresOn` (Asia/Shanghai). `expiresOn` is today or later and at most 31 December of next year (422 GRANT_LIFETIME_TOO_LONG). BUDGET_EXHAUSTED when the budget has not enough left.',
  tags,
  access: { action: 'application.review' },
  request: { params: idParams, body: reviewApplicationBody },
  responses: { 200: { description: 'the decided application', schema: applicationSchema } },
  handler: async (c, auth, { params, body }) => {
    const { application } = await reviewApplication({
      db: c.get('db'),
      applicationId: params.id,
      decision: body,
      actor: auth,
      now: c.get('now'),
    });
    return c.json(applicationJson(application), 200);
  },
});

export const updateApplicationRoute = defineRoute({
  method: 'patch',
  path: '/api/v1/applications/{id}',
  summary: 'Change a draft or returned application (the pre-check runs again)',
  tags,
  access: { action: 'application.update' },
  request: { params: idParams, body: updateApplicationBody },
  responses: { 200: { description: 'the changed draft', schema: applicationSchema } },
  handler: async (c, auth, { params, body }) => {
    const planned = body.plannedPurchase;
    const application = await updateApplication({
      db: c.get('db'),
      applicationId: params.id,
      enterpriseId: auth.tenantId,
      changes: {
        ...(planned === undefined ? {} : { plannedPurchase: plannedPurchaseOf(planned) }),
        ...(body.requestedFen === undefined ? {} : { requestedFen: body.requestedFen }),
        ...(body.purpose === undefined ? {} : { purpose: body.purpose }),
      },
      actor: auth,
      now: c.get('now'),
    });
    return c.json(applicationJson(application), 200);
  },
});

export const applicationRoutes = [
  updateApplicationRoute,
  createApplicationRoute,
  listApplicationsRoute,
  getApplicationRoute,
  submitApplicationRoute,
  withdrawApplicationRoute,
  reviewApplicationRoute,
];
