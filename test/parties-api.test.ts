import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHarness, type ApiHarness } from './support/api-harness.ts';
import { ensureEnterprise, ensureProvider } from './support/matrix-entries/parties.ts';
import { ed25519Pair, provenKeyBody } from './support/signing-keys.ts';
import { freshUscc } from './support/uscc.ts';

let h: ApiHarness;

beforeAll(async () => {
  h = await createApiHarness();
});
afterAll(async () => {
  await h.close();
});

describe('enterprises over HTTP', () => {
  it('registers, reads, patches and lists; idempotent on the USCC', async () => {
    const admin = h.as('operator-admin@A');
    const body = {
      uscc: freshUscc(),
      name: '杭州示例科技有限公司',
      size: 'small',
      foundedOn: '2021-05-01',
      industries: ['I65'],
    };
    const created = await admin.post('/api/v1/enterprises', body);
    expect(created.status).toBe(201);
    const enterprise = created.json<{ id: string; regionCode: string; createdAt: string }>();
    expect(enterprise.regionCode).toBe('330106');

    const [event] = await h.db.query<{
      actor_user_id: string;
      actor_via: string;
      request_id: string | null;
    }>(
      `select actor_user_id, actor_via, request_id from audit_events
        where action = 'enterprise.register' and entity_id = $1`,
      [enterprise.id],
    );
    expect(event).toMatchObject({
      actor_user_id: h.actors['operator-admin@A'].userId,
      actor_via: 'session',
    });
    expect(event?.request_id).toBe(created.headers.get('x-request-id'));

    const again = await admin.post('/api/v1/enterprises', body);
    expect(again.status).toBe(200);
    expect(again.json<{ id: string }>().id).toBe(enterprise.id);
    const conflict = await admin.post('/api/v1/enterprises', { ...body, size: 'large' });
    expect([conflict.status, conflict.errorCode]).toEqual([409, 'CONFLICT']);

    const patched = await admin.patch(`/api/v1/enterprises/${enterprise.id}`, {
      creditRecord: 'poor',
    });
    expect(patched.status).toBe(200);
    expect(patched.json<{ creditRecord: string }>().creditRecord).toBe('poor');
    const read = await h.as('reviewer@A').get(`/api/v1/enterprises/${enterprise.id}`);
    expect(read.json<{ creditRecord: string }>().creditRecord).toBe('poor');

    const page = await h.as('auditor@A').get('/api/v1/enterprises?limit=200&regionCode=330100');
    expect(page.status).toBe(200);
    expect(page.json<{ items: { id: string }[] }>().items.map((e) => e.id)).toContain(
      enterprise.id,
    );
  });

  it('refuses an invalid USCC with INVALID_USCC and writes nothing', async () => {
    const [before] = await h.db.query<{ n: bigint }>('select count(*) as n from enterprises');
    const response = await h.as('operator-admin@A').post('/api/v1/enterprises', {
      uscc: '91330100799655058C',
      name: 'X',
      size: 'small',
      foundedOn: '2021-05-01',
    });
    expect(response.status).toBe(400);
    expect(response.errorCode).toBe('INVALID_USCC');
    expect(response.json<{ error: { message: string } }>().error.message).toMatch(/expected B/);
    const [after] = await h.db.query<{ n: bigint }>('select count(*) as n from enterprises');
    expect(after?.n).toBe(before?.n);
  });

  it('lets an enterprise read only its own record', async () => {
    const own = await ensureEnterprise(h, h.tenants.enterpriseA);
    const other = await ensureEnterprise(h, h.tenants.enterpriseB);
    expect((await h.as('enterprise-member@A').get(`/api/v1/enterprises/${own}`)).status).toBe(200);
    const foreign = await h.as('enterprise-admin@A').get(`/api/v1/enterprises/${other}`);
    expect([foreign.status, foreign.errorCode]).toEqual([404, 'NOT_FOUND']);
    expect((await h.as('enterprise-admin@A').get('/api/v1/enterprises')).status).toBe(403);
    expect(
      (await h.as('enterprise-admin@A').patch(`/api/v1/enterprises/${own}`, { size: 'large' }))
        .status,
    ).toBe(403);
  });

  it('imports a CSV file all-or-nothing and reports problems by row and column', async () => {
    const admin = h.as('operator-admin@A');
    const header =
      'uscc,name,region_code,size,founded_on,industries,credit_record,legal_representative,phone,address';
    const good = `${header}\r\n${freshUscc('420100')},武汉甲,,small,2022-01-01,I65,,,,\r\n${freshUscc('420100')},武汉乙,,micro,2023-01-01,,,,,\r\n`;
    const csv = { rawBody: good, headers: { 'content-type': 'text/csv; charset=utf-8' } };
    const bad = await admin.post('/api/v1/enterprises/import', undefined, {
      ...csv,
      rawBody: `${good}${freshUscc()},,,small,2022-01-01,,,,,\r\n`,
    });
    expect([bad.status, bad.errorCode]).toEqual([400, 'VALIDATION_FAILED']);
    expect(
      bad.json<{ error: { details: { problems: unknown[] } } }>().error.details.problems,
    ).toEqual([{ row: 4, column: 'name', code: 'REQUIRED', message: 'name is required' }]);
    const imported = await admin.post('/api/v1/enterprises/import', undefined, csv);
    expect(imported.status).toBe(200);
    expect(imported.json()).toMatchObject({ createdCount: 2, skippedCount: 0 });
    const replay = await admin.post('/api/v1/enterprises/import', undefined, csv);
    expect(replay.json()).toMatchObject({ createdCount: 0, skippedCount: 2 });

    const json = await admin.post('/api/v1/enterprises/import', { csv: good });
    expect([json.status, json.errorCode]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    const gbk = await h.app.request('/api/v1/enterprises/import', {
      method: 'POST',
      headers: {
        'content-type': 'text/csv',
        cookie: `suanli_session=${h.actors['operator-admin@A'].sessionToken}; suanli_csrf=${h.actors['operator-admin@A'].csrfToken}`,
        'x-csrf-token': h.actors['operator-admin@A'].csrfToken,
      },
      body: new Uint8Array([0x75, 0x73, 0x63, 0x63, 0x0a, 0xce, 0xe4, 0xba, 0xba]), // GBK 武汉
    });
    expect(gbk.status).toBe(400);
    expect(
      (await h.as('reviewer@A').post('/api/v1/enterprises/import', undefined, csv)).status,
    ).toBe(403);
  });
});

describe('providers, keys and related parties over HTTP', () => {
  it('registers a provider with a signing key; the provider may add keys only to itself', async () => {
    const admin = h.as('operator-admin@A');
    const created = await admin.post('/api/v1/providers', {
      uscc: freshUscc('510100'),
      name: '成都智算',
      kinds: ['compute'],
      acceleratorOrigins: ['domestic', 'imported'],
    });
    expect(created.status).toBe(201);
    const everyoneSees = await h
      .as('enterprise-member@B')
      .get(`/api/v1/providers/${created.json<{ id: string }>().id}`);
    expect(everyoneSees.status).toBe(200);

    const own = await ensureProvider(h, h.tenants.providerA);
    const other = await ensureProvider(h, h.tenants.providerB);
    const pair = ed25519Pair();
    const added = await h
      .as('provider-admin@A')
      .post(
        `/api/v1/providers/${own}/signing-keys`,
        await provenKeyBody(h.as('provider-admin@A'), own, pair, 'meter'),
      );
    expect(added.status).toBe(201);
    const foreign = await h
      .as('provider-admin@A')
      .post(`/api/v1/providers/${other}/signing-keys/challenges`, { publicKey: pair.publicKeyPem });
    expect(foreign.status).toBe(404);
    const listed = await h.as('provider-admin@A').get(`/api/v1/providers/${own}/signing-keys`);
    expect(listed.json<{ items: { fingerprint: string }[] }>().items).toHaveLength(1);
    const keyId = added.json<{ id: string }>().id;
    const revoked = await h
      .as('provider-admin@A')
      .delete(`/api/v1/providers/${own}/signing-keys/${keyId}`);
    expect(revoked.status).toBe(200);
    expect(revoked.json<{ revokedAt: string | null }>().revokedAt).not.toBeNull();
    const stranger = await h
      .as('provider-admin@B')
      .delete(`/api/v1/providers/${own}/signing-keys/${keyId}`);
    expect(stranger.status).toBe(404);
    const notAKey = await h
      .as('provider-admin@A')
      .post(`/api/v1/providers/${own}/signing-keys/challenges`, { publicKey: 'hello' });
    expect([notAKey.status, notAKey.errorCode]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('records people and links, and shows related parties to operator staff only', async () => {
    const admin = h.as('operator-admin@A');
    const enterprise = await ensureEnterprise(h, h.tenants.enterpriseA);
    const provider = await ensureProvider(h, h.tenants.providerA);
    for (const partyId of [enterprise, provider]) {
      const person = await admin.post(`/api/v1/parties/${partyId}/people`, {
        name: '吴十',
        role: 'shareholder',
        idDocumentNumber: '330106199001011234',
      });
      expect(person.status).toBe(201);
      expect(person.text).not.toContain('330106199001011234');
    }
    const related = await h.as('auditor@A').get(`/api/v1/parties/${enterprise}/related`);
    expect(related.status).toBe(200);
    expect(related.json()).toMatchObject({
      items: [
        { party: { id: provider }, related: true, reasons: [{ kind: 'shared_shareholder' }] },
      ],
    });
    expect(
      (await h.as('enterprise-admin@A').get(`/api/v1/parties/${enterprise}/related`)).status,
    ).toBe(403);

    const link = await admin.post('/api/v1/related-party-links', {
      partyAId: enterprise,
      partyBId: provider,
      reason: 'same group',
    });
    expect(link.status).toBe(201);
    const relink = await admin.post('/api/v1/related-party-links', {
      partyAId: provider,
      partyBId: enterprise,
      reason: 'again',
    });
    expect(relink.status).toBe(200);
    expect(relink.json<{ id: string }>().id).toBe(link.json<{ id: string }>().id);
    const people = await h.as('reviewer@A').get(`/api/v1/parties/${provider}/people`);
    expect(people.json<{ items: unknown[] }>().items).toHaveLength(1);
  });
});

describe('OpenAPI document', () => {
  it('describes every parties route', async () => {
    const doc = await h.as('anonymous').get('/api/openapi.json');
    expect(doc.status).toBe(200);
    const paths = Object.keys(doc.json<{ paths: Record<string, unknown> }>().paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/v1/enterprises',
        '/api/v1/enterprises/import',
        '/api/v1/enterprises/{id}',
        '/api/v1/providers',
        '/api/v1/providers/{id}',
        '/api/v1/providers/{id}/signing-keys',
        '/api/v1/providers/{id}/signing-keys/{keyId}',
        '/api/v1/providers/{id}/signing-keys/challenges',
        '/api/v1/parties/{id}/related',
        '/api/v1/parties/{id}/people',
        '/api/v1/related-party-links',
      ]),
    );
  });
});
