import { z } from '@hono/zod-openapi';
import { pageOf, pageQuery } from '../../contracts/common.ts';
import { listLoginAttempts, listScope } from '../../services/access/index.ts';
import { defineRoute } from './define-route.ts';
import { decodeCursor, encodeCursor, isIdKey } from './pagination.ts';

const loginAttemptSchema = z
  .object({
    id: z.uuid(),
    attemptedAt: z.string(),
    email: z.string(),
    userId: z.string().nullable(),
    tenantId: z.string().nullable(),
    clientAddress: z.string(),
    reason: z.enum(['unknown_email', 'wrong_password', 'user_disabled']),
    throttleSeconds: z.int().min(0).openapi({
      description:
        'The wait this failure imposed on the next try of this email from this address (0: none yet)',
    }),
    ceiling: z.enum(['account', 'address']).nullable().openapi({
      description:
        'The ceiling this failure filled: 100 failures of the email in 24 h, or of the address in 15 min; unknown addresses then wait for the window to end',
    }),
    requestId: z.string().nullable(),
  })
  .openapi('LoginAttempt');

const loginAttemptQuery = pageQuery.extend({
  tenantId: z
    .uuid()
    .optional()
    .openapi({ param: { name: 'tenantId', in: 'query' } }),
  email: z
    .string()
    .min(1)
    .max(320)
    .optional()
    .openapi({ param: { name: 'email', in: 'query' } }),
});

/**
 * Failed sign-ins and the throttling each started, newest first. Operator staff (auditors first of all) see every attempt, also
 * against emails no user has, like the audit log; tenant admins see those against their own
 * users.
 */
export const listLoginAttemptsRoute = defineRoute({
  method: 'get',
  path: '/api/v1/login-attempts',
  summary:
    'Failed sign-ins: email tried, user, client address, reason and throttling started (no passwords)',
  tags: ['audit'],
  access: { action: 'loginAttempt.list' },
  request: { query: loginAttemptQuery },
  responses: {
    200: { description: 'one page of failed sign-ins', schema: pageOf(loginAttemptSchema) },
  },
  handler: async (c, auth, { query }) => {
    const { tenantId } = listScope(auth, 'loginAttempt.list', query.tenantId);
    const page = await listLoginAttempts({
      sql: c.get('db'),
      tenantId,
      email: query.email,
      beforeId: decodeCursor(query.cursor, isIdKey)?.id,
      limit: query.limit,
    });
    return c.json(
      {
        items: page.items.map((attempt) => ({
          ...attempt,
          attemptedAt: attempt.attemptedAt.toISOString(),
        })) satisfies z.output<typeof loginAttemptSchema>[],
        nextCursor: page.nextBeforeId === null ? null : encodeCursor({ id: page.nextBeforeId }),
      },
      200,
    );
  },
});
