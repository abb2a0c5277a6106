import { z } from 'zod';
import { programComparisonSchema, programEvaluationSchema } from './program-api.ts';
import { calculateRequestSchema, enterpriseProfileSchema } from './program-evaluation.ts';

/**
 * The calculator over HTTP: the body of `calculateRequestSchema`, but `enterprise` may be left
 * out when a signed-in enterprise calls (its registered profile and its own year-to-date figures
 * are used instead), and the answer says whose profile it used.
 */
export const calculatorBodySchema = calculateRequestSchema.extend({
  enterprise: enterpriseProfileSchema.optional(),
});
export type CalculatorBody = z.output<typeof calculatorBodySchema>;

const fenOut = z.string().regex(/^\d+$/);

/** One program's figures the calculator took from the enterprise's own records. */
export const programYearToDateSchema = z.object({
  fiscalYear: z.number().int(),
  grantedFen: fenOut,
  claimedFen: fenOut,
  programCommittedFen: fenOut,
  contractSubsidyFen: fenOut,
  declaredContractsFen: fenOut.meta({
    description: 'this year’s contracts declared to the program (claims, exchange orders)',
  }),
});

/** Added to every calculator answer: where its enterprise profile and figures came from. */
export const calculatorSourceFields = {
  profileSource: z.enum(['session', 'body']),
  /** Present when `profileSource` is `session`. */
  fromSession: z
    .object({
      enterpriseId: z.uuid(),
      enterprise: z.object({
        id: z.string(),
        usccRegionCode: z.string(),
        size: z.string(),
        foundedOn: z.string(),
        industries: z.array(z.string()),
        creditRecord: z.string(),
        relatedPartyIds: z.array(z.string()),
      }),
      /** By program id: the programs evaluated. */
      yearToDate: z.record(z.string(), programYearToDateSchema),
    })
    .optional(),
};

/**
 * The calculator's answer: one program's evaluation or the ranked and stacked comparison, with
 * the source fields beside it (an intersection, so both keep their named components).
 */
export const calculatorResultSchema = z.intersection(
  z.union([programEvaluationSchema, programComparisonSchema]),
  z.object(calculatorSourceFields).meta({ id: 'CalculatorProfileSource' }),
);
