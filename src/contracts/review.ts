import { z } from 'zod';
import { pageQuery } from './common.ts';
import {
  enterpriseSchema,
  providerSchema,
  relatedPartiesSchema,
  relatedReasonSchema,
} from './parties.ts';
import { applicationSchema, claimSchema } from './vouchers.ts';

/**
 * The review queue (`/api/v1/review-queue`): applications and claims waiting for a decision, in
 * order, and one item with everything the decision rests on. Shared with the web console.
 */

const fenOut = z
  .string()
  .regex(/^-?\d+$/)
  .meta({ example: '2500000' });

export const reviewKindSchema = z.enum(['application', 'claim']);

export const reviewQueueQuery = z.object({
  kind: reviewKindSchema.meta({
    param: { name: 'kind', in: 'query' },
    description: 'applications waiting for a decision, or claims waiting for redemption',
  }),
  programId: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,99}$/)
    .optional()
    .meta({ param: { name: 'programId', in: 'query' } }),
  limit: pageQuery.shape.limit,
  page: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .default(1)
    .meta({
      param: { name: 'page', in: 'query' },
      description: 'which page of `limit` items, from 1 (past the last page: no items)',
      example: 1,
    }),
});

export const reviewQueueSchema = z
  .object({
    kind: reviewKindSchema,
    /** How many wait in all (the page holds `limit` of them, from `(page - 1) × limit`). */
    total: z.number().int(),
    /** The page returned (from 1) and its size: pages run to `ceil(total / limit)`. */
    page: z.number().int(),
    limit: z.number().int(),
    items: z.array(
      z.object({
        id: z.uuid(),
        programId: z.string(),
        enterpriseId: z.uuid(),
        enterpriseName: z.string().nullable(),
        state: z.string(),
        /** Applications: the amount asked for; claims: the subsidy reserved. */
        amountFen: fenOut,
        waitingSince: z.string(),
        riskFlags: z.number().int(),
      }),
    ),
  })
  .meta({ id: 'ReviewQueue' });

export const reviewItemParams = z.object({
  kind: reviewKindSchema.meta({ param: { name: 'kind', in: 'path' } }),
  id: z.uuid().meta({ param: { name: 'id', in: 'path' } }),
});

export const reviewItemQuery = z.object({
  programId: reviewQueueQuery.shape.programId.meta({
    param: { name: 'programId', in: 'query' },
    description: 'neighbours within this program’s queue only',
  }),
});

export const reviewItemSchema = z
  .object({
    kind: reviewKindSchema,
    /** The application with its eligibility trace and history (kind `application`). */
    application: applicationSchema.nullable(),
    /** The claim with its evidence, policy trace, risk flags and history (kind `claim`). */
    claim: claimSchema.nullable(),
    enterprise: enterpriseSchema,
    /** The claim's provider, or the provider the planned purchase names. */
    provider: providerSchema.nullable(),
    /** That provider against the enterprise: `related` refuses, `needsReview` asks the reviewer. */
    providerRelation: z
      .object({
        related: z.boolean(),
        needsReview: z.boolean(),
        reasons: z.array(relatedReasonSchema),
      })
      .nullable(),
    /** Every party sharing something with the enterprise, certainly related ones first. */
    relatedParties: relatedPartiesSchema.shape.items,
    budgetRemainingFen: fenOut,
    queue: z.object({
      position: z.number().int().nullable(),
      total: z.number().int(),
      previousId: z.uuid().nullable(),
      nextId: z.uuid().nullable(),
    }),
    decisions: z.array(z.enum(['approve', 'return', 'reject', 'redeem'])),
  })
  .meta({ id: 'ReviewItem' });
