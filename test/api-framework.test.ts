import { z } from '@hono/zod-openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/config.ts';
import { createApp } from '../src/http/app.ts';
import { createApi, defineRoute } from '../src/http/api/index.ts';
import { createLogger } from '../src/http/logger.ts';
import { createMetrics } from '../src/http/metrics.ts';
import { DomainError } from '../src/domain/shared/errors.ts';
import { createApiHarness, PASSWORD, type ApiHarness } from './support/api-harness.ts';

/** The framework's promises to every route: idempotency, errors, limits, OpenAPI, API keys. */

let h: ApiHarness;
beforeAll(async () => {
  h = await createApiHarness();
});
afterAll(() => h.close());

let counter = 0;
const newUser = (tenantId: string, roles: string[] = ['enterprise-member']) => ({
  tenantId,
  email: `fw.${(counter += 1)}@example.test`,
  displayName: 'Framework test',
  password: PASSWORD,
  roles,
});

async function count(table: string): Promise<number> {
  const [row] = await h.db.query<{ n: bigint }>(`select count(*)::int8 as n from ${table}`);
  return Number(row?.n);
}

describe('Idempotency-Key', () => {
  it('replays the stored response of a repeated POST without running it again', async () => {
    const body = newUser(h.tenants.enterpriseA.id);
    const admin = h.as('enterprise-admin@A');
    const first = await admin.post('/api/v1/users', body, { idempotencyKey: 'key-replay-0001' });
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const users = await count('users');
    const again = await admin.post('/api/v1/users', body, { idempotencyKey: 'key-replay-0001' });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.text).toBe(first.text);
    expect(await count('users')).toBe(users);
  });

  it('refuses the same key with a different body (409 IDEMPOTENCY_CONFLICT)', async () => {
    const admin = h.as('enterprise-admin@A');
    await admin.post('/api/v1/users', newUser(h.tenants.enterpriseA.id), {
      idempotencyKey: 'key-conflict-01',
    });
    const other = await admin.post('/api/v1/users', newUser(h.tenants.enterpriseA.id), {
      idempotencyKey: 'key-conflict-01',
    });
    expect([other.status, other.errorCode]).toEqual([409, 'IDEMPOTENCY_CONFLICT']);
  });

  it('scopes keys per tenant', async () => {
    const a = await h
      .as('operator-admin@A')
      .post('/api/v1/users', newUser(h.tenants.providerA.id, ['provider-admin']), {
        idempotencyKey: 'key-shared-0001',
      });
    const b = await h
      .as('enterprise-admin@B')
      .post('/api/v1/users', newUser(h.tenants.enterpriseB.id), {
        idempotencyKey: 'key-shared-0001',
      });
    expect([a.status, b.status]).toEqual([201, 201]);
  });

  it('requires a well-formed key on POST', async () => {
    const admin = h.as('enterprise-admin@A');
    const missing = await admin.post('/api/v1/users', newUser(h.tenants.enterpriseA.id), {
      idempotencyKey: null,
    });
    expect([missing.status, missing.errorCode]).toEqual([400, 'VALIDATION_FAILED']);
    const bad = await admin.post('/api/v1/users', newUser(h.tenants.enterpriseA.id), {
      idempotencyKey: 'bad key!',
    });
    expect([bad.status, bad.errorCode]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('keeps nothing of a failed request, so a retry with the key runs again', async () => {
    const admin = h.as('enterprise-admin@A');
    const before = await count('idempotency_keys');
    const taken = h.actors['reviewer@A'].email;
    const failed = await admin.post(
      '/api/v1/users',
      { ...newUser(h.tenants.enterpriseA.id), email: taken },
      {
        idempotencyKey: 'key-retry-00001',
      },
    );
    expect([failed.status, failed.errorCode]).toEqual([409, 'EMAIL_UNAVAILABLE']);
    expect(await count('idempotency_keys')).toBe(before);
    const retried = await admin.post('/api/v1/users', newUser(h.tenants.enterpriseA.id), {
      idempotencyKey: 'key-retry-00001',
    });
    expect(retried.status).toBe(201);
  });

  it('forgets keys after 24 hours', async () => {
    const admin = h.as('operator-admin@B');
    await admin.post('/api/v1/users', newUser(h.tenants.enterpriseB.id), {
      idempotencyKey: 'key-expiry-0001',
    });
    h.clock.advanceSeconds(6 * 60 * 60);
    const within = await admin.post('/api/v1/users', newUser(h.tenants.enterpriseB.id), {
      idempotencyKey: 'key-expiry-0001',
    });
    expect(within.errorCode).toBe('IDEMPOTENCY_CONFLICT');
    h.clock.advanceSeconds(18 * 60 * 60 + 1);
    await h.relogin();
    const after = await admin.post('/api/v1/users', newUser(h.tenants.enterpriseB.id), {
      idempotencyKey: 'key-expiry-0001',
    });
    expect(after.status).toBe(201);
    // A successful request also removes (a batch of) expired records.
    const [stale] = await h.db.query<{ n: bigint }>(
      'select count(*)::int8 as n from idempotency_keys where created_at < $1',
      [new Date(h.clock.now().getTime() - 24 * 60 * 60 * 1000)],
    );
    expect(stale?.n).toBe(0n);
  });
});

describe('errors and limits', () => {
  it('answers validation failures with the error body naming the field', async () => {
    const res = await h
      .as('operator-admin@A')
      .post('/api/v1/users', { ...newUser(h.tenants.enterpriseA.id), tenantId: 'nope' });
    expect(res.status).toBe(400);
    const { error } = res.json<{
      error: { code: string; message: string; details: { field: string }; requestId: string };
    }>();
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details.field).toBe('tenantId');
    expect(error.requestId).toBe(res.headers.get('x-request-id'));
  });

  it('refuses malformed JSON, other media types and bodies over 1 MiB', async () => {
    const admin = h.as('operator-admin@A');
    const malformed = await admin.post('/api/v1/users', undefined, { rawBody: '{"tenantId":' });
    expect([malformed.status, malformed.errorCode]).toEqual([400, 'VALIDATION_FAILED']);
    const text = await admin.post('/api/v1/users', undefined, {
      rawBody: 'email=x',
      headers: { 'content-type': 'text/plain' },
    });
    expect([text.status, text.errorCode]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    const huge = await admin.post('/api/v1/users', undefined, {
      rawBody: `"${'x'.repeat(1024 * 1024 + 10)}"`,
    });
    expect([huge.status, huge.errorCode]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
  });

  it('caps page sizes at 200', async () => {
    const admin = h.as('operator-admin@A');
    expect((await admin.get('/api/v1/users?limit=200')).status).toBe(200);
    const over = await admin.get('/api/v1/users?limit=201');
    expect([over.status, over.errorCode]).toEqual([400, 'VALIDATION_FAILED']);
    const page = await admin.get('/api/v1/users?limit=3');
    const body = page.json<{ items: { id: string }[]; nextCursor: string }>();
    expect(body.items).toHaveLength(3);
    const next = await admin.get(`/api/v1/users?limit=3&cursor=${body.nextCursor}`);
    const ids = next.json<{ items: { id: string }[] }>().items.map((user) => user.id);
    expect(ids.some((id) => body.items.some((user) => user.id === id))).toBe(false);
  });
});

describe('OpenAPI', () => {
  it('serves an OpenAPI 3.1 document of every route and a browsable reference', async () => {
    const doc = await h.as('anonymous').get('/api/openapi.json');
    expect(doc.status).toBe(200);
    const body = doc.json<{
      openapi: string;
      paths: Record<string, Record<string, { parameters?: { name: string }[] }>>;
    }>();
    expect(body.openapi).toBe('3.1.0');
    for (const route of h.routes()) {
      expect(body.paths[route.path]?.[route.method], `${route.method} ${route.path}`).toBeDefined();
    }
    const post = body.paths['/api/v1/users']?.post;
    expect(post?.parameters?.map((p) => p.name)).toContain('idempotency-key');
    const docs = await h.as('anonymous').get('/api/docs');
    expect(docs.status).toBe(200);
    expect(docs.text).toContain('/api/openapi.json');
  });
});

describe('API keys', () => {
  it('shows the secret once, stores only its hash, and stops working when revoked', async () => {
    const admin = h.as('provider-admin@A');
    const created = await admin.post('/api/v1/api-keys', { name: 'ci', scopes: ['read'] });
    expect(created.status).toBe(201);
    const { apiKey, secret } = created.json<{
      apiKey: { id: string; prefix: string };
      secret: string;
    }>();
    expect(secret).toMatch(/^sk_[A-Za-z0-9_-]{43}$/);
    expect(secret.startsWith(apiKey.prefix)).toBe(true);
    const stored = await h.db.query<{ row: string }>(
      `select row_to_json(k)::text as row from api_keys k where id = $1`,
      [apiKey.id],
    );
    expect(stored[0]?.row).not.toContain(secret.slice(apiKey.prefix.length));
    const listed = await admin.get('/api/v1/api-keys');
    expect(listed.text).not.toContain(secret);

    const machine = h.raw({ authorization: `Bearer ${secret}` });
    const me = await machine.get('/api/v1/me');
    expect(me.json<{ via: string; scopes: string[] }>()).toMatchObject({
      via: 'apiKey',
      scopes: ['read'],
    });
    const write = await machine.post('/api/v1/api-keys', { name: 'nope', scopes: ['read'] });
    expect([write.status, write.errorCode]).toEqual([403, 'FORBIDDEN']);

    expect((await admin.delete(`/api/v1/api-keys/${apiKey.id}`)).status).toBe(200);
    const revoked = await machine.get('/api/v1/me');
    expect([revoked.status, revoked.errorCode]).toEqual([401, 'UNAUTHENTICATED']);
    const garbage = await h.raw({ authorization: 'Bearer sk_nope' }).get('/api/v1/me');
    expect(garbage.errorCode).toBe('UNAUTHENTICATED');
  });

  it('expires keys at their expiry', async () => {
    const at = new Date(h.clock.now().getTime() + 60_000).toISOString();
    const created = await h
      .as('enterprise-admin@B')
      .post('/api/v1/api-keys', { name: 'short', scopes: ['read'], expiresAt: at });
    const machine = h.raw({ authorization: `Bearer ${created.json<{ secret: string }>().secret}` });
    expect((await machine.get('/api/v1/me')).status).toBe(200);
    h.clock.advanceSeconds(61);
    expect((await machine.get('/api/v1/me')).errorCode).toBe('UNAUTHENTICATED');
  });
});

describe('users', () => {
  it('lets an enterprise-admin create only enterprise roles in its own tenant', async () => {
    const admin = h.as('enterprise-admin@A');
    const operatorRole = await admin.post(
      '/api/v1/users',
      newUser(h.tenants.enterpriseA.id, ['operator-admin']),
    );
    expect([operatorRole.status, operatorRole.errorCode]).toEqual([400, 'VALIDATION_FAILED']);
    const elsewhere = await admin.post(
      '/api/v1/users',
      newUser(h.tenants.providerA.id, ['provider-admin']),
    );
    expect([elsewhere.status, elsewhere.errorCode]).toEqual([404, 'NOT_FOUND']);
    const ok = await admin.post(
      '/api/v1/users',
      newUser(h.tenants.enterpriseA.id, ['enterprise-admin']),
    );
    expect(ok.status).toBe(201);
  });

  it('refuses a duplicate email and lets a new user sign in', async () => {
    const body = newUser(h.tenants.providerB.id, ['provider-admin']);
    const operator = h.as('operator-admin@A');
    expect((await operator.post('/api/v1/users', body)).status).toBe(201);
    const duplicate = await operator.post('/api/v1/users', {
      ...body,
      email: body.email.toUpperCase(),
    });
    expect([duplicate.status, duplicate.errorCode]).toEqual([409, 'EMAIL_UNAVAILABLE']);
    const login = await h
      .as('anonymous')
      .post('/api/v1/auth/login', { email: body.email, password: PASSWORD });
    expect(login.status).toBe(200);
  });
});

describe('updating users', () => {
  it('disabling a user ends its sessions and API keys at once; re-enabling restores them', async () => {
    const operator = h.as('operator-admin@A');
    const body = newUser(h.tenants.enterpriseB.id, ['enterprise-admin']);
    const created = await operator.post('/api/v1/users', body);
    const { id } = created.json<{ id: string }>();
    const login = await h
      .as('anonymous')
      .post('/api/v1/auth/login', { email: body.email, password: PASSWORD });
    const cookie =
      login.headers
        .getSetCookie()
        .find((line) => line.startsWith('suanli_session='))
        ?.split(';')[0] ?? '';
    const { csrfToken } = login.json<{ csrfToken: string }>();
    const session = h.raw({ cookie, 'x-csrf-token': csrfToken });
    const key = await session.post('/api/v1/api-keys', { name: 'k', scopes: ['read'] });
    const machine = h.raw({ authorization: `Bearer ${key.json<{ secret: string }>().secret}` });
    expect((await machine.get('/api/v1/me')).status).toBe(200);

    const selfDisable = await session.patch(`/api/v1/users/${id}`, { disabled: true });
    expect([selfDisable.status, selfDisable.errorCode]).toEqual([409, 'CONFLICT']);
    const disabled = await h
      .as('enterprise-admin@B')
      .patch(`/api/v1/users/${id}`, { disabled: true });
    expect(disabled.json<{ disabled: boolean }>().disabled).toBe(true);
    expect((await session.get('/api/v1/me')).errorCode).toBe('UNAUTHENTICATED');
    expect((await machine.get('/api/v1/me')).errorCode).toBe('UNAUTHENTICATED');
    const again = await h
      .as('anonymous')
      .post('/api/v1/auth/login', { email: body.email, password: PASSWORD });
    expect(again.errorCode).toBe('UNAUTHENTICATED');

    await operator.patch(`/api/v1/users/${id}`, { disabled: false, roles: ['enterprise-member'] });
    const me = await machine.get('/api/v1/me');
    expect(me.json<{ user: { roles: string[] } }>().user.roles).toEqual(['enterprise-member']);
    const noop = await operator.patch(`/api/v1/users/${id}`, {});
    expect([noop.status, noop.errorCode]).toEqual([400, 'VALIDATION_FAILED']);
    const wrongKind = await operator.patch(`/api/v1/users/${id}`, { roles: ['provider-admin'] });
    expect([wrongKind.status, wrongKind.errorCode]).toEqual([400, 'VALIDATION_FAILED']);
    const otherTenant = await h
      .as('enterprise-admin@A')
      .patch(`/api/v1/users/${id}`, { displayName: 'x' });
    expect([otherTenant.status, otherTenant.errorCode]).toEqual([404, 'NOT_FOUND']);
  });
});

describe('per-route body limit', () => {
  it('lets an upload route raise the 1 MiB default and still refuses above its own limit', async () => {
    const logger = createLogger('silent');
    const app = createApp({ db: h.db, logger, metrics: createMetrics(), isReady: () => true });
    const api = createApi(app, { db: h.db, logger, config: loadConfig({ LOG_LEVEL: 'silent' }) });
    const echo = (path: `/api/v1/${string}`, maxBodyBytes?: number) =>
      defineRoute({
        method: 'put',
        path,
        summary: 'echo the body length',
        tags: ['test'],
        access: 'public',
        ...(maxBodyBytes === undefined ? {} : { maxBodyBytes }),
        request: { body: z.object({ data: z.string() }) },
        responses: { 200: { description: 'length' } },
        handler: (c, _auth, { body }) => c.json({ length: body.data.length }, 200),
      });
    api.mount([echo('/api/v1/test/small'), echo('/api/v1/test/large', 3 * 1024 * 1024)]);
    const put = (path: string, length: number) =>
      app.request(path, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ data: 'x'.repeat(length) }),
      });
    expect((await put('/api/v1/test/small', 1024 * 1024)).status).toBe(413);
    expect((await put('/api/v1/test/small', 1000)).status).toBe(200);
    const large = await put('/api/v1/test/large', 2 * 1024 * 1024);
    expect([large.status, await large.json()]).toEqual([200, { length: 2 * 1024 * 1024 }]);
    expect((await put('/api/v1/test/large', 3 * 1024 * 1024)).status).toBe(413);
  });
});

