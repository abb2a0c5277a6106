/** Matrix entries of the platform's own routes: sessions, users, API keys, the audit log. */
import {
  createApiKey,
  isAuthorized,
  type Tenant,
  type TenantKind,
} from '../../../src/services/access/index.ts';
import { PASSWORD } from '../api-harness.ts';
import type { MatrixCase, MatrixEntries } from '../api-matrix.ts';

/** The kind of data a case addresses: the caller's own kind, enterprise for anonymous. */
const kindOf = (c: MatrixCase): TenantKind => c.actorKind ?? 'enterprise';

const failedLogins = new Set<string>();

/**
 * One failed sign-in against a user of `tenant` (once per tenant, from an address of its own so
 * the harness's own sign-ins are never rate-limited); the user's email is a marker already.
 */
async function failedLoginIn(c: MatrixCase, tenant: Tenant): Promise<void> {
  if (failedLogins.has(tenant.id)) return;
  failedLogins.add(tenant.id);
  const user = Object.values(c.h.actors).find((actor) => actor.tenant.id === tenant.id);
  if (!user) throw new Error(`no harness user in ${tenant.name}`);
  const response = await c.h
    .as('anonymous')
    .post(
      '/api/v1/auth/login',
      { email: user.email, password: 'not the password' },
      { remoteAddress: `192.0.2.${failedLogins.size}` },
    );
  if (response.status !== 401) throw new Error(`expected 401, got ${response.status}`);
}

/** A read key in `tenant` owned by the case's person there (the caller's own, or another's). */
async function keyIn(c: MatrixCase, tenant: Tenant): Promise<string> {
  let owner = await c.ownerIn(tenant);
  if (!isAuthorized(owner.actor, 'apiKey.create')) {
    // A caller who may hold no keys (enterprise-member) is refused the route anyway: any key
    // of the tenant will do.
    const first = Object.values(c.h.actors).find((actor) => actor.tenant.id === tenant.id);
    if (!first) throw new Error(`no harness user in ${tenant.name}`);
    owner = { userId: first.userId, actor: c.h.personActor(first.name) };
  }
  const { apiKey } = await c.h.db.transaction((tx) =>
    createApiKey({
      sql: tx,
      actor: owner.actor,
      name: `matrix ${c.unique()}`,
      scopes: ['read'],
      now: c.h.clock.now(),
    }),
  );
  c.mark(tenant, apiKey.id);
  c.markPerson(owner.userId, apiKey.id);
  return apiKey.id;
}

export const accessMatrixEntries: MatrixEntries = {
  'POST /api/v1/auth/login': {
    otherTenant: 'any',
    request: ({ client, h }) =>
      client.post('/api/v1/auth/login', { email: h.actors['auditor@A'].email, password: PASSWORD }),
  },
  'POST /api/v1/auth/logout': {
    otherTenant: 'not-found',
    okStatus: 204,
    request: async ({ client, h, actor }) => {
      const response = await client.post('/api/v1/auth/logout');
      // The case ended the actor's harness session: sign in again for the following cases.
      if (actor !== 'anonymous' && response.status === 204) await h.relogin(actor);
      return response;
    },
  },
  'GET /api/v1/me': {
    otherTenant: 'not-found',
    request: ({ client }) => client.get('/api/v1/me'),
  },
  'POST /api/v1/users': {
    otherTenant: 'operator-any',
    okStatus: 201,
    request: async (c) => {
      const tenant = c.tenantOf('enterprise');
      const email = `matrix.${c.unique()}@example.test`;
      c.mark(tenant, email);
      return c.client.post('/api/v1/users', {
        tenantId: tenant.id,
        email,
        displayName: 'Matrix user',
        password: PASSWORD,
        roles: ['enterprise-member'],
      });
    },
  },
  'GET /api/v1/users': {
    otherTenant: 'operator-any',
    personal: true,
    request: async (c) => {
      const tenant = c.tenantOf(kindOf(c));
      // The case's person in the tenant: listed for admins, never for a colleague.
      const owner = await c.ownerIn(tenant);
      c.markPerson(owner.userId, owner.userId);
      return c.client.get(`/api/v1/users?tenantId=${tenant.id}&limit=200`);
    },
  },
  'GET /api/v1/users/{id}': {
    otherTenant: 'operator-any',
    personal: true,
    request: async (c) =>
      c.client.get(`/api/v1/users/${(await c.ownerIn(c.tenantOf(kindOf(c)))).userId}`),
  },
  'PATCH /api/v1/users/{id}': {
    otherTenant: 'operator-any',
    request: async (c) => {
      // A fresh user in the addressed enterprise, renamed by the caller.
      const tenant = c.tenantOf('enterprise');
      const created = await c.h.as('operator-admin@A').post('/api/v1/users', {
        tenantId: tenant.id,
        email: `matrix.${c.unique()}@example.test`,
        displayName: 'Matrix user',
        password: PASSWORD,
        roles: ['enterprise-member'],
      });
      const { id } = created.json<{ id: string }>();
      c.mark(tenant, id);
      return c.client.patch(`/api/v1/users/${id}`, { displayName: `Renamed ${c.unique()}` });
    },
  },
  'POST /api/v1/api-keys': {
    otherTenant: 'not-found',
    okStatus: 201,
    request: (c) =>
      c.client.post('/api/v1/api-keys', { name: `matrix ${c.unique()}`, scopes: ['read'] }),
  },
  'GET /api/v1/api-keys': {
    otherTenant: 'filtered',
    personal: true,
    request: async (c) => {
      // A key in the addressed tenant: listed for its own tenant, never for another.
      await keyIn(c, c.tenantOf(kindOf(c)));
      return c.client.get('/api/v1/api-keys?limit=200');
    },
  },
  'DELETE /api/v1/api-keys/{id}': {
    otherTenant: 'not-found',
    personal: true,
    request: async (c) =>
      c.client.delete(`/api/v1/api-keys/${await keyIn(c, c.tenantOf(kindOf(c)))}`),
  },
  'GET /api/v1/audit-events': {
    otherTenant: 'operator-any',
    request: (c) =>
      c.client.get(`/api/v1/audit-events?tenantId=${c.tenantOf(kindOf(c)).id}&limit=200`),
  },
  'GET /api/v1/login-attempts': {
    otherTenant: 'operator-any',
    request: async (c) => {
      const tenant = c.tenantOf(kindOf(c));
      await failedLoginIn(c, tenant);
      return c.client.get(`/api/v1/login-attempts?tenantId=${tenant.id}&limit=200`);
    },
  },
};
