/** Matrix entries of the parties routes: enterprises, providers, people, related parties. */
import type { Tenant } from '../../../src/services/access/index.ts';
import {
  createSigningKeyChallenge,
  registerEnterprise,
  registerProvider,
} from '../../../src/services/parties/index.ts';
import type { ApiHarness } from '../api-harness.ts';
import type { MatrixEntries } from '../api-matrix.ts';
import { ed25519Pair, registerProvenKey, signChallenge } from '../signing-keys.ts';
import { systemActor } from '../../../src/services/authz/index.ts';
import { freshUscc } from '../uscc.ts';

const everyone = [
  'operator-admin',
  'reviewer',
  'auditor',
  'enterprise-admin',
  'enterprise-member',
  'provider-admin',
] as const;
const operatorStaff = ['operator-admin', 'reviewer', 'auditor'] as const;

/**
 * Makes the harness tenant an enterprise (same id and name, as registration requires) unless it
 * is one already; returns its id.
 */
export async function ensureEnterprise(h: ApiHarness, tenant: Tenant): Promise<string> {
  const [row] = await h.db.query<{ id: string }>('select id from enterprises where id = $1', [
    tenant.id,
  ]);
  if (row) return row.id;
  const { enterprise } = await registerEnterprise({
    actor: systemActor,
    sql: h.db,
    id: tenant.id,
    input: { uscc: freshUscc(), name: tenant.name, size: 'small', foundedOn: '2020-01-01' },
    now: h.clock.now(),
  });
  return enterprise.id;
}

/** Makes the harness tenant a provider unless it is one already; returns its id. */
export async function ensureProvider(h: ApiHarness, tenant: Tenant): Promise<string> {
  const [row] = await h.db.query<{ id: string }>('select id from providers where id = $1', [
    tenant.id,
  ]);
  if (row) return row.id;
  const { provider } = await registerProvider({
    actor: systemActor,
    sql: h.db,
    id: tenant.id,
    input: {
      uscc: freshUscc('510100'),
      name: tenant.name,
      kinds: ['compute'],
      acceleratorOrigins: ['domestic'],
    },
    now: h.clock.now(),
  });
  return provider.id;
}

const csvHeader =
  'uscc,name,region_code,size,founded_on,industries,credit_record,legal_representative,phone,address';

