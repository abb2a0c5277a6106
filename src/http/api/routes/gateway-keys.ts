import { idParams, pageOf, pageQuery } from '../../../contracts/common.ts';
import {
  createdGatewayKeySchema,
  createGatewayKeyBody,
  gatewayKeySchema,
} from '../../../contracts/gateway-keys.ts';
import {
  createGatewayKey,
  listGatewayKeys,
  revokeGatewayKey,
} from '../../../services/gateway/keys/index.ts';
import { defineRoute } from '../define-route.ts';
import { decodeCursor, encodeCursor, isIdKey } from '../pagination.ts';
import { gatewayKeyJson } from './gateway-json.ts';

/** Gateway API keys (`sk-suanli-…`): an enterprise admin manages its enterprise's. */
export const createGatewayKeyRoute = defineRoute({
  method: 'post',
  path: '/api/v1/gateway/keys',
  summary: 'Create a gateway API key of your enterprise (the secret is shown once)',
  description:
    'For `/v1` (OpenAI-compatible). Optionally for one project of the enterprise, with requests and tokens per minute and spend limits per day and month (Asia/Shanghai).',
  tags: ['gateway'],
  access: { action: 'gatewayKey.create' },
  // The response carries the secret, which must exist only in this one response: storing it
  // for replays would keep a usable secret in the database.
  idempotency: 'none',
  request: { body: createGatewayKeyBody },
  responses: {
    201: { description: 'created; copy the secret now', schema: createdGatewayKeySchema },
  },
  handler: async (c, auth, { body }) => {
    const created = await createGatewayKey({
      db: c.get('db'),
      actor: auth,
      input: body,
      now: c.get('now'),
    });
    return c.json({ gatewayKey: gatewayKeyJson(created.gatewayKey), secret: created.secret }, 201);
  },
});

export const listGatewayKeysRoute = defineRoute({
  method: 'get',
  path: '/api/v1/gateway/keys',
  summary: 'Your enterprise’s gateway API keys',
  tags: ['gateway'],
  access: { action: 'gatewayKey.list' },
  request: { query: pageQuery },
  responses: { 200: { description: 'one page of keys', schema: pageOf(gatewayKeySchema) } },
  handler: async (c, auth, { query }) => {
    const page = await listGatewayKeys({
      sql: c.get('db'),
      actor: auth,
      afterId: decodeCursor(query.cursor, isIdKey)?.id,
      limit: query.limit,
    });
    const last = page.keys.at(-1);
    return c.json(
      {
        items: page.keys.map(gatewayKeyJson),
        nextCursor: page.hasMore && last ? encodeCursor({ id: last.id }) : null,
      },
      200,
    );
  },
});

export const revokeGatewayKeyRoute = defineRoute({
  method: 'delete',
  path: '/api/v1/gateway/keys/{id}',
  summary: 'Revoke a gateway API key of your enterprise',
  description: 'Every gateway process refuses it within 5 seconds (their key caches turn over).',
  tags: ['gateway'],
  access: { action: 'gatewayKey.revoke' },
  request: { params: idParams },
  responses: { 200: { description: 'revoked', schema: gatewayKeySchema } },
  handler: async (c, auth, { params }) => {
    const key = await revokeGatewayKey({
      db: c.get('db'),
      actor: auth,
      id: params.id,
      now: c.get('now'),
    });
    return c.json(gatewayKeyJson(key), 200);
  },
});

export const gatewayRoutes = [createGatewayKeyRoute, listGatewayKeysRoute, revokeGatewayKeyRoute];
