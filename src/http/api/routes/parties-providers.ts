import { z } from '@hono/zod-openapi';
import { idParams, pageOf } from '../../../contracts/common.ts';
import {
  listProvidersQuery,
  providerSchema,
  registerProviderBody,
  signingKeyBody,
  signingKeyChallengeBody,
  signingKeyChallengeSchema,
  signingKeySchema,
} from '../../../contracts/parties.ts';
import {
  createSigningKeyChallenge,
  getProvider,
  listProviders,
  listProviderSigningKeys,
  registerProvider,
  registerProviderSigningKey,
  revokeProviderSigningKey,
} from '../../../services/parties/index.ts';
import { defineRoute } from '../define-route.ts';
import { decodeCursor, encodeCursor, isIdKey } from '../pagination.ts';
import { actorOf } from './parties-actor.ts';
import { providerJson, signingKeyJson } from './parties-json.ts';
import { authorize } from '../../../services/access/index.ts';

/** Providers are public to every signed-in user: enterprises choose among them. */
export const listProvidersRoute = defineRoute({
  method: 'get',
  path: '/api/v1/providers',
  summary: 'List providers',
  tags: ['parties'],
  access: { action: 'provider.list' },
  request: { query: listProvidersQuery },
  responses: { 200: { description: 'one page of providers', schema: pageOf(providerSchema) } },
  handler: async (c, auth, { query }) => {
    const page = await listProviders({
      sql: c.get('db'),
      actor: auth,
      limit: query.limit,
      afterId: decodeCursor(query.cursor, isIdKey)?.id,
      kind: query.kind,
    });
    const nextCursor = page.nextAfterId === null ? null : encodeCursor({ id: page.nextAfterId });
    return c.json({ items: page.items.map(providerJson), nextCursor }, 200);
  },
});

export const registerProviderRoute = defineRoute({
  method: 'post',
  path: '/api/v1/providers',
  summary: 'Register a provider (and its tenant)',
  description: 'Idempotent on the USCC like POST /enterprises.',
  tags: ['parties'],
  access: { action: 'provider.register' },
  request: { body: registerProviderBody },
  responses: {
    201: { description: 'registered', schema: providerSchema },
    200: { description: 'an identical provider existed', schema: providerSchema },
  },
  handler: async (c, auth, { body }) => {
    const { provider, created } = await registerProvider({
      sql: c.get('db'),
      input: body,
      actor: auth,
      requestId: c.get('requestId'),
      now: c.get('now'),
    });
    return c.json(providerJson(provider), created ? 201 : 200);
  },
});

export const getProviderRoute = defineRoute({
  method: 'get',
  path: '/api/v1/providers/{id}',
  summary: 'One provider',
  tags: ['parties'],
  access: { action: 'provider.read' },
  request: { params: idParams },
  responses: { 200: { description: 'the provider', schema: providerSchema } },
  handler: async (c, auth, { params }) => {
    const provider = await getProvider({ sql: c.get('db'), actor: auth, providerId: params.id });
    return c.json(providerJson(provider), 200);
  },
});

export const createSigningKeyChallengeRoute = defineRoute({
  method: 'post',
  path: '/api/v1/providers/{id}/signing-keys/challenges',
  summary: 'Get a challenge to prove possession of a signing key before registering it',
  description:
    'Step 1 of registering a key: sign `challenge` (its UTF-8 bytes) with the Ed25519 private key and send `challengeId` and the signature with the key to POST /providers/{id}/signing-keys within 10 minutes. Bound to this provider and this key; used once; at most 20 open per provider (429).',
  tags: ['parties'],
  access: { action: 'signingKey.register' },
  request: { params: idParams, body: signingKeyChallengeBody },
  responses: { 201: { description: 'the challenge', schema: signingKeyChallengeSchema } },
  handler: async (c, auth, { params, body }) => {
    authorize(auth, 'signingKey.register', { tenantId: params.id });
    const challenge = await createSigningKeyChallenge({
      sql: c.get('db'),
      providerId: params.id,
      publicKey: body.publicKey,
      actor: actorOf(auth),
      requestId: c.get('requestId'),
      now: c.get('now'),
    });
    return c.json({ ...challenge, expiresAt: challenge.expiresAt.toISOString() }, 201);
  },
});

export const registerSigningKeyRoute = defineRoute({
  method: 'post',
  path: '/api/v1/providers/{id}/signing-keys',
  summary: 'Register an Ed25519 key the provider signs usage reports with',
  description:
    'provider-admin: its own provider; operator-admin: any. Needs proof of possession: a signature over a challenge from POST …/signing-keys/challenges (422 SIGNING_KEY_PROOF_FAILED otherwise, details.reason says why). The same key again returns the stored key; a key another provider registered with proof is 409; one registered without proof (before proofs existed) is reclaimed, and that registration revoked as `reclaimed`.',
  tags: ['parties'],
  access: { action: 'signingKey.register' },
  request: { params: idParams, body: signingKeyBody },
  responses: { 201: { description: 'the registered key', schema: signingKeySchema } },
  handler: async (c, auth, { params, body }) => {
    authorize(auth, 'signingKey.register', { tenantId: params.id });
    const key = await registerProviderSigningKey({
      sql: c.get('db'),
      providerId: params.id,
      publicKey: body.publicKey,
      proof: { challengeId: body.challengeId, signature: body.signature },
      label: body.label,
      actor: actorOf(auth),
      requestId: c.get('requestId'),
      now: c.get('now'),
    });
    return c.json(signingKeyJson(key), 201);
  },
});

export const listSigningKeysRoute = defineRoute({
  method: 'get',
  path: '/api/v1/providers/{id}/signing-keys',
  summary: "A provider's Ed25519 signing keys",
  tags: ['parties'],
  access: { action: 'signingKey.list' },
  request: { params: idParams },
  responses: {
    200: {
      description: 'the keys, oldest first',
      schema: z.object({ items: z.array(signingKeySchema) }),
    },
  },
  handler: async (c, auth, { params }) => {
    authorize(auth, 'signingKey.list', { tenantId: params.id });
    await getProvider({ sql: c.get('db'), actor: auth, providerId: params.id }); // 404: unknown
    const keys = await listProviderSigningKeys({
      sql: c.get('db'),
      providerId: params.id,
      includeRevoked: true,
    });
    return c.json({ items: keys.map(signingKeyJson) }, 200);
  },
});

const keyParams = idParams.extend({
  keyId: z.uuid().openapi({ param: { name: 'keyId', in: 'path' } }),
});

export const revokeSigningKeyRoute = defineRoute({
  method: 'delete',
  path: '/api/v1/providers/{id}/signing-keys/{keyId}',
  summary: 'Revoke a signing key (lost or compromised)',
  description:
    'Reports signed with the key after the revocation are refused; older ones stay verifiable. Revoking again keeps the first time.',
  tags: ['parties'],
  access: { action: 'signingKey.revoke' },
  request: { params: keyParams },
  responses: { 200: { description: 'the revoked key', schema: signingKeySchema } },
  handler: async (c, auth, { params }) => {
    authorize(auth, 'signingKey.revoke', { tenantId: params.id });
    const key = await revokeProviderSigningKey({
      sql: c.get('db'),
      providerId: params.id,
      keyId: params.keyId,
      actor: actorOf(auth),
      requestId: c.get('requestId'),
      now: c.get('now'),
    });
    return c.json(signingKeyJson(key), 200);
  },
});
