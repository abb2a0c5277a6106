import type { z } from '@hono/zod-openapi';
import { apiKeySchema, createApiKeyBody, createdApiKeySchema } from '../../contracts/auth.ts';
import { idParams, pageOf, pageQuery } from '../../contracts/common.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { createApiKey, listApiKeys, revokeApiKey, roles } from '../../services/access/index.ts';
import { defineRoute } from './define-route.ts';
import { apiKeyJson } from './json.ts';
import { decodeCursor, encodeCursor, isIdKey } from './pagination.ts';

const KEY_ROLES = roles.filter((role) => role !== 'enterprise-member');

/** API keys of the caller's tenant: created (secret shown once), listed, revoked. */
export const createApiKeyRoute = defineRoute({
  method: 'post',
  path: '/api/v1/api-keys',
  summary: 'Create an API key (the secret is shown once)',
  description:
    'The key belongs to the caller’s tenant and acts with the caller’s roles, limited to its scopes.',
  tags: ['api-keys'],
  access: { roles: KEY_ROLES, tenant: 'own' },
  // The response carries the secret, which must exist only in this one response: storing it
  // for replays would keep a usable secret in the database.
  idempotency: 'none',
  request: { body: createApiKeyBody },
  responses: { 201: { description: 'created; copy the secret now', schema: createdApiKeySchema } },
  handler: async (c, auth, { body }) => {
    if (auth.via === 'apiKey') {
      throw new DomainError('FORBIDDEN', 'API keys are created from a signed-in session');
    }
    const db = c.get('db');
    const created = await db.transaction((tx) =>
      createApiKey({
        sql: tx,
        auth,
        name: body.name,
        scopes: body.scopes,
        expiresAt: body.expiresAt ? new Date(body.expiresAt) : null,
        requestId: c.get('requestId'),
        now: c.get('now'),
      }),
    );
    const json = { apiKey: apiKeyJson(created.apiKey), secret: created.secret };
    return c.json(json satisfies z.output<typeof createdApiKeySchema>, 201);
  },
});

export const listApiKeysRoute = defineRoute({
  method: 'get',
  path: '/api/v1/api-keys',
  summary: 'API keys of your tenant',
  tags: ['api-keys'],
  access: { roles: KEY_ROLES, tenant: 'own' },
  request: { query: pageQuery },
  responses: { 200: { description: 'one page of keys', schema: pageOf(apiKeySchema) } },
  handler: async (c, auth, { query }) => {
    const after = decodeCursor(query.cursor, isIdKey);
    const page = await listApiKeys({
      sql: c.get('db'),
      tenantId: auth.tenantId,
      afterId: after?.id,
      limit: query.limit,
    });
    const last = page.apiKeys.at(-1);
    return c.json(
      {
        items: page.apiKeys.map(apiKeyJson),
        nextCursor: page.hasMore && last ? encodeCursor({ id: last.id }) : null,
      },
      200,
    );
  },
});

export const revokeApiKeyRoute = defineRoute({
  method: 'delete',
  path: '/api/v1/api-keys/{id}',
  summary: 'Revoke an API key of your tenant',
  tags: ['api-keys'],
  access: { roles: KEY_ROLES, tenant: 'own' },
  request: { params: idParams },
  responses: { 200: { description: 'revoked', schema: apiKeySchema } },
  handler: async (c, auth, { params }) => {
    const apiKey = await revokeApiKey({
      db: c.get('db'),
      auth,
      id: params.id,
      requestId: c.get('requestId'),
      now: c.get('now'),
    });
    return c.json(apiKeyJson(apiKey), 200);
  },
});
