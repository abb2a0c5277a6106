import type { z } from '@hono/zod-openapi';
import { idParams, pageOf } from '../../../contracts/common.ts';
import {
  clawbackBody,
  clawbackResultSchema,
  claimSchema,
  createClaimBody,
  reasonBody,
  voucherListQuery,
} from '../../../contracts/vouchers.ts';
import {
  clawbackClaim,
  createClaim,
  getClaim,
  listClaims,
  payoutClaim,
  redeemClaim,
  rejectClaim,
  riskFlagsFor,
  submitClaim,
  purchaseProjectOf,
} from '../../../services/vouchers/index.ts';
import { defineRoute } from '../define-route.ts';
import { decodeCursor, encodeCursor, isIdKey } from '../pagination.ts';
import { claimJson } from './vouchers-json.ts';
const tags = ['vouchers'];

export const createClaimRoute = defineRoute({
  method: 'post',
  path: '/api/v1/claims',
  summary: 'Draft a claim against a contract under one of the enterprise’s grants',
  description:
    'A contract is compared by its normalised id (case, full-width characters, spaces and dashes do not count) with its provider: a second live claim of yours on it under the program is 409 CONFLICT naming your claim. The contract must be signed on or before today in Asia/Shanghai (422 CONTRACT_DATE_AFTER_CLAIM); an optional term (`purchase.contractStartsOn`, `purchase.contractEndsOn`) must not end before it starts or before the signing, nor state more `contractTermMonths` than its dates span (422 CONTRACT_TERM_INVALID).',
  tags,
  access: { action: 'claim.create' },
  request: { body: createClaimBody },
  responses: { 201: { description: 'the draft claim', schema: claimSchema } },
  handler: async (c, auth, { body }) => {
    const { purchase } = body;
    const claim = await createClaim({
      db: c.get('db'),
      grantId: body.grantId,
      enterpriseId: auth.tenantId,
      providerId: body.providerId,
      contractId: body.contractId,
      contractSignedOn: body.contractSignedOn,
      contractAmountFen: body.contractAmountFen,
      purchase: {
        kind: purchase.kind,
        amountFen: purchase.amountFen,
        ...(purchase.contractTermMonths === undefined
          ? {}
          : { contractTermMonths: purchase.contractTermMonths }),
        ...(purchase.contractStartsOn === undefined
          ? {}
          : { contractStartsOn: purchase.contractStartsOn }),
        ...(purchase.contractEndsOn === undefined
          ? {}
          : { contractEndsOn: purchase.contractEndsOn }),
        ...(purchase.providerRegionCode === undefined
          ? {}
          : { providerRegionCode: purchase.providerRegionCode }),
        ...(purchase.chipOrigin === undefined ? {} : { chipOrigin: purchase.chipOrigin }),
        ...(purchase.filedModel === undefined ? {} : { filedModel: purchase.filedModel }),
        ...purchaseProjectOf(purchase),
      },
      actor: auth,
      now: c.get('now'),
    });
    return c.json(claimJson(claim), 201);
  },
});

export const listClaimsRoute = defineRoute({
  method: 'get',
  path: '/api/v1/claims',
  summary:
    'List claims (operator staff: under their operator tenant’s programs; enterprise users: their own; providers: theirs)',
  tags,
  access: { action: 'claim.list' },
  request: { query: voucherListQuery },
  responses: { 200: { description: 'one page of claims', schema: pageOf(claimSchema) } },
  handler: async (c, auth, { query }) => {
    const page = await listClaims({
      sql: c.get('db'),
      actor: auth,
      enterpriseId: query.enterpriseId,
      ...(query.programId === undefined ? {} : { programId: query.programId }),
      ...(query.state === undefined ? {} : { state: query.state }),
      ...(query.cursor === undefined ? {} : { afterId: decodeCursor(query.cursor, isIdKey)?.id }),
      limit: query.limit,
    });
    const nextCursor = page.nextAfterId === null ? null : encodeCursor({ id: page.nextAfterId });
    // The review queue: operator staff see each claim's risk flags; nobody else learns of them.
    const flags = await riskFlagsFor(
      c.get('db'),
      auth,
      page.items.map((claim) => claim.id),
    );
    const items = page.items.map((claim) => claimJson(claim, { riskFlags: flags?.get(claim.id) }));
    return c.json({ items, nextCursor }, 200);
  },
});

