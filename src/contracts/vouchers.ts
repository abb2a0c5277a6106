import { z } from '@hono/zod-openapi';
import { idParams, pageQuery } from './common.ts';
import { positiveFenString } from './money.ts';
import { purchaseKinds, purchasePurposes } from '../domain/policy/program.ts';

/**
 * Request and response schemas of the voucher lifecycle (applications, grants, claims, payout,
 * clawback, balances). Shared with the web console. Amounts are decimal strings of fen.
 */

const fenOut = z
  .string()
  .regex(/^-?\d+$/)
  .openapi({ example: '2500000' });
const dateField = z
  .string()
  .regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/, 'a date YYYY-MM-DD')
  .openapi({ example: '2025-12-31' });
const reasonField = z.string().trim().min(1).max(2000);
const programIdField = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,99}$/, 'a program id: lowercase words and dashes')
  .openapi({ example: 'hangzhou-city-compute' });

export const purchaseKindSchema = z.enum(purchaseKinds);
/** What the purchase is for and which project it serves: program conditions and caps use them. */
const purchaseProject = {
  purpose: z.enum(purchasePurposes).optional(),
  projectId: z.string().trim().min(1).max(100).optional(),
  projectTags: z
    .array(z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/))
    .max(20)
    .optional(),
};
export const chipOriginSchema = z.enum(['domestic', 'imported']);

/** `{id}` of a program (text ids, unlike the uuid `{id}` of other resources). */
export const programIdParams = z.object({
  id: programIdField.openapi({ param: { name: 'id', in: 'path' } }),
});

export const createApplicationBody = z
  .strictObject({
    programId: programIdField,
    plannedPurchase: z.strictObject({
      kind: purchaseKindSchema,
      amountFen: positiveFenString,
      contractAmountFen: positiveFenString.optional(),
      contractTermMonths: z.number().int().min(1).max(120).optional(),
      providerId: z.uuid().optional(),
      chipOrigin: chipOriginSchema.optional(),
      filedModel: z.boolean().optional(),
      ...purchaseProject,
    }),
    requestedFen: positiveFenString.optional(),
    purpose: reasonField.openapi({ example: '基于昇腾910B的行业大模型微调' }),
    /** Submit at once after creating (the usual console path). */
    submit: z.boolean().optional(),
  })
  .openapi('CreateApplication');

/** Changes to a draft or returned application; the pre-check runs again. */
export const updateApplicationBody = z
  .strictObject({
    plannedPurchase: createApplicationBody.shape.plannedPurchase.optional(),
    requestedFen: positiveFenString.optional(),
    purpose: reasonField.optional(),
  })
  .openapi('UpdateApplication');

const transitionSchema = z.object({
  action: z.string(),
  from: z.string().nullable(),
  to: z.string(),
  actorUserId: z.string().nullable(),
  reason: z.string().nullable(),
  requestId: z.string().nullable(),
  at: z.string(),
});

export const applicationSchema = z
  .object({
    id: z.uuid(),
    programId: z.string(),
    programVersion: z.number(),
    enterpriseId: z.uuid(),
    state: z.enum(['draft', 'submitted', 'returned', 'approved', 'rejected', 'withdrawn']),
    requestedFen: fenOut,
    estimatedFen: fenOut,
    approvedFen: fenOut.nullable(),
    purpose: z.string(),
    arrivalSeq: z.string().nullable(),
    decisionReason: z.string().nullable(),
    eligibilityTrace: z.array(z.unknown()),
    grantId: z.uuid().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    transitions: z.array(transitionSchema).optional(),
  })
  .openapi('Application');

export const reviewApplicationBody = z
  .discriminatedUnion('decision', [
    z.strictObject({
      decision: z.literal('approve'),
      amountFen: positiveFenString,
      expiresOn: dateField,
      reason: reasonField.optional(),
    }),
    z.strictObject({ decision: z.literal('return'), reason: reasonField }),
    z.strictObject({ decision: z.literal('reject'), reason: reasonField }),
  ])
  .openapi('ReviewApplication');

export const reasonBody = z.strictObject({ reason: reasonField }).openapi('Reason');
export const optionalReasonBody = z.strictObject({ reason: reasonField.optional() });

export const grantSchema = z
  .object({
    id: z.uuid(),
    applicationId: z.uuid(),
    programId: z.string(),
    enterpriseId: z.uuid(),
    state: z.enum(['active', 'exhausted', 'expired', 'voided', 'clawed_back']),
    amountFen: fenOut,
    committedFen: fenOut,
    inFlightFen: fenOut,
    settledFen: fenOut,
    returnedFen: fenOut,
    expiresAt: z.string(),
    createdAt: z.string(),
    transitions: z.array(transitionSchema).optional(),
  })
  .openapi('Grant');

export const createClaimBody = z
  .strictObject({
    grantId: z.uuid(),
    providerId: z.uuid(),
    contractId: z.string().trim().min(1).max(200),
    contractSignedOn: dateField,
    contractAmountFen: positiveFenString,
    purchase: z.strictObject({
      kind: purchaseKindSchema,
      amountFen: positiveFenString,
      contractTermMonths: z.number().int().min(1).max(120).optional(),
      providerRegionCode: z
        .string()
        .regex(/^[0-9]{6}$/)
        .optional(),
      chipOrigin: chipOriginSchema.optional(),
      filedModel: z.boolean().optional(),
      ...purchaseProject,
    }),
  })
  .openapi('CreateClaim');

