/**
 * Separation of duties on API keys (issue 12, defect 1): a person manages only their own keys
 * unless an admin of the same tenant manages them, and a key's scopes never exceed what its
 * owner's roles may do — at creation and again at every use.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createApiHarness, type ActorName, type ApiResponse } from './support/api-harness.ts';

const h = await createApiHarness();
afterAll(() => h.close());

interface CreatedKey {
  apiKey: { id: string; scopes: string[] };
  secret: string;
}

async function createKey(actor: ActorName, scopes: string[]): Promise<CreatedKey> {
  const response = await h.as(actor).post('/api/v1/api-keys', { name: `${actor} key`, scopes });
  expect(response.status, response.text).toBe(201);
  return response.json<CreatedKey>();
}

const bearer = (key: CreatedKey) => h.raw({ authorization: `Bearer ${key.secret}` });
const statusOf = (response: ApiResponse) => [response.status, response.errorCode];

describe('API keys: who revokes whose', () => {
  for (const colleague of ['auditor@A', 'reviewer@A'] as const) {
    it(`${colleague} cannot revoke the operator admin's key, which keeps working`, async () => {
      const adminKey = await createKey('operator-admin@A', ['read', 'write']);
      const revoke = await h.as(colleague).delete(`/api/v1/api-keys/${adminKey.apiKey.id}`);
      expect(statusOf(revoke)).toEqual([404, 'NOT_FOUND']);
      const me = await bearer(adminKey).get('/api/v1/me');
      expect(me.status).toBe(200);
    });

    it(`${colleague} lists its own keys only`, async () => {
      const adminKey = await createKey('operator-admin@A', ['read']);
      const ownKey = await createKey(colleague, ['read']);
      const list = await h.as(colleague).get('/api/v1/api-keys?limit=200');
      expect(list.status).toBe(200);
      const ids = list.json<{ items: { id: string; createdBy: string }[] }>().items;
      expect(ids.map((key) => key.id)).toContain(ownKey.apiKey.id);
      expect(ids.map((key) => key.id)).not.toContain(adminKey.apiKey.id);
      expect(new Set(ids.map((key) => key.createdBy))).toEqual(
        new Set([h.actors[colleague].userId]),
      );
    });

    it(`${colleague} revokes its own key`, async () => {
      const ownKey = await createKey(colleague, ['read']);
      const revoke = await h.as(colleague).delete(`/api/v1/api-keys/${ownKey.apiKey.id}`);
      expect(revoke.status).toBe(200);
      expect((await bearer(ownKey).get('/api/v1/me')).status).toBe(401);
    });
  }

  it('the operator admin revokes a colleague’s key (admin of the same tenant)', async () => {
    const reviewerKey = await createKey('reviewer@A', ['read']);
    const revoke = await h
      .as('operator-admin@A')
      .delete(`/api/v1/api-keys/${reviewerKey.apiKey.id}`);
    expect(revoke.status).toBe(200);
    expect((await bearer(reviewerKey).get('/api/v1/me')).status).toBe(401);
  });

  it('no admin revokes another tenant’s key', async () => {
    const key = await createKey('enterprise-admin@B', ['read']);
    for (const admin of ['operator-admin@A', 'enterprise-admin@A', 'provider-admin@A'] as const) {
      const revoke = await h.as(admin).delete(`/api/v1/api-keys/${key.apiKey.id}`);
      expect(statusOf(revoke), admin).toEqual([404, 'NOT_FOUND']);
    }
    expect((await bearer(key).get('/api/v1/me')).status).toBe(200);
  });
});

describe('API keys: scopes never exceed the owner’s roles', () => {
  it('the auditor (read-only) cannot create a write-scoped key, and nothing is stored', async () => {
    const before = await h.as('auditor@A').get('/api/v1/api-keys?limit=200');
    const write = await h.as('auditor@A').post('/api/v1/api-keys', {
      name: 'auditor write',
      scopes: ['read', 'write'],
    });
    expect(statusOf(write)).toEqual([403, 'FORBIDDEN']);
    expect(write.json<{ error: { details: { field: string } } }>().error.details.field).toBe(
      'scopes.1',
    );
    const after = await h.as('auditor@A').get('/api/v1/api-keys?limit=200');
    expect(after.json<{ items: unknown[] }>().items).toHaveLength(
      before.json<{ items: unknown[] }>().items.length,
    );
    expect(
      (await h.as('auditor@A').post('/api/v1/api-keys', { name: 'r', scopes: ['read'] })).status,
    ).toBe(201);
  });

  it('gives the gateway scope to enterprise roles only', async () => {
    for (const actor of ['operator-admin@A', 'reviewer@A', 'provider-admin@A'] as const) {
      const response = await h.as(actor).post('/api/v1/api-keys', {
        name: 'gateway',
        scopes: ['gateway'],
      });
      expect(statusOf(response), actor).toEqual([403, 'FORBIDDEN']);
    }
    await createKey('enterprise-admin@A', ['read', 'write', 'gateway']);
  });

  it('cuts a key’s scopes when its owner’s roles shrink later', async () => {
    // A fresh operator colleague, so the harness's reviewer keeps its role for other tests.
    const email = `shrinking.${Date.now()}@example.test`;
    const created = await h.as('operator-admin@A').post('/api/v1/users', {
      tenantId: h.tenants.operatorA.id,
      email,
      displayName: 'Shrinking reviewer',
      password: 'correct horse battery staple',
      roles: ['reviewer'],
    });
    expect(created.status, created.text).toBe(201);
    const { id: userId } = created.json<{ id: string }>();
    const login = await h.as('anonymous').post('/api/v1/auth/login', {
      email,
      password: 'correct horse battery staple',
    });
    const cookies = login.headers.getSetCookie().map((line) => line.split(';')[0] ?? '');
    const csrf = cookies.find((line) => line.startsWith('suanli_csrf='))?.slice(12) ?? '';
    const session = h.raw({ cookie: cookies.join('; '), 'x-csrf-token': csrf });
    const keyResponse = await session.post('/api/v1/api-keys', {
      name: 'reviewer write',
      scopes: ['read', 'write'],
    });
    expect(keyResponse.status, keyResponse.text).toBe(201);
    const key = keyResponse.json<CreatedKey>();
    expect((await bearer(key).get('/api/v1/me')).json<{ scopes: string[] }>().scopes).toEqual([
      'read',
      'write',
    ]);

    const demoted = await h
      .as('operator-admin@A')
      .patch(`/api/v1/users/${userId}`, { roles: ['auditor'] });
    expect(demoted.status, demoted.text).toBe(200);

    expect((await bearer(key).get('/api/v1/me')).json<{ scopes: string[] }>().scopes).toEqual([
      'read',
    ]);
    // Revoking one's own key is a write: the auditor's key no longer holds it.
    const revoke = await bearer(key).delete(`/api/v1/api-keys/${key.apiKey.id}`);
    expect(statusOf(revoke)).toEqual([403, 'FORBIDDEN']);
    expect((await bearer(key).get('/api/v1/me')).status).toBe(200);
  });
});

describe('users: per-person objects', () => {
  it('a person reads their own user record, not a colleague’s', async () => {
    const self = h.actors['enterprise-member@A'];
    const own = await h.as('enterprise-member@A').get(`/api/v1/users/${self.userId}`);
    expect(own.status).toBe(200);
    const colleague = h.actors['enterprise-admin@A'].userId;
    const other = await h.as('enterprise-member@A').get(`/api/v1/users/${colleague}`);
    expect(statusOf(other)).toEqual([404, 'NOT_FOUND']);
    const list = await h.as('enterprise-member@A').get('/api/v1/users');
    expect(list.json<{ items: { id: string }[] }>().items.map((user) => user.id)).toEqual([
      self.userId,
    ]);
  });

  it('an enterprise admin cannot touch another tenant’s users, which stay unchanged', async () => {
    const target = h.actors['enterprise-member@B'];
    const patch = await h
      .as('enterprise-admin@A')
      .patch(`/api/v1/users/${target.userId}`, { disabled: true });
    expect(statusOf(patch)).toEqual([404, 'NOT_FOUND']);
    const read = await h.as('operator-admin@A').get(`/api/v1/users/${target.userId}`);
    expect(read.json<{ disabled: boolean }>().disabled).toBe(false);
  });
});
