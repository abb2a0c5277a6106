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
import { DomainError } from '../../../domain/shared/errors.ts';
import { tenantFilter } from '../auth.ts';
import { defineRoute } from '../define-route.ts';
import { decodeCursor, encodeCursor, isIdKey } from '../pagination.ts';
import { applicationJson, voucherActor } from './vouchers-json.ts';
import { assertOperatorMayAct, assertVoucherReadable, operatorFilter } from './vouchers-scope.ts';

const OPERATOR_STAFF = ['operator-admin', 'reviewer', 'auditor'] as const;
const ENTERPRISE_USERS = ['enterprise-admin', 'enterprise-member'] as const;
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
  access: { roles: [...ENTERPRISE_USERS], tenant: 'own' },
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
      actor: voucherActor(c, auth),
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
  access: { roles: [...OPERATOR_STAFF, ...ENTERPRISE_USERS], tenant: 'any' },
  request: { query: voucherListQuery },
  responses: {
    200: { description: 'one page of applications', schema: pageOf(applicationSchema) },
  },
  handler: async (c, auth, { query }) => {
    const enterpriseId = tenantFilter(auth, query.enterpriseId, { operatorMay: true });
    const page = await listApplications({
      sql: c.get('db'),
      ...(enterpriseId === null ? {} : { enterpriseId }),
      ...operatorFilter(auth),
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
  access: { roles: [...OPERATOR_STAFF, ...ENTERPRISE_USERS], tenant: 'any' },
  request: { params: idParams },
  responses: { 200: { description: 'the application', schema: applicationSchema } },
  handler: async (c, auth, { params }) => {
    const sql = c.get('db');
    const { application, transitions } = await getApplication({ sql, applicationId: params.id });
    await assertVoucherReadable(sql, auth, {
      ownerTenantId: application.enterpriseId,
      programId: application.programId,
    });
    return c.json(applicationJson(application, transitions), 200);
  },
});

/** Loads the application and refuses (404) when it is not the caller's enterprise's. */
async function ownApplication(
  c: Parameters<typeof voucherActor>[0],
  tenantId: string,
  id: string,
): Promise<void> {
  const { application } = await getApplication({ sql: c.get('db'), applicationId: id });
  if (application.enterpriseId !== tenantId) throw new DomainError('NOT_FOUND');
}

export const submitApplicationRoute = defineRoute({
  method: 'post',
  path: '/api/v1/applications/{id}/submit',
  summary: 'Submit a draft or returned application',
  tags,
  access: { roles: [...ENTERPRISE_USERS], tenant: 'own' },
  request: { params: idParams },
  responses: {
    200: {
      description: 'the submitted (or, in automatic/first-come programs, decided) application',
      schema: applicationSchema,
    },
  },
  handler: async (c, auth, { params }) => {
    await ownApplication(c, auth.tenantId, params.id);
    const { application } = await submitApplication({
      db: c.get('db'),
      applicationId: params.id,
      actor: voucherActor(c, auth),
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
  access: { roles: [...ENTERPRISE_USERS], tenant: 'own' },
  request: { params: idParams, body: optionalReasonBody },
  responses: { 200: { description: 'the withdrawn application', schema: applicationSchema } },
  handler: async (c, auth, { params, body }) => {
    await ownApplication(c, auth.tenantId, params.id);
    const application = await withdrawApplication({
      db: c.get('db'),
      applicationId: params.id,
      ...(body.reason === undefined ? {} : { reason: body.reason }),
      actor: voucherActor(c, auth),
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
    'Approval issues the grant: a pending reservation from the program budget that times out at the end of `expiresOn` (Asia/Shanghai). BUDGET_EXHAUSTED when the budget has not enough left.',
  tags,
  access: { roles: ['operator-admin', 'reviewer'], tenant: 'any' },
  request: { params: idParams, body: reviewApplicationBody },
  responses: { 200: { description: 'the decided application', schema: applicationSchema } },
  handler: async (c, auth, { params, body }) => {
    await assertOperatorMayAct(c.get('db'), auth, 'application', params.id);
    const { application } = await reviewApplication({
      db: c.get('db'),
      applicationId: params.id,
      decision: body,
      actor: voucherActor(c, auth),
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
  access: { roles: [...ENTERPRISE_USERS], tenant: 'own' },
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
      actor: voucherActor(c, auth),
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
