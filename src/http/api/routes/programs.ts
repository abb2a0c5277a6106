import { z } from '@hono/zod-openapi';
import {
  calculatorBodySchema,
  calculatorResultSchema,
} from '../../../contracts/calculator-caller.ts';
import { toJsonValue } from '../../../contracts/program-evaluation.ts';
import {
  programDateQuery,
  programDetailSchema,
  programIdParams,
  programSummarySchema,
  publishVersionBody,
  publishVersionResultSchema,
} from '../../../contracts/program-api.ts';
import {
  getProgram,
  listPrograms,
  publishProgramVersion,
} from '../../../services/programs/index.ts';
import { shanghaiDayOf } from '../../../domain/shared/calendar.ts';
import { defineRoute } from '../define-route.ts';
import { actorOf } from './parties-actor.ts';
import { calculateForCaller } from './programs-calculator.ts';
import { getBudgetLeftRoute } from './programs-budget-left.ts';

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
      // Today in Asia/Shanghai by default.
      date: query.date ?? shanghaiDayOf(c.get('now')),
    });
    const json = toJsonValue({ items }) satisfies {
      items: z.output<typeof programSummarySchema>[];
    };
    return c.json(json, 200);
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
    return c.json(toJsonValue(program) satisfies z.output<typeof programDetailSchema>, 200);
  },
});

export const calculateSubsidyRoute = defineRoute({
  method: 'post',
  path: '/api/v1/programs/calculate',
  summary: 'Subsidy calculator: one program, or every program in force ranked and stacked',
  description:
    'With `programId`: that program’s subsidy and trace. Without: every program in force on the date, each alone (ranked) and all stacked. Amounts are fen as decimal strings. Public; called signed in as an enterprise (session cookie with its CSRF header, or an API key with the read scope), it uses that enterprise’s registered profile and its year-to-date figures in each program’s fiscal year instead of `enterprise` and `yearToDate` of the body, and answers `profileSource: "session"` with the figures used in `fromSession`; otherwise `profileSource: "body"` and `enterprise` is required.',
  tags: ['programs'],
  access: 'public',
  request: { body: calculatorBodySchema },
  responses: {
    200: {
      description: 'the evaluation',
      schema: calculatorResultSchema,
    },
  },
  // A pure calculation that changes nothing: replaying it is the same as recomputing it.
  idempotency: 'none',
  handler: async (c, _auth, { body }) => c.json(await calculateForCaller(c, body), 200),
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
    const json = result satisfies z.output<typeof publishVersionResultSchema>;
    return c.json(json, result.status === 'published' ? 201 : 200);
  },
});

/** Routes of the programs module. */
export const programsRoutes = [
  listProgramsRoute,
  calculateSubsidyRoute,
  publishProgramVersionRoute,
  getProgramRoute,
  getBudgetLeftRoute,
];
