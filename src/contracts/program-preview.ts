import { z } from 'zod';
import { programEvaluationSchema, publishVersionBody } from './program-api.ts';
import {
  enterpriseProfileSchema,
  purchaseLineSchema,
  yearToDateSchema,
} from './program-evaluation.ts';

/**
 * The program editor's preview (`POST /api/v1/programs/versions/preview`): a draft file checked
 * as publishing would check it, its changes against the version in force, and its trace on
 * sample purchases. Shared with the web console.
 */

export const previewSampleSchema = z.strictObject({
  label: z.string().min(1).max(200).optional(),
  enterprise: enterpriseProfileSchema,
  purchase: purchaseLineSchema,
  yearToDate: yearToDateSchema.optional(),
});

export const previewProgramBody = z
  .strictObject({
    yaml: publishVersionBody.shape.yaml,
    samples: z.array(previewSampleSchema).max(20).default([]),
  })
  .meta({ id: 'PreviewProgramVersionRequest' });

export const programPreviewSchema = z
  .object({
    programId: z.string(),
    version: z.number().int(),
    /** What `POST /programs/versions` would do with the file now, and the code it would refuse with. */
    publish: z.object({
      status: z.enum(['ready', 'exists', 'refused']),
      code: z.string().nullable(),
      message: z.string(),
    }),
    /** The version compared with: in force today, else the latest; null for a new program. */
    against: z.object({ version: z.number().int(), inForce: z.boolean() }).nullable(),
    /** Changed rules by dotted path (`rates.0.rateBps`). */
    changes: z.array(
      z.object({
        path: z.string(),
        kind: z.enum(['added', 'removed', 'changed']),
        before: z.unknown().optional(),
        after: z.unknown().optional(),
      }),
    ),
    changesTruncated: z.boolean(),
    /** The file line by line against the compared version's; null past 1,000 changed lines. */
    lines: z.array(z.object({ op: z.enum([' ', '-', '+']), text: z.string() })).nullable(),
    samples: z.array(
      z.object({
        label: z.string().nullable(),
        evaluation: programEvaluationSchema.nullable(),
        error: z.object({ code: z.string(), message: z.string() }).nullable(),
      }),
    ),
  })
  .meta({ id: 'ProgramPreview' });
