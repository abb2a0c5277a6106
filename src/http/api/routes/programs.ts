import { z } from '@hono/zod-openapi';
import { calculateRequestSchema, toJsonValue } from '../../../contracts/program-evaluation.ts';
import {
  programComparisonSchema,
  programDateQuery,
  programDetailSchema,
  programEvaluationSchema,
  programIdParams,
  programSummarySchema,
  publishVersionBody,
  publishVersionResultSchema,
} from '../../../contracts/program-api.ts';
import {
  calculateSubsidy,
  comparePrograms,
  getProgram,
  listPrograms,
  publishProgramVersion,
} from '../../../services/programs/index.ts';
import { defineRoute } from '../define-route.ts';
import { actorOf } from './parties-actor.ts';

/** Today in Asia/Shanghai (UTC+8, no daylight saving), the default date of program queries. */
function shanghaiToday(now: Date): string {
  return new Date(now.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

/** Programs are public information: anyone may read them and try the calculator. */
export const listProgramsRoute = defineRoute({
  method: 'get',
  path: '/api/v1/programs',
  summary: 'List subsidy programs with the version in force',
  tags: ['programs'],
  access: 'public',
  request: { query: programDateQuery },
  responses: {
    200: {
      description: 'every program',
      schema: z.object({ items: z.array(programSummarySchema) }),
    },
  },
  handler: async (c, _auth, { query }) => {
    const items = await listPrograms({
      sql: c.get('db'),
      date: query.date ?? shanghaiToday(c.get('now')),
    });
    return c.json(toJsonValue({ items }) as object, 200);
  },
});

export const getProgramRoute = defineRoute({
  method: 'get',
  path: '/api/v1/programs/{id}',
  summary: 'One program with every published version (definition and YAML)',
  tags: ['programs'],
  access: 'public',
  request: { params: programIdParams },
  responses: { 200: { description: 'the program', schema: programDetailSchema } },
  handler: async (c, _auth, { params }) => {
    const program = await getProgram({ sql: c.get('db'), programId: params.id });
    return c.json(toJsonValue(program) as object, 200);
  },
});

export const calculateSubsidyRoute = defineRoute({
  method: 'post',
  path: '/api/v1/programs/calculate',
  summary: 'Subsidy calculator: one program, or every program in force ranked and stacked',
  description:
    'With `programId`: that program’s subsidy and trace. Without: every program in force on the date, each alone (ranked) and all stacked. Amounts are fen as decimal strings.',
  tags: ['programs'],
  access: 'public',
  request: { body: calculateRequestSchema },
  responses: {
    200: {
      description: 'the evaluation',
      schema: z.union([programEvaluationSchema, programComparisonSchema]),
    },
  },
  // A pure calculation that changes nothing: replaying it is the same as recomputing it.
  idempotency: 'none',
  handler: async (c, _auth, { body }) => {
    const source = { sql: c.get('db') };
    const common = {
      source,
      enterprise: body.enterprise,
      purchase: body.purchase,
      ...(body.otherSubsidies ? { otherSubsidies: body.otherSubsidies } : {}),
      ...(body.date ? { date: body.date } : {}),
    };
    if (body.programId !== undefined) {
      const yearToDate = body.yearToDate?.[body.programId];
      const result = await calculateSubsidy({
        ...common,
        programId: body.programId,
        ...(yearToDate ? { yearToDate } : {}),
      });
      return c.json(toJsonValue(result) as object, 200);
    }
    const comparison = await comparePrograms({
      ...common,
      ...(body.yearToDate ? { yearToDate: body.yearToDate } : {}),
    });
    return c.json(toJsonValue(comparison) as object, 200);
  },
});

export const publishProgramVersionRoute = defineRoute({
  method: 'post',
  path: '/api/v1/programs/versions',
  summary: 'Publish a new immutable program version from its YAML file',
  description:
    'A malformed file publishes nothing: 422 PROGRAM_INVALID with every problem (path, line, column). The same id and version with other content: 409 PROGRAM_VERSION_IMMUTABLE. A program of another operator tenant (its vouchers were opened under that tenant, or that tenant’s staff published its latest version): 403 FORBIDDEN.',
  tags: ['programs'],
  access: { action: 'program.publish' },
  request: { body: publishVersionBody },
  responses: {
    201: { description: 'published', schema: publishVersionResultSchema },
    200: {
      description: 'this exact file was published before',
      schema: publishVersionResultSchema,
    },
  },
  handler: async (c, auth, { body }) => {
    const result = await publishProgramVersion({
      sql: c.get('db'),
      yamlText: body.yaml,
      publishedBy: auth.userId,
      now: c.get('now'),
      actor: actorOf(auth),
      requestId: c.get('requestId'),
      operatorTenantId: auth.tenantId,
    });
    return c.json(result, result.status === 'published' ? 201 : 200);
  },
});

/** Routes of the programs module. */
export const programsRoutes = [
  listProgramsRoute,
  calculateSubsidyRoute,
  publishProgramVersionRoute,
  getProgramRoute,
];
