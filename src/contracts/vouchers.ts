import { z } from 'zod';
import { chipOrigins, purchaseKinds, purchasePurposes } from '../domain/policy/program.ts';
import { applicationStates } from '../domain/vouchers/application.ts';
import { claimStates } from '../domain/vouchers/claim.ts';
import { attachmentKinds } from '../domain/vouchers/evidence.ts';
import { grantStates } from '../domain/vouchers/grant.ts';
import { uploadQuery } from './attachments.ts';
import { calendarDate } from './calendar-date.ts';
import { claimInvoiceSchema, claimPaymentSchema, riskFlagSchema } from './claim-evidence.ts';
import { pageQuery } from './common.ts';
import { positiveFenString } from './money.ts';

/**
 * Request and response schemas of the voucher lifecycle (applications, grants, claims, payout,
 * clawback, balances). Shared with the web console. Amounts are decimal strings of fen.
 */

const fenOut = z
  .string()
  .regex(/^-?\d+$/)
  .meta({ example: '2500000' });
const reasonField = z.string().trim().min(1).max(2000);
const programIdField = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,99}$/, 'a program id: lowercase words and dashes')
  .meta({ example: 'hangzhou-city-compute' });

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
export const chipOriginSchema = z.enum(chipOrigins);

/** `{id}` of a program (text ids, unlike the uuid `{id}` of other resources). */
export const programIdParams = z.object({
  id: programIdField.meta({ param: { name: 'id', in: 'path' } }),
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
    purpose: reasonField.meta({ example: '基于昇腾910B的行业大模型微调' }),
    /** Submit at once after creating (the usual console path). */
    submit: z.boolean().optional(),
  })
  .meta({ id: 'CreateApplication' });

/** Changes to a draft or returned application; the pre-check runs again. */
export const updateApplicationBody = z
  .strictObject({
    plannedPurchase: createApplicationBody.shape.plannedPurchase.optional(),
    requestedFen: positiveFenString.optional(),
    purpose: reasonField.optional(),
  })
  .meta({ id: 'UpdateApplication' });

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
    state: z.enum(applicationStates),
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
  .meta({ id: 'Application' });

export const reviewApplicationBody = z
  .discriminatedUnion('decision', [
    z.strictObject({
      decision: z.literal('approve'),
      amountFen: positiveFenString,
      expiresOn: calendarDate,
      reason: reasonField.optional(),
    }),
    z.strictObject({ decision: z.literal('return'), reason: reasonField }),
    z.strictObject({ decision: z.literal('reject'), reason: reasonField }),
  ])
  .meta({ id: 'ReviewApplication' });

export const reasonBody = z.strictObject({ reason: reasonField }).meta({ id: 'Reason' });
export const optionalReasonBody = z.strictObject({ reason: reasonField.optional() });

/** A ledger account named in a balance, with its statement export (CSV, XLSX). */
export const ledgerAccountSchema = z
  .object({
    id: z.uuid(),
    code: z.number().int(),
    name: z.string(),
    statementUrls: z.object({ csv: z.string(), xlsx: z.string() }),
  })
  .meta({ id: 'LedgerAccountRef' });

export const grantSchema = z
  .object({
    id: z.uuid(),
    applicationId: z.uuid(),
    programId: z.string(),
    enterpriseId: z.uuid(),
    state: z.enum(grantStates),
    amountFen: fenOut,
    committedFen: fenOut,
    inFlightFen: fenOut,
    settledFen: fenOut,
    returnedFen: fenOut,
    ledgerAccount: ledgerAccountSchema,
    expiresAt: z.string(),
    createdAt: z.string(),
    transitions: z.array(transitionSchema).optional(),
  })
  .meta({ id: 'Grant' });

