import type { z } from '@hono/zod-openapi';
import { apiKeySchema, createApiKeyBody, createdApiKeySchema } from '../../contracts/auth.ts';
import { idParams, pageOf, pageQuery } from '../../contracts/common.ts';
import { createApiKey, listApiKeys, revokeApiKey } from '../../services/access/index.ts';
import { defineRoute } from './define-route.ts';
import { apiKeyJson } from './json.ts';
import { decodeCursor, encodeCursor, isIdKey } from './pagination.ts';

/**
 * API keys: a person creates their own (secret shown once), lists and revokes their own; the
 * admins of a tenant (operator-admin, enterprise-admin, provider-admin) list and revoke all of
 * the tenant's. A key's scopes never exceed what its owner's roles may do.
 */
export const createApiKeyRoute = defineRoute({
  method: 'post',
  path: '/api/v1/api-keys',
  summary: 'Create an API key of your own (the secret is shown once)',
  description:
    'The key belongs to the caller and its tenant and acts with the caller’s roles, limited to its scopes. Scopes beyond what the caller’s roles may do (an auditor: `read` only; `gateway`: enterprise roles only) are 403 FORBIDDEN naming the scope; they are cut again whenever the key is used, so a key never outgrows its owner’s current roles.',
  tags: ['api-keys'],
  access: { action: 'apiKey.create' },
  // The response carries the secret, which must exist only in this one response: storing it
  // for replays would keep a usable secret in the database.
  idempotency: 'none',
  request: { body: createApiKeyBody },
  responses: { 201: { description: 'created; copy the secret now', schema: createdApiKeySchema } },
  handler: async (c, auth, { body }) => {
    const created = await c.get('db').transaction((tx) =>
      createApiKey({
        sql: tx,
        actor: auth,
        name: body.name,
        scopes: body.scopes,
        expiresAt: body.expiresAt ? new Date(body.expiresAt) : null,
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
  summary: 'API keys you manage: your own, or as an admin your tenant’s',
  tags: ['api-keys'],
  access: { action: 'apiKey.list' },
  request: { query: pageQuery },
  responses: { 200: { description: 'one page of keys', schema: pageOf(apiKeySchema) } },
  handler: async (c, auth, { query }) => {
    const after = decodeCursor(query.cursor, isIdKey);
    const page = await listApiKeys({
      sql: c.get('db'),
      actor: auth,
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
  summary: 'Revoke an API key: your own, or as an admin one of your tenant’s',
  description:
    'Anyone else’s key — another tenant’s, or as a reviewer or auditor a colleague’s — is 404 NOT_FOUND.',
  tags: ['api-keys'],
  access: { action: 'apiKey.revoke' },
  request: { params: idParams },
  responses: { 200: { description: 'revoked', schema: apiKeySchema } },
  handler: async (c, auth, { params }) => {
    const apiKey = await revokeApiKey({
      db: c.get('db'),
      actor: auth,
      id: params.id,
      now: c.get('now'),
    });
    return c.json(apiKeyJson(apiKey), 200);
  },
});
