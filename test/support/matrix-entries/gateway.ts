/** Matrix entries of the MaaS gateway's management routes: the model catalog and gateway keys. */
import type { Tenant } from '../../../src/services/access/index.ts';
import { systemActor } from '../../../src/services/authz/index.ts';
import { createGatewayModel } from '../../../src/services/gateway/catalog/index.ts';
import { createGatewayKey } from '../../../src/services/gateway/keys/index.ts';
import type { ApiHarness } from '../api-harness.ts';
import type { MatrixCase, MatrixEntries } from '../api-matrix.ts';
import { testSecretBox } from '../gateway-fixtures.ts';
import { ensureEnterprise, ensureProvider } from './parties.ts';

const catalogReaders = ['operator-admin', 'reviewer', 'auditor', 'provider-admin'] as const;
const catalogManagers = ['operator-admin', 'provider-admin'] as const;

/** The harness tenant as a model-service provider (kinds include `model`). */
async function ensureModelProvider(h: ApiHarness, tenant: Tenant): Promise<string> {
  const id = await ensureProvider(h, tenant);
  await h.db.query(
    `update providers set kinds = array['compute', 'model'] where id = $1 and not ('model' = any(kinds))`,
    [id],
  );
  return id;
}

function offeringBody(providerId: string, unique: string) {
  return {
    providerId,
    modelId: `matrix-${unique}`,
    upstreamBaseUrl: 'http://127.0.0.1:9/v1',
    upstreamModel: 'echo',
    inputPriceFenPerMillion: '400',
    outputPriceFenPerMillion: '1200',
    contextTokensMax: 8192,
    outputTokensMax: 1024,
    filed: false,
    acceleratorOrigin: 'imported',
    regionCode: '310000',
  } as const;
}

async function offeringIn(c: MatrixCase): Promise<string> {
  const tenant = c.tenantOf('provider');
  const providerId = await ensureModelProvider(c.h, tenant);
  const body = offeringBody(providerId, c.unique());
  const model = await createGatewayModel({
    db: c.h.db,
    actor: systemActor,
    secretBox: testSecretBox,
    now: c.h.clock.now(),
    input: {
      ...body,
      inputPriceFenPerMillion: 400n,
      outputPriceFenPerMillion: 1200n,
      kind: 'chat',
      routeOrder: 100,
    },
  });
  c.mark(tenant, model.id);
  return model.id;
}

async function gatewayKeyIn(c: MatrixCase): Promise<string> {
  const tenant = c.tenantOf('enterprise');
  const enterpriseId = await ensureEnterprise(c.h, tenant);
  const { gatewayKey } = await createGatewayKey({
    db: c.h.db,
    actor: systemActor,
    enterpriseId,
    now: c.h.clock.now(),
    input: { name: `matrix ${c.unique()}`, requestsPerMinute: 60, tokensPerMinute: 10_000 },
  });
  c.mark(tenant, gatewayKey.id);
  return gatewayKey.id;
}

export const gatewayMatrixEntries: MatrixEntries = {
  'POST /api/v1/gateway/models': {
    allowed: catalogManagers,
    otherTenant: 'operator-any',
    okStatus: 201,
    request: async (c) => {
      const providerId = await ensureModelProvider(c.h, c.tenantOf('provider'));
      return c.client.post('/api/v1/gateway/models', offeringBody(providerId, c.unique()));
    },
  },
  'GET /api/v1/gateway/models': {
    allowed: catalogReaders,
    otherTenant: 'operator-any',
    request: async (c) => {
      await offeringIn(c);
      const provider = c.tenantOf('provider');
      return c.client.get(`/api/v1/gateway/models?providerId=${provider.id}&limit=200`);
    },
  },
  'GET /api/v1/gateway/prices': {
    allowed: 'public',
    otherTenant: 'any',
    request: (c) => c.client.get('/api/v1/gateway/prices'),
  },
  'GET /api/v1/gateway/models/{id}': {
    allowed: catalogReaders,
    otherTenant: 'operator-any',
    request: async (c) => c.client.get(`/api/v1/gateway/models/${await offeringIn(c)}`),
  },
  'PATCH /api/v1/gateway/models/{id}': {
    allowed: catalogManagers,
    otherTenant: 'operator-any',
    request: async (c) =>
      c.client.patch(`/api/v1/gateway/models/${await offeringIn(c)}`, {
        outputPriceFenPerMillion: '1500',
      }),
  },
  'POST /api/v1/gateway/keys': {
    allowed: ['enterprise-admin'],
    otherTenant: 'not-found',
    okStatus: 201,
    request: async (c) => {
      // The key is always the caller's enterprise's: make the caller's tenant an enterprise.
      if (c.actor !== 'anonymous' && c.actorKind === 'enterprise') {
        await ensureEnterprise(c.h, c.h.actors[c.actor].tenant);
      }
      return c.client.post('/api/v1/gateway/keys', { name: `matrix ${c.unique()}` });
    },
  },
  'GET /api/v1/gateway/keys': {
    allowed: ['enterprise-admin'],
    otherTenant: 'filtered',
    request: async (c) => {
      await gatewayKeyIn(c);
      return c.client.get('/api/v1/gateway/keys?limit=200');
    },
  },
  'DELETE /api/v1/gateway/keys/{id}': {
    allowed: ['enterprise-admin'],
    otherTenant: 'not-found',
    request: async (c) => c.client.delete(`/api/v1/gateway/keys/${await gatewayKeyIn(c)}`),
  },
};