describe('a refusal receipt', () => {
  it('runs after a refusal, and one that fails never replaces the refusal the caller sees', async () => {
    const logger = createLogger('silent');
    const app = createApp({ db: h.db, logger, metrics: createMetrics(), isReady: () => true });
    const api = createApi(app, { db: h.db, logger, config: loadConfig({ LOG_LEVEL: 'silent' }) });
    const receipts: unknown[] = [];
    const refusing = (path: `/api/v1/${string}`, receiptFails: boolean) =>
      defineRoute({
        method: 'post',
        path,
        summary: 'always refuses',
        tags: ['test'],
        access: 'public',
        idempotency: 'none',
        request: { body: z.object({ data: z.string() }) },
        responses: { 200: { description: 'never' } },
        handler: () => {
          throw new DomainError('CONFLICT', 'refused on purpose');
        },
        afterRefusal: (_c, _auth, _input, error) => {
          receipts.push(error);
          return receiptFails ? Promise.reject(new Error('disk full')) : Promise.resolve();
        },
      });
    api.mount([refusing('/api/v1/test/receipt', false), refusing('/api/v1/test/no-receipt', true)]);
    for (const path of ['/api/v1/test/receipt', '/api/v1/test/no-receipt']) {
      const response = await app.request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ data: 'x' }),
      });
      expect(response.status, await response.clone().text()).toBe(409);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('CONFLICT');
    }
    expect(receipts).toHaveLength(2);
  });
});
