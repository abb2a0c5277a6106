import type { z } from '@hono/zod-openapi';
import {
  reviewItemParams,
  reviewItemQuery,
  reviewItemSchema,
  reviewQueueQuery,
  reviewQueueSchema,
} from '../../../contracts/review.ts';
import { getReviewItem, listReviewQueue, type ReviewItem } from '../../../services/review/index.ts';
import { defineRoute } from '../define-route.ts';
import { enterpriseJson, providerJson } from './parties-json.ts';
import { applicationJson, claimJson } from './vouchers-json.ts';

const tags = ['review'];

export const reviewQueueRoute = defineRoute({
  method: 'get',
  path: '/api/v1/review-queue',
  summary: 'The review queue: applications or claims waiting for a decision, in order',
  description:
    'Applications in state `submitted` by arrival; claims `evidence_complete` (redeemable) first, then `submitted`, each by submission. Under the caller’s operator tenant’s programs only. Paged by position: `page` (from 1) of `limit` items; `total` counts the whole queue, so pages run to `ceil(total / limit)`.',
  tags,
  access: { action: 'reviewQueue.read' },
  request: { query: reviewQueueQuery },
  responses: { 200: { description: 'one page of the queue', schema: reviewQueueSchema } },
  handler: async (c, auth, { query }) => {
    const { items, total } = await listReviewQueue({
      sql: c.get('db'),
      actor: auth,
      kind: query.kind,
      programId: query.programId,
      limit: query.limit,
      page: query.page,
    });
    const json = {
      kind: query.kind,
      total,
      page: query.page,
      limit: query.limit,
      items: items.map((item) => ({
        id: item.id,
        programId: item.programId,
        enterpriseId: item.enterpriseId,
        enterpriseName: item.enterpriseName,
        state: item.state,
        amountFen: item.amountFen.toString(),
        waitingSince: item.waitingSince.toISOString(),
        riskFlags: item.riskFlags,
      })),
    } satisfies z.output<typeof reviewQueueSchema>;
    return c.json(json, 200);
  },
});

export const reviewItemRoute = defineRoute({
  method: 'get',
  path: '/api/v1/review-queue/{kind}/{id}',
  summary:
    'One item of the review queue with its evidence, policy trace, related-party warnings, the budget left and its neighbours in the queue',
  description:
    'The application (with its eligibility trace) or the claim (with evidence, invoices, payments, policy trace and risk flags), the enterprise’s profile, the provider checked against the enterprise (`providerRelation`), every party related to the enterprise, what the program’s budget has left, the decisions the state allows, and `queue` (position, previous and next ids) for keyboard navigation. Decide with `POST /applications/{id}/review`, `/claims/{id}/redeem` or `/claims/{id}/reject`.',
  tags,
  access: { action: 'reviewQueue.read' },
  request: { params: reviewItemParams, query: reviewItemQuery },
  responses: { 200: { description: 'the item', schema: reviewItemSchema } },
  handler: async (c, auth, { params, query }) => {
    const item = await getReviewItem({
      sql: c.get('db'),
      actor: auth,
      kind: params.kind,
      id: params.id,
      programId: query.programId,
    });
    return c.json(reviewItemJson(item), 200);
  },
});

function reviewItemJson(item: ReviewItem): z.output<typeof reviewItemSchema> {
  const { application, claim } = item;
  return {
    kind: item.kind,
    application:
      application === null
        ? null
        : applicationJson(application.application, application.transitions),
    claim: claim === null ? null : claimJsonOf(claim),
    enterprise: enterpriseJson(item.enterprise),
    provider: item.provider === null ? null : providerJson(item.provider),
    providerRelation: item.providerRelation,
    relatedParties: item.relatedParties,
    budgetRemainingFen: item.budgetRemainingFen.toString(),
    queue: item.queue,
    decisions: item.decisions,
  };
}

function claimJsonOf({ claim, ...extras }: NonNullable<ReviewItem['claim']>) {
  return claimJson(claim, extras);
}

/** Routes of the review queue. */
export const reviewRoutes = [reviewQueueRoute, reviewItemRoute];