export const attachmentSchema = z
  .object({
    id: z.uuid(),
    claimId: z.uuid(),
    kind: z.string(),
    filename: z.string(),
    contentType: z.string(),
    sizeBytes: z.number(),
    sha256: z.string(),
    createdAt: z.string(),
  })
  .openapi('ClaimAttachment');

/** An evidence file as listed to its readers: who uploaded it (null: the system). */
export const attachmentRecordSchema = attachmentSchema
  .extend({ uploadedBy: z.uuid().nullable() })
  .openapi('ClaimAttachmentRecord');

/** `/api/v1/claims/{id}/attachments/{attachmentId}` */
export const attachmentParams = idParams.extend({
  attachmentId: z.uuid().openapi({ param: { name: 'attachmentId', in: 'path' } }),
});

/** Metadata of an uploaded file; the body is the file itself (Content-Type: its type). */
export const attachmentQuery = z.object({
  kind: z
    .enum(['invoice', 'payment', 'delivery', 'contract'])
    .openapi({ param: { name: 'kind', in: 'query' } }),
  filename: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: 'filename', in: 'query' } }),
  invoiceNumber: z
    .string()
    .max(40)
    .optional()
    .openapi({ param: { name: 'invoiceNumber', in: 'query' } }),
  amountFen: positiveFenString.optional().openapi({ param: { name: 'amountFen', in: 'query' } }),
});

export const claimSchema = z
  .object({
    id: z.uuid(),
    grantId: z.uuid(),
    programId: z.string(),
    enterpriseId: z.uuid(),
    providerId: z.uuid(),
    state: z.enum([
      'draft',
      'submitted',
      'evidence_complete',
      'redeemed',
      'paid',
      'rejected',
      'clawed_back',
    ]),
    contractId: z.string(),
    contractSignedOn: z.string(),
    contractAmountFen: fenOut,
    purchase: z.record(z.string(), z.unknown()),
    invoiceNumber: z.string().nullable(),
    invoiceAmountFen: fenOut.nullable(),
    paidAmountFen: fenOut.nullable(),
    reservedFen: fenOut,
    redeemedFen: fenOut,
    paidFen: fenOut,
    clawedBackFen: fenOut,
    policyTrace: z.unknown(),
    createdAt: z.string(),
    updatedAt: z.string(),
    transitions: z.array(transitionSchema).optional(),
    attachments: z.array(attachmentSchema).optional(),
  })
  .openapi('Claim');

export const clawbackBody = z
  .strictObject({
    amountFen: positiveFenString.optional(),
    /** Penalty as a multiple of the amount, basis points: 10000 = 1×, up to 5×. */
    penaltyMultipleBps: z.number().int().min(0).max(50_000).default(0),
    reason: reasonField,
    blacklist: z.boolean().default(false),
  })
  .openapi('Clawback');

export const clawbackResultSchema = z.object({
  claim: claimSchema,
  reversalFen: fenOut,
  penaltyFen: fenOut,
  owedFen: fenOut,
});

export const blacklistBody = z
  .strictObject({
    // Required: an operator tenant bars enterprises from its own programs only.
    programId: programIdField,
    reason: reasonField,
    until: z.iso.datetime({ offset: true }).optional(),
  })
  .openapi('Blacklist');

export const blacklistSchema = z.object({
  id: z.uuid(),
  enterpriseId: z.uuid(),
  programId: z.string().nullable(),
  reason: z.string(),
  untilAt: z.string().nullable(),
  createdAt: z.string(),
});

export const balancesSchema = z
  .object({
    enterpriseId: z.uuid(),
    committedFen: fenOut,
    inFlightFen: fenOut,
    settledFen: fenOut,
    grants: z.array(grantSchema),
  })
  .openapi('EnterpriseBalances');

export const programBudgetSchema = z
  .object({
    programId: z.string(),
    fundedFen: fenOut,
    remainingFen: fenOut,
    committedFen: fenOut,
    inFlightFen: fenOut,
    settledFen: fenOut,
    paidOutFen: fenOut,
    clawedBackOwedFen: fenOut,
    penaltiesFen: fenOut,
  })
  .openapi('ProgramBudget');

/** Filters of the voucher lists (`enterpriseId` only for operator staff). */
export const voucherListQuery = pageQuery.extend({
  programId: programIdField.optional().openapi({ param: { name: 'programId', in: 'query' } }),
  state: z
    .string()
    .regex(/^[a-z_]{1,20}$/)
    .optional()
    .openapi({ param: { name: 'state', in: 'query' } }),
  enterpriseId: z
    .uuid()
    .optional()
    .openapi({ param: { name: 'enterpriseId', in: 'query' } }),
});

export const notificationSchema = z
  .object({
    id: z.uuid(),
    grantId: z.uuid(),
    enterpriseId: z.uuid(),
    kind: z.literal('grant_expiry'),
    thresholdDays: z.number(),
    expiresAt: z.string(),
    createdAt: z.string(),
  })
  .openapi('VoucherNotification');
