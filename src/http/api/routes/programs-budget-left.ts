import type { z } from '@hono/zod-openapi';
import { budgetLeftSchema, programIdParams } from '../../../contracts/program-api.ts';
import { getBudgetLeft } from '../../../services/vouchers/index.ts';
import { defineRoute } from '../define-route.ts';

/**
 * The public catalog's "budget left": funded and remaining of a program's budget, from the
 * ledger. Public, like the program itself; nothing about any enterprise.
 */
export const getBudgetLeftRoute = defineRoute({
  method: 'get',
  path: '/api/v1/programs/{id}/budget-left',
  summary: 'What the program’s budget has left (public)',
  description:
    'Funded by the treasury and still free for new grants (the budget account’s available balance), in fen. `opened: false` (and zeros) until the program is opened for vouchers. The operator’s full budget view is `GET /api/v1/programs/{id}/budget`.',
  tags: ['programs'],
  access: 'public',
  request: { params: programIdParams },
  responses: { 200: { description: 'the budget left', schema: budgetLeftSchema } },
  handler: async (c, _auth, { params }) => {
    const left = await getBudgetLeft({ sql: c.get('db'), programId: params.id });
    return c.json(
      {
        ...left,
        fundedFen: left.fundedFen.toString(),
        remainingFen: left.remainingFen.toString(),
      } satisfies z.output<typeof budgetLeftSchema>,
      200,
    );
  },
});