export const getClaimRoute = defineRoute({
  method: 'get',
  path: '/api/v1/claims/{id}',
  summary: 'One claim with its evidence (metadata) and history (its provider may read it too)',
  description:
    'With every invoice and payment proof (`invoices`, `payments`). Operator staff also see `riskFlags`: another enterprise claiming the same contract with the same provider, or the same invoice — raised for the reviewer instead of refusing either enterprise.',
  tags,
  access: { action: 'claim.read' },
  request: { params: idParams },
  responses: { 200: { description: 'the claim', schema: claimSchema } },
  handler: async (c, auth, { params }) => {
    const { claim, ...extras } = await getClaim({
      sql: c.get('db'),
      actor: auth,
      claimId: params.id,
    });
    return c.json(claimJson(claim, extras), 200);
  },
});

export const submitClaimRoute = defineRoute({
  method: 'post',
  path: '/api/v1/claims/{id}/submit',
  summary: 'Submit a claim: policy checked, subsidy reserved (in flight)',
  tags,
  access: { action: 'claim.submit' },
  request: { params: idParams },
  responses: { 200: { description: 'the submitted claim', schema: claimSchema } },
  handler: async (c, auth, { params }) => {
    const claim = await submitClaim({
      db: c.get('db'),
      claimId: params.id,
      enterpriseId: auth.tenantId,
      actor: auth,
      now: c.get('now'),
    });
    return c.json(claimJson(claim), 200);
  },
});

export const redeemClaimRoute = defineRoute({
  method: 'post',
  path: '/api/v1/claims/{id}/redeem',
  summary: 'Redeem a claim: policy re-evaluated on the final amounts, the ledger posts',
  tags,
  access: { action: 'claim.redeem' },
  request: { params: idParams },
  responses: { 200: { description: 'the redeemed claim', schema: claimSchema } },
  handler: async (c, auth, { params }) => {
    const claim = await redeemClaim({
      db: c.get('db'),
      claimId: params.id,
      actor: auth,
      now: c.get('now'),
    });
    return c.json(claimJson(claim), 200);
  },
});

export const rejectClaimRoute = defineRoute({
  method: 'post',
  path: '/api/v1/claims/{id}/reject',
  summary:
    'Reject a claim before payout: its reservation (or, once redeemed, what it holds) returns to the grant',
  tags,
  access: { action: 'claim.reject' },
  request: { params: idParams, body: reasonBody },
  responses: { 200: { description: 'the rejected claim', schema: claimSchema } },
  handler: async (c, auth, { params, body }) => {
    const claim = await rejectClaim({
      db: c.get('db'),
      claimId: params.id,
      reason: body.reason,
      actor: auth,
      now: c.get('now'),
    });
    return c.json(claimJson(claim), 200);
  },
});

export const payoutClaimRoute = defineRoute({
  method: 'post',
  path: '/api/v1/claims/{id}/payout',
  summary: 'Pay a redeemed claim out (after its publication closed): enterprise or provider',
  tags,
  access: { action: 'claim.payout' },
  request: { params: idParams },
  responses: { 200: { description: 'the paid claim', schema: claimSchema } },
  handler: async (c, auth, { params }) => {
    const claim = await payoutClaim({
      db: c.get('db'),
      claimId: params.id,
      actor: auth,
      now: c.get('now'),
    });
    return c.json(claimJson(claim), 200);
  },
});

export const clawbackClaimRoute = defineRoute({
  method: 'post',
  path: '/api/v1/claims/{id}/clawback',
  summary:
    'Claw back all or part of what a redeemed or paid claim holds (a part keeps it payable or paid), with an optional penalty multiple and blacklist',
  tags,
  access: { action: 'claim.clawback' },
  request: { params: idParams, body: clawbackBody },
  responses: {
    200: { description: 'the clawed-back claim and amounts', schema: clawbackResultSchema },
  },
  handler: async (c, auth, { params, body }) => {
    const { claim, amounts } = await clawbackClaim({
      db: c.get('db'),
      claimId: params.id,
      ...(body.amountFen === undefined ? {} : { amountFen: body.amountFen }),
      penaltyMultipleBps: body.penaltyMultipleBps,
      reason: body.reason,
      blacklist: body.blacklist,
      actor: auth,
      now: c.get('now'),
    });
    return c.json(
      {
        claim: claimJson(claim),
        reversalFen: amounts.reversalFen.toString(),
        penaltyFen: amounts.penaltyFen.toString(),
        owedFen: amounts.owedFen.toString(),
      } satisfies z.output<typeof clawbackResultSchema>,
      200,
    );
  },
});

export const claimRoutes = [
  createClaimRoute,
  listClaimsRoute,
  getClaimRoute,
  submitClaimRoute,
  redeemClaimRoute,
  rejectClaimRoute,
  payoutClaimRoute,
  clawbackClaimRoute,
];
