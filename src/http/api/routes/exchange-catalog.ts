import { z } from '@hono/zod-openapi';
import {
  acceleratorBody,
  acceleratorParams,
  acceleratorSchema,
  createOfferBody,
  offerListQuery,
  offerSchema,
} from '../../../contracts/exchange.ts';
import {
  createOffer,
  listAccelerators,
  listOffers,
  pricePerScuFen,
  updateAccelerator,
} from '../../../services/exchange/index.ts';
import { defineRoute } from '../define-route.ts';
import { decodeCursor, encodeCursor, isIdKey } from '../pagination.ts';
import { acceleratorJson, offerJson, windowOf } from './exchange-json.ts';

const tags = ['exchange'];

export const listAcceleratorsRoute = defineRoute({
  method: 'get',
  path: '/api/v1/exchange/accelerators',
  summary: 'The accelerator catalog: origin, memory, dense FP16 TFLOPS, power',
  tags,
  access: 'public',
  responses: {
    200: {
      description: 'every accelerator',
      schema: z.object({ items: z.array(acceleratorSchema) }),
    },
  },
  handler: async (c) => {
    const items = await listAccelerators({ sql: c.get('db') });
    return c.json({ items: items.map(acceleratorJson) }, 200);
  },
});

export const updateAcceleratorRoute = defineRoute({
  method: 'put',
  path: '/api/v1/exchange/accelerators/{id}',
  summary: 'Add or change an accelerator of the catalog',
  tags,
  access: { action: 'accelerator.update' },
  request: { params: acceleratorParams, body: acceleratorBody },
  responses: { 200: { description: 'the accelerator', schema: acceleratorSchema } },
  handler: async (c, auth, { params, body }) => {
    const accelerator = await updateAccelerator({
      db: c.get('db'),
      actor: auth,
      accelerator: { ...body, id: params.id },
      now: c.get('now'),
    });
    return c.json(acceleratorJson(accelerator), 200);
  },
});

export const listOffersRoute = defineRoute({
  method: 'get',
  path: '/api/v1/exchange/offers',
  summary: 'Open offers with their price per card-hour and per SCU and the cards still free',
  tags,
  access: { action: 'offer.list' },
  request: { query: offerListQuery },
  responses: {
    200: {
      description: 'one page of offers',
      schema: z.object({ items: z.array(offerSchema), nextCursor: z.string().nullable() }),
    },
  },
  handler: async (c, auth, { query }) => {
    const page = await listOffers({
      sql: c.get('db'),
      actor: auth,
      acceleratorId: query.acceleratorId,
      origin: query.origin,
      regionCode: query.regionCode,
      providerId: query.providerId,
      afterId: query.cursor === undefined ? undefined : decodeCursor(query.cursor, isIdKey)?.id,
      limit: query.limit,
      now: c.get('now'),
    });
    const nextCursor = page.nextAfterId === null ? null : encodeCursor({ id: page.nextAfterId });
    return c.json({ items: page.items.map(offerJson), nextCursor }, 200);
  },
});

export const createOfferRoute = defineRoute({
  method: 'post',
  path: '/api/v1/exchange/offers',
  summary: 'List compute capacity: accelerator, cards, region, PUE, green share, price, window',
  tags,
  access: { action: 'offer.create' },
  request: { body: createOfferBody },
  responses: { 201: { description: 'the offer', schema: offerSchema } },
  handler: async (c, auth, { body }) => {
    const db = c.get('db');
    const offer = await createOffer({
      db,
      actor: auth,
      providerId: body.providerId,
      terms: { ...body, window: windowOf(body.window) },
      now: c.get('now'),
    });
    const accelerator = (await listAccelerators({ sql: db })).find(
      (item) => item.id === offer.acceleratorId,
    );
    if (accelerator === undefined) throw new Error('createOffer: offer of an unknown accelerator');
    const listing = {
      offer,
      accelerator,
      pricePerScuFen: pricePerScuFen(offer.pricePerCardHourFen, accelerator.fp16DenseTflops),
      cardsFreeMin: offer.cardCount,
    };
    return c.json(offerJson(listing), 201);
  },
});

export const exchangeCatalogRoutes = [
  listAcceleratorsRoute,
  updateAcceleratorRoute,
  listOffersRoute,
  createOfferRoute,
];
