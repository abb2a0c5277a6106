import { z } from '@hono/zod-openapi';
import {
  acceleratorBody,
  acceleratorParams,
  acceleratorSchema,
  createOfferBody,
  offerListQuery,
  offerSchema,
  updateOfferBody,
} from '../../../contracts/exchange.ts';
import { idParams } from '../../../contracts/common.ts';
import {
  createOffer,
  listAccelerators,
  listOffers,
  updateAccelerator,
  updateOffer,
  withdrawOffer,
  offerListing,
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
    return c.json(offerJson(await offerListing(db, offer, c.get('now'))), 201);
  },
});

export const updateOfferRoute = defineRoute({
  method: 'patch',
  path: '/api/v1/exchange/offers/{id}',
  summary: 'Change an open offer’s price, card count or window for the part not yet ordered',
  description:
    'Orders keep their price and cards. No hour may end with fewer cards than its orders hold (409 OFFER_CAPACITY_HELD, naming the hour); a withdrawn offer is 409 INVALID_STATE_TRANSITION.',
  tags,
  access: { action: 'offer.update' },
  request: { params: idParams, body: updateOfferBody },
  responses: { 200: { description: 'the offer as changed', schema: offerSchema } },
  handler: async (c, auth, { params, body }) => {
    const db = c.get('db');
    const offer = await updateOffer({
      db,
      actor: auth,
      offerId: params.id,
      changes: {
        pricePerCardHourFen: body.pricePerCardHourFen,
        cardCount: body.cardCount,
        window: body.window === undefined ? undefined : windowOf(body.window),
      },
      now: c.get('now'),
    });
    return c.json(offerJson(await offerListing(db, offer, c.get('now'))), 200);
  },
});

export const withdrawOfferRoute = defineRoute({
  method: 'post',
  path: '/api/v1/exchange/offers/{id}/withdraw',
  summary: 'Withdraw an open offer: no longer listed, bought or matched; its orders stay',
  tags,
  access: { action: 'offer.withdraw' },
  request: { params: idParams },
  responses: { 200: { description: 'the withdrawn offer', schema: offerSchema } },
  handler: async (c, auth, { params }) => {
    const db = c.get('db');
    const offer = await withdrawOffer({ db, actor: auth, offerId: params.id, now: c.get('now') });
    return c.json(offerJson(await offerListing(db, offer, c.get('now'))), 200);
  },
});

export const exchangeCatalogRoutes = [
  listAcceleratorsRoute,
  updateAcceleratorRoute,
  listOffersRoute,
  createOfferRoute,
  updateOfferRoute,
  withdrawOfferRoute,
];
