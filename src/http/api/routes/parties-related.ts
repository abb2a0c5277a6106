import { z } from '@hono/zod-openapi';
import { idParams } from '../../../contracts/common.ts';
import {
  linkPartiesBody,
  partyPersonBody,
  partyPersonSchema,
  relatedPartiesSchema,
  relatedPartyLinkSchema,
} from '../../../contracts/parties.ts';
import {
  addPartyPerson,
  linkRelatedParties,
  listPartyPeople,
  listRelatedParties,
} from '../../../services/parties/index.ts';
import { defineRoute } from '../define-route.ts';
import { personJson } from './parties-json.ts';

/**
 * Related parties are operator business: they name other tenants' people and links, so
 * enterprises and providers do not see them.
 */
export const listRelatedPartiesRoute = defineRoute({
  method: 'get',
  path: '/api/v1/parties/{id}/related',
  summary: 'Parties related to an enterprise or provider, with reasons and evidence',
  tags: ['parties'],
  access: { action: 'relatedParty.list' },
  request: { params: idParams },
  responses: { 200: { description: 'related parties', schema: relatedPartiesSchema } },
  handler: async (c, auth, { params }) => {
    const items = await listRelatedParties({
      sql: c.get('db'),
      actor: auth,
      partyId: params.id,
    });
    return c.json(
      { partyId: params.id, items } satisfies z.output<typeof relatedPartiesSchema>,
      200,
    );
  },
});

export const linkRelatedPartiesRoute = defineRoute({
  method: 'post',
  path: '/api/v1/related-party-links',
  summary: 'Declare two parties related (operator-admin)',
  description: 'Declaring an existing pair again returns the first link with 200.',
  tags: ['parties'],
  access: { action: 'relatedParty.link' },
  request: { body: linkPartiesBody },
  responses: {
    201: { description: 'linked', schema: relatedPartyLinkSchema },
    200: { description: 'the pair was linked already', schema: relatedPartyLinkSchema },
  },
  handler: async (c, auth, { body }) => {
    const { link, created } = await linkRelatedParties({
      sql: c.get('db'),
      partyAId: body.partyAId,
      partyBId: body.partyBId,
      reason: body.reason,
      actor: auth,
      requestId: c.get('requestId'),
      now: c.get('now'),
    });
    return c.json(
      {
        ...link,
        createdAt: link.createdAt.toISOString(),
        created,
      } satisfies z.output<typeof relatedPartyLinkSchema>,
      created ? 201 : 200,
    );
  },
});

export const addPartyPersonRoute = defineRoute({
  method: 'post',
  path: '/api/v1/parties/{id}/people',
  summary: 'Record a legal representative, shareholder or contact of a party (operator-admin)',
  tags: ['parties'],
  access: { action: 'partyPerson.add' },
  request: { params: idParams, body: partyPersonBody },
  responses: { 201: { description: 'recorded', schema: partyPersonSchema } },
  handler: async (c, auth, { params, body }) => {
    const person = await addPartyPerson({
      sql: c.get('db'),
      partyId: params.id,
      person: body,
      actor: auth,
      requestId: c.get('requestId'),
      now: c.get('now'),
    });
    return c.json(personJson(person), 201);
  },
});

export const listPartyPeopleRoute = defineRoute({
  method: 'get',
  path: '/api/v1/parties/{id}/people',
  summary: 'The people recorded for a party (operator staff)',
  tags: ['parties'],
  access: { action: 'partyPerson.list' },
  request: { params: idParams },
  responses: {
    200: { description: 'people', schema: z.object({ items: z.array(partyPersonSchema) }) },
  },
  handler: async (c, auth, { params }) => {
    const people = await listPartyPeople({ sql: c.get('db'), actor: auth, partyId: params.id });
    return c.json({ items: people.map(personJson) }, 200);
  },
});
