import { idParams, pageOf } from '../../../contracts/common.ts';
import {
  createGatewayModelBody,
  gatewayModelSchema,
  listGatewayModelsQuery,
  updateGatewayModelBody,
} from '../../../contracts/gateway-catalog.ts';
import { gatewaySecretBoxOf } from '../../../gateway/secret-box-of.ts';
import {
  createGatewayModel,
  getGatewayModel,
  listGatewayModels,
  updateGatewayModel,
} from '../../../services/gateway/catalog/index.ts';
import type { ApiContext } from '../api-env.ts';
import { defineRoute } from '../define-route.ts';
import { decodeCursor, encodeCursor, isIdKey } from '../pagination.ts';
import { gatewayModelJson } from './gateway-json.ts';

/**
 * The MaaS model catalog (docs/gateway.md): an operator admin manages every provider's
 * offerings, a provider admin its own; operator staff and the provider read them with their
 * upstreams and health. Enterprises see the models through `GET /v1/models`.
 */
const secretBoxOf = (c: ApiContext) => gatewaySecretBoxOf(c.get('config'), c.get('logger'));

export const createGatewayModelRoute = defineRoute({
  method: 'post',
  path: '/api/v1/gateway/models',
  summary: 'Add a model offering to the MaaS catalog',
  description:
    'One upstream (OpenAI-compatible base URL and model name) of a public model id, with its prices in fen per million tokens. The upstream API key is stored encrypted and never shown again. A provider admin adds offerings of its own provider only.',
  tags: ['gateway'],
  access: { action: 'gatewayModel.create' },
  request: { body: createGatewayModelBody },
  responses: { 201: { description: 'added', schema: gatewayModelSchema } },
  handler: async (c, auth, { body }) => {
    const model = await createGatewayModel({
      db: c.get('db'),
      actor: auth,
      input: body,
      secretBox: secretBoxOf(c),
      now: c.get('now'),
    });
    return c.json(gatewayModelJson(model), 201);
  },
});

export const listGatewayModelsRoute = defineRoute({
  method: 'get',
  path: '/api/v1/gateway/models',
  summary: 'List the MaaS catalog with upstreams and health',
  tags: ['gateway'],
  access: { action: 'gatewayModel.list' },
  request: { query: listGatewayModelsQuery },
  responses: { 200: { description: 'one page of offerings', schema: pageOf(gatewayModelSchema) } },
  handler: async (c, auth, { query }) => {
    const page = await listGatewayModels({
      sql: c.get('db'),
      actor: auth,
      providerId: query.providerId,
      afterId: decodeCursor(query.cursor, isIdKey)?.id,
      limit: query.limit,
    });
    const last = page.models.at(-1);
    return c.json(
      {
        items: page.models.map(gatewayModelJson),
        nextCursor: page.hasMore && last ? encodeCursor({ id: last.id }) : null,
      },
      200,
    );
  },
});

export const getGatewayModelRoute = defineRoute({
  method: 'get',
  path: '/api/v1/gateway/models/{id}',
  summary: 'One MaaS catalog offering',
  tags: ['gateway'],
  access: { action: 'gatewayModel.read' },
  request: { params: idParams },
  responses: { 200: { description: 'the offering', schema: gatewayModelSchema } },
  handler: async (c, auth, { params }) => {
    const model = await getGatewayModel({ sql: c.get('db'), actor: auth, id: params.id });
    return c.json(gatewayModelJson(model), 200);
  },
});

export const updateGatewayModelRoute = defineRoute({
  method: 'patch',
  path: '/api/v1/gateway/models/{id}',
  summary: 'Change or disable a MaaS catalog offering',
  description:
    'Prices, limits, upstream, filing, route order, or `status: disabled` (out of routing within seconds). `upstreamApiKey: null` removes the stored key.',
  tags: ['gateway'],
  access: { action: 'gatewayModel.update' },
  request: { params: idParams, body: updateGatewayModelBody },
  responses: { 200: { description: 'changed', schema: gatewayModelSchema } },
  handler: async (c, auth, { params, body }) => {
    const model = await updateGatewayModel({
      db: c.get('db'),
      actor: auth,
      id: params.id,
      input: body,
      secretBox: secretBoxOf(c),
      now: c.get('now'),
    });
    return c.json(gatewayModelJson(model), 200);
  },
});

export const gatewayCatalogRoutes = [
  createGatewayModelRoute,
  listGatewayModelsRoute,
  getGatewayModelRoute,
  updateGatewayModelRoute,
];
