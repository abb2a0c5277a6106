import { z } from 'zod';
import { calendarDate } from './calendar-date.ts';

/** Response and request bodies of the programs API (fen as decimal strings). */

const localized = z.object({ 'zh-CN': z.string(), en: z.string() });
const fen = z.string().meta({ description: 'fen as a decimal string', example: '30000000' });

export const programIdParams = z.object({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'a program id')
    .meta({ param: { name: 'id', in: 'path' }, example: 'hangzhou-city-compute' }),
});

export const programDateQuery = z.object({
  date: calendarDate.optional().meta({
    param: { name: 'date', in: 'query' },
    description: 'default: today in Asia/Shanghai',
  }),
});

export const programSummarySchema = z
  .object({
    id: z.string(),
    name: localized,
    regionCode: z.string(),
    latestVersion: z.number().int(),
    inForce: z
      .object({
        version: z.number().int(),
        effectiveFrom: z.string(),
        effectiveTo: z.string().nullable(),
        fiscalYear: z.number().int(),
        budgetFen: fen.nullable(),
      })
      .nullable(),
    /** Every published version's period: which dates and fiscal years the program covers. */
    covers: z.array(
      z.object({
        version: z.number().int(),
        fiscalYear: z.number().int(),
        effectiveFrom: z.string(),
        effectiveTo: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'ProgramSummary' });

export const programVersionSchema = z
  .object({
    programId: z.string(),
    version: z.number().int(),
    effectiveFrom: z.string(),
    effectiveTo: z.string().nullable(),
    fiscalYear: z.number().int(),
    budgetFen: fen.nullable(),
    checksum: z.string(),
    publishedAt: z.string(),
    publishedBy: z.string(),
    definition: z.record(z.string(), z.unknown()),
    yamlText: z.string(),
  })
  .meta({ id: 'ProgramVersion' });

export const programDetailSchema = z
  .object({
    id: z.string(),
    name: localized,
    regionCode: z.string(),
    latestVersion: z.number().int(),
    versions: z.array(programVersionSchema),
  })
  .meta({ id: 'ProgramDetail' });

export const traceEntrySchema = z.object({
  rule: z.string(),
  outcome: z.enum(['applied', 'refused', 'info']),
  numbers: z.record(z.string(), z.string()),
  message: localized,
  /** The published text and clause the step applies. */
  clause: z.string().optional(),
});

export const programEvaluationSchema = z
  .object({
    programId: z.string(),
    version: z.number().int(),
    eligible: z.boolean(),
    status: z.enum(['granted', 'limit-reached', 'budget-exhausted', 'refused']),
    subsidyFen: fen,
    rateBps: z.number().int(),
    combinedRateBps: z.number().int(),
    payer: z.enum(['enterprise reimbursed', 'provider paid']),
    budget: z.object({ budgetFen: fen, leftFen: fen, waitingList: z.boolean() }).nullable(),
    split: z.object({ programFen: fen, enterpriseFen: fen }),
    trace: z.array(traceEntrySchema),
  })
  .meta({ id: 'ProgramEvaluation' });

export const programComparisonSchema = z
  .object({
    date: z.string(),
    ranking: z.array(programEvaluationSchema.extend({ name: localized })),
    stacked: z.object({
      programs: z.array(programEvaluationSchema),
      /** Program ids in the order they were stacked (by what each gives alone). */
      order: z.array(z.string()),
      totalSubsidyFen: fen,
      enterpriseShareFen: fen,
      payments: z.object({
        enterprisePaysProviderFen: fen,
        programsPayProviderFen: fen,
        programsReimburseEnterpriseFen: fen,
      }),
    }),
  })
  .meta({ id: 'ProgramComparison' });

export const publishVersionBody = z
  .object({
    yaml: z.string().min(1).max(200_000).meta({ description: 'the program file (YAML)' }),
  })
  .strict()
  .meta({ id: 'PublishProgramVersionRequest' });

export const publishVersionResultSchema = z
  .object({
    status: z.enum(['published', 'exists']),
    programId: z.string(),
    version: z.number().int(),
    checksum: z.string(),
  })
  .meta({ id: 'PublishProgramVersionResult' });

/** `GET /api/v1/programs/{id}/budget-left`: the public's view of a program's money. */
export const budgetLeftSchema = z
  .object({
    programId: z.string(),
    opened: z.boolean().meta({ description: 'false until the program is opened for vouchers' }),
    fundedFen: fen,
    remainingFen: fen,
  })
  .meta({ id: 'ProgramBudgetLeft' });
