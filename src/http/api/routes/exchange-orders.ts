import { z } from '@hono/zod-openapi';
import { idParams } from '../../../contracts/common.ts';
import {
  buyNowBody,
  computeRequestSchema,
  createRequestBody,
  orderListQuery,
  orderSchema,
  requestListQuery,
} from '../../../contracts/exchange.ts';
import { buyNowQuoteSchema, cancellationQuoteSchema } from '../../../contracts/exchange-quote.ts';
import {
  buyNow,
  cancelComputeRequest,
  cancelOrder,
  createComputeRequest,
  getOrder,
  listComputeRequests,
  listOrders,
  quoteBuyNow,
  quoteCancellation,
} from '../../../services/exchange/index.ts';
import { defineRoute } from '../define-route.ts';
import {
  buyNowQuoteJson,
  cancellationQuoteJson,
  orderJson,
  requestJson,
  windowOf,
} from './exchange-json.ts';

const tags = ['exchange'];

export const buyNowRoute = defineRoute({
  method: 'post',
  path: '/api/v1/exchange/offers/{id}/buy',
  summary: 'Buy cards of an offer for a window at once, with the subsidy of the named grant',
  tags,
  access: { action: 'order.buy' },
  request: { params: idParams, body: buyNowBody },
  responses: { 201: { description: 'the order (the contract)', schema: orderSchema } },
  handler: async (c, auth, { params, body }) => {
    const order = await buyNow({
      db: c.get('db'),
      actor: auth,
      enterpriseId: body.enterpriseId,
      offerId: params.id,
      cards: body.cards,
      window: windowOf(body.window),
      grantId: body.grantId,
      expected: body.expected,
      now: c.get('now'),
    });
    return c.json(orderJson(order), 201);
  },
});

export const quoteBuyNowRoute = defineRoute({
  method: 'post',
  path: '/api/v1/exchange/offers/{id}/quote',
  summary:
    'What a buy-now would be now — amount, subsidy, what the enterprise pays, the rate and the policy trace — or its refusal; writes nothing',
  tags,
  access: { action: 'order.quote' },
  // Reads only: nothing to replay.
  idempotency: 'none',
  request: { params: idParams, body: buyNowBody },
  responses: { 200: { description: 'the quote', schema: buyNowQuoteSchema } },
  handler: async (c, auth, { params, body }) => {
    const quote = await quoteBuyNow({
      db: c.get('db'),
      actor: auth,
      enterpriseId: body.enterpriseId,
      offerId: params.id,
      cards: body.cards,
      window: windowOf(body.window),
      grantId: body.grantId,
      now: c.get('now'),
    });
    return c.json(buyNowQuoteJson(quote), 200);
  },
});

export const listOrdersRoute = defineRoute({
  method: 'get',
  path: '/api/v1/exchange/orders',
  summary: 'Exchange orders (enterprises and providers: their own; operator staff: all)',
  tags,
  access: { action: 'order.list' },
  request: { query: orderListQuery },
  responses: {
    200: {
      description: 'the orders, newest first',
      schema: z.object({ items: z.array(orderSchema) }),
    },
  },
  handler: async (c, auth, { query }) => {
    const orders = await listOrders({
      sql: c.get('db'),
      actor: auth,
      state: query.state,
      limit: query.limit,
    });
    return c.json({ items: orders.map(orderJson) }, 200);
  },
});

export const getOrderRoute = defineRoute({
  method: 'get',
  path: '/api/v1/exchange/orders/{id}',
  summary: 'One exchange order with its subsidy, policy trace and settled totals',
  tags,
  access: { action: 'order.read' },
  request: { params: idParams },
  responses: { 200: { description: 'the order', schema: orderSchema } },
  handler: async (c, auth, { params }) => {
    const order = await getOrder({ sql: c.get('db'), actor: auth, orderId: params.id });
    return c.json(orderJson(order), 200);
  },
});

export const cancelOrderRoute = defineRoute({
  method: 'post',
  path: '/api/v1/exchange/orders/{id}/cancel',
  summary:
    'Cancel an order: before it starts everything is released; after, it ends at the next hour',
  tags,
  access: { action: 'order.cancel' },
  request: { params: idParams },
  responses: { 200: { description: 'the order as it stands', schema: orderSchema } },
  handler: async (c, auth, { params }) => {
    const order = await cancelOrder({
      db: c.get('db'),
      actor: auth,
      orderId: params.id,
      now: c.get('now'),
    });
    return c.json(orderJson(order), 200);
  },
});

export const quoteCancellationRoute = defineRoute({
  method: 'get',
  path: '/api/v1/exchange/orders/{id}/cancellation',
  summary:
    'What cancelling the order now would do — the rule that applies and its figures — or its refusal; the cancellation’s own rule',
  tags,
  access: { action: 'order.quoteCancel' },
  request: { params: idParams },
  responses: { 200: { description: 'the cancellation plan', schema: cancellationQuoteSchema } },
  handler: async (c, auth, { params }) => {
    const plan = await quoteCancellation({
      sql: c.get('db'),
      actor: auth,
      orderId: params.id,
      now: c.get('now'),
    });
    return c.json(cancellationQuoteJson(plan), 200);
  },
});

export const createRequestRoute = defineRoute({
  method: 'post',
  path: '/api/v1/exchange/requests',
  summary: 'Ask for compute (SCU or card-hours) and wait for the clearing run to match it',
  tags,
  access: { action: 'exchangeRequest.create' },
  request: { body: createRequestBody },
  responses: { 201: { description: 'the open request', schema: computeRequestSchema } },
  handler: async (c, auth, { body }) => {
    const request = await createComputeRequest({
      db: c.get('db'),
      actor: auth,
      enterpriseId: body.enterpriseId,
      grantId: body.grantId,
      terms: { ...body, window: windowOf(body.window) },
      now: c.get('now'),
    });
    return c.json(requestJson(request), 201);
  },
});

export const listRequestsRoute = defineRoute({
  method: 'get',
  path: '/api/v1/exchange/requests',
  summary: 'Compute requests (enterprises: their own; operator staff: all)',
  tags,
  access: { action: 'exchangeRequest.list' },
  request: { query: requestListQuery },
  responses: {
    200: {
      description: 'the requests, newest first',
      schema: z.object({ items: z.array(computeRequestSchema) }),
    },
  },
  handler: async (c, auth, { query }) => {
    const requests = await listComputeRequests({
      sql: c.get('db'),
      actor: auth,
      state: query.state,
      limit: query.limit,
    });
    return c.json({ items: requests.map(requestJson) }, 200);
  },
});

export const cancelRequestRoute = defineRoute({
  method: 'post',
  path: '/api/v1/exchange/requests/{id}/cancel',
  summary: 'Withdraw an open compute request: the clearing run no longer considers it',
  tags,
  access: { action: 'exchangeRequest.cancel' },
  request: { params: idParams },
  responses: { 200: { description: 'the cancelled request', schema: computeRequestSchema } },
  handler: async (c, auth, { params }) => {
    const request = await cancelComputeRequest({
      db: c.get('db'),
      actor: auth,
      requestId: params.id,
      now: c.get('now'),
    });
    return c.json(requestJson(request), 200);
  },
});

export const exchangeOrderRoutes = [
  buyNowRoute,
  quoteBuyNowRoute,
  listOrdersRoute,
  getOrderRoute,
  cancelOrderRoute,
  quoteCancellationRoute,
  createRequestRoute,
  listRequestsRoute,
  cancelRequestRoute,
];