export const partiesMatrixEntries: MatrixEntries = {
  'GET /api/v1/enterprises': {
    allowed: operatorStaff,
    otherTenant: 'operator-any',
    request: async (c) => {
      await ensureEnterprise(c.h, c.tenantOf('enterprise'));
      return c.client.get('/api/v1/enterprises?limit=200');
    },
  },
  'POST /api/v1/enterprises': {
    allowed: ['operator-admin'],
    otherTenant: 'operator-any',
    okStatus: 201,
    request: (c) =>
      c.client.post('/api/v1/enterprises', {
        uscc: freshUscc(),
        name: `Matrix ${c.unique()}`,
        size: 'small',
        foundedOn: '2022-02-02',
      }),
  },
  'POST /api/v1/enterprises/import': {
    allowed: ['operator-admin'],
    otherTenant: 'operator-any',
    request: (c) =>
      c.client.post('/api/v1/enterprises/import', undefined, {
        rawBody: `${csvHeader}\n${freshUscc()},Import ${c.unique()},,micro,2023-03-03,,,,,\n`,
        headers: { 'content-type': 'text/csv' },
      }),
  },
  'GET /api/v1/enterprises/{id}': {
    allowed: [...operatorStaff, 'enterprise-admin', 'enterprise-member'],
    otherTenant: 'operator-any',
    request: async (c) =>
      c.client.get(`/api/v1/enterprises/${await ensureEnterprise(c.h, c.tenantOf('enterprise'))}`),
  },
  'PATCH /api/v1/enterprises/{id}': {
    allowed: ['operator-admin'],
    otherTenant: 'operator-any',
    request: async (c) => {
      const id = await ensureEnterprise(c.h, c.tenantOf('enterprise'));
      return c.client.patch(`/api/v1/enterprises/${id}`, { address: `Matrix ${c.unique()}` });
    },
  },
  'GET /api/v1/providers': {
    allowed: everyone,
    otherTenant: 'any',
    request: async (c) => {
      await ensureProvider(c.h, c.tenantOf('provider'));
      return c.client.get('/api/v1/providers?limit=200');
    },
  },
  'POST /api/v1/providers': {
    allowed: ['operator-admin'],
    otherTenant: 'operator-any',
    okStatus: 201,
    request: (c) =>
      c.client.post('/api/v1/providers', {
        uscc: freshUscc(),
        name: `Matrix ${c.unique()}`,
        kinds: ['model'],
      }),
  },
  'GET /api/v1/providers/{id}': {
    allowed: everyone,
    otherTenant: 'any',
    request: async (c) =>
      c.client.get(`/api/v1/providers/${await ensureProvider(c.h, c.tenantOf('provider'))}`),
  },
  'POST /api/v1/providers/{id}/signing-keys/challenges': {
    allowed: ['operator-admin', 'provider-admin'],
    otherTenant: 'operator-any',
    okStatus: 201,
    request: async (c) => {
      const id = await ensureProvider(c.h, c.tenantOf('provider'));
      return c.client.post(`/api/v1/providers/${id}/signing-keys/challenges`, {
        publicKey: ed25519Pair().publicKeyPem,
      });
    },
  },
  'POST /api/v1/providers/{id}/signing-keys': {
    allowed: ['operator-admin', 'provider-admin'],
    otherTenant: 'operator-any',
    okStatus: 201,
    request: async (c) => {
      const id = await ensureProvider(c.h, c.tenantOf('provider'));
      const pair = ed25519Pair();
      const { challengeId, challenge } = await createSigningKeyChallenge({
        sql: c.h.db,
        providerId: id,
        publicKey: pair.publicKeyPem,
        now: c.h.clock.now(),
      });
      return c.client.post(`/api/v1/providers/${id}/signing-keys`, {
        publicKey: pair.publicKeyPem,
        challengeId,
        signature: signChallenge(challenge, pair.privateKey),
      });
    },
  },
  'GET /api/v1/providers/{id}/signing-keys': {
    allowed: ['operator-admin', 'reviewer', 'auditor', 'provider-admin'],
    otherTenant: 'operator-any',
    request: async (c) =>
      c.client.get(
        `/api/v1/providers/${await ensureProvider(c.h, c.tenantOf('provider'))}/signing-keys`,
      ),
  },
  'DELETE /api/v1/providers/{id}/signing-keys/{keyId}': {
    allowed: ['operator-admin', 'provider-admin'],
    otherTenant: 'operator-any',
    request: async (c) => {
      const tenant = c.tenantOf('provider');
      const providerId = await ensureProvider(c.h, tenant);
      const key = await registerProvenKey({ sql: c.h.db, providerId, now: c.h.clock.now() });
      c.mark(tenant, key.id);
      return c.client.delete(`/api/v1/providers/${providerId}/signing-keys/${key.id}`);
    },
  },
  'GET /api/v1/parties/{id}/related': {
    allowed: operatorStaff,
    otherTenant: 'operator-any',
    request: async (c) =>
      c.client.get(
        `/api/v1/parties/${await ensureEnterprise(c.h, c.tenantOf('enterprise'))}/related`,
      ),
  },
  'POST /api/v1/related-party-links': {
    allowed: ['operator-admin'],
    otherTenant: 'operator-any',
    okStatus: 201,
    request: async (c) => {
      const providerId = await ensureProvider(c.h, c.tenantOf('provider'));
      // A fresh enterprise each time, so the link is new (a repeated pair answers 200).
      const { enterprise } = await registerEnterprise({
        actor: systemActor,
        sql: c.h.db,
        input: {
          uscc: freshUscc(),
          name: `Linked ${c.unique()}`,
          size: 'micro',
          foundedOn: '2024-04-04',
        },
        now: c.h.clock.now(),
      });
      return c.client.post('/api/v1/related-party-links', {
        partyAId: enterprise.id,
        partyBId: providerId,
        reason: 'matrix',
      });
    },
  },
  'POST /api/v1/parties/{id}/people': {
    allowed: ['operator-admin'],
    otherTenant: 'operator-any',
    okStatus: 201,
    request: async (c) => {
      const id = await ensureEnterprise(c.h, c.tenantOf('enterprise'));
      return c.client.post(`/api/v1/parties/${id}/people`, { name: '测试', role: 'contact' });
    },
  },
  'GET /api/v1/parties/{id}/people': {
    allowed: operatorStaff,
    otherTenant: 'operator-any',
    request: async (c) =>
      c.client.get(
        `/api/v1/parties/${await ensureEnterprise(c.h, c.tenantOf('enterprise'))}/people`,
      ),
  },
};