export const createClaimBody = z
  .strictObject({
    grantId: z.uuid(),
    providerId: z.uuid(),
    contractId: z.string().trim().min(1).max(200),
    /** On or before the claim date (today in Asia/Shanghai), else CONTRACT_DATE_AFTER_CLAIM. */
    contractSignedOn: calendarDate,
    contractAmountFen: positiveFenString,
    purchase: z.strictObject({
      kind: purchaseKindSchema,
      amountFen: positiveFenString,
      contractTermMonths: z.number().int().min(1).max(120).optional(),
      /** The contract's service term, first and last day; CONTRACT_TERM_INVALID if it ends before it starts or before the signing. */
      contractStartsOn: calendarDate.optional(),
      contractEndsOn: calendarDate.optional(),
      providerRegionCode: z
        .string()
        .regex(/^[0-9]{6}$/)
        .optional(),
      chipOrigin: chipOriginSchema.optional(),
      filedModel: z.boolean().optional(),
      ...purchaseProject,
    }),
  })
  .meta({ id: 'CreateClaim' });

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
  .meta({ id: 'ClaimAttachment' });

/** An evidence file as listed to its readers: who uploaded it (null: the system). */
export const attachmentRecordSchema = attachmentSchema
  .extend({ uploadedBy: z.uuid().nullable() })
  .meta({ id: 'ClaimAttachmentRecord' });

/** Metadata of uploaded evidence; the body is the file itself (Content-Type: its type). */
export const attachmentQuery = uploadQuery(attachmentKinds).extend({
  invoiceNumber: z
    .string()
    .max(40)
    .optional()
    .meta({
      param: { name: 'invoiceNumber', in: 'query' },
      description: 'Invoice: 20 digits (数电票), or 8 digits with `invoiceCode`',
    }),
  invoiceCode: z
    .string()
    .max(40)
    .optional()
    .meta({
      param: { name: 'invoiceCode', in: 'query' },
      description: 'Invoice with an 8-digit number: its 10- or 12-digit invoice code (发票代码)',
    }),
  amountFen: positiveFenString.optional().meta({ param: { name: 'amountFen', in: 'query' } }),
});

export const claimSchema = z
  .object({
    id: z.uuid(),
    grantId: z.uuid(),
    programId: z.string(),
    enterpriseId: z.uuid(),
    providerId: z.uuid(),
    state: z.enum(claimStates),
    contractId: z.string(),
    contractSignedOn: z.string(),
    contractAmountFen: fenOut,
    purchase: z.record(z.string(), z.unknown()),
    /** The first invoice's number (`invoices` has them all). */
    invoiceNumber: z.string().nullable(),
    /** Sum of the invoices. */
    invoiceAmountFen: fenOut.nullable(),
    /** Sum of the payment proofs. */
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
    invoices: z.array(claimInvoiceSchema).optional(),
    payments: z.array(claimPaymentSchema).optional(),
    /** Operator staff only: absent for the enterprise and the provider. */
    riskFlags: z.array(riskFlagSchema).optional(),
  })
  .meta({ id: 'Claim' });

export const clawbackBody = z
  .strictObject({
    amountFen: positiveFenString.optional(),
    /** Penalty as a multiple of the amount, basis points: 10000 = 1×, up to 5×. */
    penaltyMultipleBps: z.number().int().min(0).max(50_000).default(0),
    reason: reasonField,
    blacklist: z.boolean().default(false),
  })
  .meta({ id: 'Clawback' });

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
  .meta({ id: 'Blacklist' });

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
  .meta({ id: 'EnterpriseBalances' });

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
    ledgerAccounts: z.array(
      ledgerAccountSchema.extend({
        role: z.enum(['treasury', 'budget', 'payable', 'paidOut', 'receivable', 'penalty']),
      }),
    ),
  })
  .meta({ id: 'ProgramBudget' });

/** Filters of the voucher lists (`enterpriseId` only for operator staff). */
export const voucherListQuery = pageQuery.extend({
  programId: programIdField.optional().meta({ param: { name: 'programId', in: 'query' } }),
  state: z
    .string()
    .regex(/^[a-z_]{1,20}$/)
    .optional()
    .meta({ param: { name: 'state', in: 'query' } }),
  enterpriseId: z
    .uuid()
    .optional()
    .meta({ param: { name: 'enterpriseId', in: 'query' } }),
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
  .meta({ id: 'VoucherNotification' });
