import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/client.ts';
import { DomainError } from '../src/domain/shared/errors.ts';
import {
  addPartyPerson,
  areRelated,
  getEnterprise,
  getProvider,
  createSigningKeyChallenge,
  importEnterprisesCsv,
  linkRelatedParties,
  listEnterprises,
  listProviders,
  listProviderSigningKeys,
  listRelatedParties,
  registerEnterprise,
  registerProvider,
  registerProviderSigningKey,
  updateEnterprise,
} from '../src/services/parties/index.ts';
import { ed25519Pair, registerProvenKey, signChallenge } from './support/signing-keys.ts';
import { createTestPglite } from './support/test-database.ts';
import { cliActor, systemActor } from '../src/services/authz/index.ts';
import { freshUscc } from './support/uscc.ts';

const NOW = new Date('2026-11-22T10:00:00Z');
let db: Database;

async function count(table: string): Promise<number> {
  const [row] = await db.query<{ n: bigint }>(`select count(*) as n from ${table}`);
  return Number(row?.n);
}

async function expectDomainError(promise: Promise<unknown>, code: string): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
  return error as DomainError;
}

beforeAll(async () => {
  db = await createTestPglite();
});
afterAll(async () => {
  await db.close();
});

describe('enterprises', () => {
  it('registers an enterprise with its tenant and an audit event, idempotently', async () => {
    const code = freshUscc();
    const input = {
      uscc: code.toLowerCase(),
      name: '杭州示例科技有限公司',
      size: 'small',
      foundedOn: '2021-05-01',
      industries: ['I65'],
    };
    const audits = await count('audit_events');
    const first = await registerEnterprise({ actor: systemActor, sql: db, input, now: NOW });
    expect(first.created).toBe(true);
    expect(first.enterprise).toMatchObject({
      uscc: code,
      regionCode: '330106',
      creditRecord: 'good',
    });
    const [tenant] = await db.query<{ kind: string; name: string }>(
      'select kind, name from tenants where id = $1',
      [first.enterprise.id],
    );
    expect(tenant).toEqual({ kind: 'enterprise', name: '杭州示例科技有限公司' });
    const actions = await db.query<{ action: string }>(
      'select action from audit_events where seq > $1 order by seq',
      [audits],
    );
    expect(actions.map((a) => a.action)).toEqual(['tenant.create', 'enterprise.register']);

    const again = await registerEnterprise({ actor: systemActor, sql: db, input, now: NOW });
    expect(again).toEqual({ enterprise: first.enterprise, created: false });
    const conflict = await expectDomainError(
      registerEnterprise({
        actor: systemActor,
        sql: db,
        input: { ...input, size: 'large' },
        now: NOW,
      }),
      'CONFLICT',
    );
    expect(conflict.details).toMatchObject({ field: 'uscc', differing: ['size'] });
    expect(
      await getEnterprise({ actor: systemActor, sql: db, enterpriseId: first.enterprise.id }),
    ).toEqual(first.enterprise);
  });

  it('refuses bad input with every problem and writes nothing', async () => {
    const before = [
      await count('tenants'),
      await count('enterprises'),
      await count('audit_events'),
    ];
    const error = await expectDomainError(
      registerEnterprise({
        actor: systemActor,
        sql: db,
        input: { uscc: '91330106MA0000001X', name: '', size: 'giant', foundedOn: '2030-01-01' },
        now: NOW,
      }),
      'INVALID_USCC',
    );
    expect(error.details.field).toBe('uscc');
    expect((error.details.problems as { field: string }[]).map((p) => p.field)).toEqual([
      'uscc',
      'name',
      'size',
      'foundedOn',
    ]);
    expect([
      await count('tenants'),
      await count('enterprises'),
      await count('audit_events'),
    ]).toEqual(before);
  });

  it('updates fields with before/after in the audit log, never the USCC', async () => {
    const { enterprise } = await registerEnterprise({
      actor: systemActor,
      sql: db,
      input: { uscc: freshUscc(), name: 'A', size: 'micro', foundedOn: '2024-01-01' },
      now: NOW,
    });
    const later = new Date('2026-11-23T00:00:00Z');
    const updated = await updateEnterprise({
      actor: systemActor,
      sql: db,
      enterpriseId: enterprise.id,
      patch: { size: 'small', phone: '0571-88886666' },
      now: later,
    });
    expect(updated).toMatchObject({
      size: 'small',
      phone: '0571-88886666',
      uscc: enterprise.uscc,
      updatedAt: later,
    });
    await updateEnterprise({
      actor: systemActor,
      sql: db,
      enterpriseId: enterprise.id,
      patch: { name: 'A 2' },
      now: later,
    });
    const [tenant] = await db.query<{ name: string }>('select name from tenants where id = $1', [
      enterprise.id,
    ]);
    expect(tenant?.name).toBe('A 2');
    const [event] = await db.query<{ before_json: string; after_json: string }>(
      `select before_json, after_json from audit_events where action = 'enterprise.update' and entity_id = $1`,
      [enterprise.id],
    );
    expect(JSON.parse(event?.before_json ?? '{}')).toMatchObject({ size: 'micro' });
    expect(JSON.parse(event?.after_json ?? '{}')).toMatchObject({ size: 'small' });
    await expectDomainError(
      updateEnterprise({
        actor: systemActor,
        sql: db,
        enterpriseId: enterprise.id,
        patch: { creditRecord: 'bad' },
        now: later,
      }),
      'VALIDATION_FAILED',
    );
    await expectDomainError(
      updateEnterprise({
        actor: systemActor,
        sql: db,
        enterpriseId: '00000000-0000-7000-8000-000000000000',
        patch: {},
        now: later,
      }),
      'NOT_FOUND',
    );
    await expectDomainError(
      getEnterprise({ actor: systemActor, sql: db, enterpriseId: 'not-a-uuid' }),
      'NOT_FOUND',
    );
  });

  it('lists in id order with a cursor and filters by region containment', async () => {
    for (const region of ['510104', '510105', '440305']) {
      await registerEnterprise({
        actor: systemActor,
        sql: db,
        input: {
          uscc: freshUscc(region),
          name: `E ${region}`,
          size: 'small',
          foundedOn: '2020-01-01',
        },
        now: NOW,
      });
    }
    const chengdu = await listEnterprises({
      actor: systemActor,
      sql: db,
      limit: 1,
      regionCode: '510100',
    });
    expect(chengdu.items.map((e) => e.regionCode)).toEqual(['510104']);
    expect(chengdu.nextAfterId).toBe(chengdu.items[0]?.id);
    const rest = await listEnterprises({
      actor: systemActor,
      sql: db,
      limit: 1,
      regionCode: '510100',
      afterId: chengdu.nextAfterId ?? undefined,
    });
    expect(rest).toMatchObject({ items: [{ regionCode: '510105' }], nextAfterId: null });
    const all: string[] = [];
    let afterId: string | undefined;
    for (let page = 0; page < 100; page += 1) {
      const result = await listEnterprises({ actor: systemActor, sql: db, limit: 2, afterId });
      all.push(...result.items.map((e) => e.id));
      if (result.nextAfterId === null) break;
      afterId = result.nextAfterId;
    }
    expect(all).toEqual([...all].sort());
    expect(all.length).toBe(await count('enterprises'));
    const [named] = (
      await listEnterprises({ actor: systemActor, sql: db, limit: 5, search: 'e 5101' })
    ).items;
    expect(named?.regionCode).toBe('510104');
    const byCode = await listEnterprises({
      actor: systemActor,
      sql: db,
      limit: 5,
      search: named?.uscc.toLowerCase(),
    });
    expect(byCode.items.map((e) => e.id)).toEqual([named?.id]);
    expect(
      (await listEnterprises({ actor: systemActor, sql: db, limit: 5, search: '%' })).items,
    ).toEqual([]);
    await expectDomainError(
      listEnterprises({ actor: systemActor, sql: db, limit: 500 }),
      'VALIDATION_FAILED',
    );
    await expectDomainError(
      listEnterprises({ actor: systemActor, sql: db, limit: 5, regionCode: '99' }),
      'VALIDATION_FAILED',
    );
  });
});

describe('providers and signing keys', () => {
  it('registers a provider and Ed25519 keys, refuses other key types', async () => {
    const { provider } = await registerProvider({
      actor: systemActor,
      sql: db,
      input: {
        uscc: freshUscc('510100'),
        name: '成都智算中心',
        kinds: ['compute', 'model'],
        acceleratorOrigins: ['domestic'],
      },
      now: NOW,
    });
    expect(provider).toMatchObject({
      regionCode: '510100',
      kinds: ['compute', 'model'],
      acceleratorOrigins: ['domestic'],
    });
    expect(await getProvider({ actor: systemActor, sql: db, providerId: provider.id })).toEqual(
      provider,
    );
    expect(
      (await listProviders({ actor: systemActor, sql: db, limit: 50, kind: 'model' })).items.map(
        (p) => p.id,
      ),
    ).toContain(provider.id);

    const pair = ed25519Pair();
    const { pair: used, ...key } = await registerProvenKey({
      sql: db,
      providerId: provider.id,
      pair,
      label: 'meter-1',
      now: NOW,
    });
    expect(used).toBe(pair);
    expect(key.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(key.provenAt).toEqual(NOW);
    const raw = createPublicKey(pair.publicKeyPem)
      .export({ format: 'der', type: 'spki' })
      .subarray(12)
      .toString('base64');
    const again = await createSigningKeyChallenge({
      sql: db,
      providerId: provider.id,
      publicKey: raw,
      now: NOW,
    });
    const proof = {
      challengeId: again.challengeId,
      signature: signChallenge(again.challenge, pair.privateKey),
    };
    expect(
      await registerProviderSigningKey({
        sql: db,
        providerId: provider.id,
        publicKey: raw,
        proof,
        now: NOW,
      }),
    ).toEqual(key);
    // The challenge is used up with the registration.
    await expectDomainError(
      registerProviderSigningKey({
        sql: db,
        providerId: provider.id,
        publicKey: raw,
        proof,
        now: NOW,
      }),
      'SIGNING_KEY_PROOF_FAILED',
    );
    expect(await listProviderSigningKeys({ sql: db, providerId: provider.id })).toEqual([key]);

    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .publicKey.export({ format: 'pem', type: 'spki' })
      .toString();
    await expectDomainError(
      createSigningKeyChallenge({ sql: db, providerId: provider.id, publicKey: rsa, now: NOW }),
      'VALIDATION_FAILED',
    );
    const other = await registerProvider({
      actor: systemActor,
      sql: db,
      input: { uscc: freshUscc(), name: 'Other', kinds: ['model'] },
      now: NOW,
    });
    // Another provider holding the same private key: the key has one signer already.
    await expectDomainError(
      registerProvenKey({ sql: db, providerId: other.provider.id, pair, now: NOW }),
      'CONFLICT',
    );
    await expectDomainError(
      registerProvider({
        actor: systemActor,
        sql: db,
        input: { uscc: freshUscc(), name: 'No chips', kinds: ['compute'] },
        now: NOW,
      }),
      'VALIDATION_FAILED',
    );
  });
});

describe('related parties', () => {
  it('finds shared people, phones and links with evidence, and answers areRelated', async () => {
    const e = await registerEnterprise({
      actor: systemActor,
      sql: db,
      input: {
        uscc: freshUscc(),
        name: 'Buyer',
        size: 'small',
        foundedOn: '2022-01-01',
        legalRepresentative: '王五',
        address: '杭州市西湖区文三路 1 号',
      },
      now: NOW,
    });
    const p = await registerProvider({
      actor: systemActor,
      sql: db,
      input: {
        uscc: freshUscc(),
        name: 'Seller',
        kinds: ['model'],
        legalRepresentative: '赵六',
        address: '杭州市西湖区文三路1号',
      },
      now: NOW,
    });
    const q = await registerProvider({
      actor: systemActor,
      sql: db,
      input: { uscc: freshUscc(), name: 'Unrelated', kinds: ['model'] },
      now: NOW,
    });
    const enterpriseId = e.enterprise.id;
    const providerId = p.provider.id;

    // Only the address matches: probable, a reviewer decides.
    expect(await areRelated({ sql: db, enterpriseId, providerId })).toMatchObject({
      related: false,
      needsReview: true,
      reasons: [{ kind: 'same_address' }],
    });

    await addPartyPerson({
      actor: systemActor,
      sql: db,
      partyId: enterpriseId,
      person: { name: '钱七', role: 'shareholder', idDocumentNumber: '11010519491231002x' },
      now: NOW,
    });
    await addPartyPerson({
      actor: systemActor,
      sql: db,
      partyId: providerId,
      person: { name: '钱七', role: 'shareholder', idDocumentNumber: '11010519491231002X' },
      now: NOW,
    });
    const check = await areRelated({ sql: db, enterpriseId, providerId });
    expect(check.related).toBe(true);
    expect(check.reasons.map((r) => [r.kind, r.confidence])).toEqual([
      ['shared_shareholder', 'certain'],
      ['same_address', 'probable'],
    ]);
    const stored = await db.query<{ id_document_hash: string }>(
      'select id_document_hash from party_people where party_id = $1',
      [enterpriseId],
    );
    expect(stored[0]?.id_document_hash).toMatch(/^[0-9a-f]{64}$/); // the number itself is not stored

    expect(await areRelated({ sql: db, enterpriseId, providerId: q.provider.id })).toEqual({
      related: false,
      needsReview: false,
      reasons: [],
    });
    const link = await linkRelatedParties({
      actor: systemActor,
      sql: db,
      partyAId: q.provider.id,
      partyBId: enterpriseId,
      reason: 'same group',
      now: NOW,
    });
    expect(link.created).toBe(true);
    expect(
      (
        await linkRelatedParties({
          actor: systemActor,
          sql: db,
          partyAId: enterpriseId,
          partyBId: q.provider.id,
          reason: 'again',
          now: NOW,
        })
      ).created,
    ).toBe(false);
    expect(await areRelated({ sql: db, enterpriseId, providerId: q.provider.id })).toMatchObject({
      related: true,
      reasons: [{ kind: 'explicit_link', evidence: { reason: 'same group' } }],
    });

    const related = await listRelatedParties({
      actor: systemActor,
      sql: db,
      partyId: enterpriseId,
    });
    expect(related.map((r) => [r.party.name, r.related]).sort()).toEqual([
      ['Seller', true],
      ['Unrelated', true],
    ]);
    await expectDomainError(
      areRelated({ sql: db, enterpriseId: providerId, providerId }),
      'NOT_FOUND',
    );
    await expectDomainError(
      linkRelatedParties({
        actor: systemActor,
        sql: db,
        partyAId: enterpriseId,
        partyBId: enterpriseId,
        reason: 'x',
        now: NOW,
      }),
      'VALIDATION_FAILED',
    );
  });

  it('matches a legal representative written on the party against a person of another party', async () => {
    const e = await registerEnterprise({
      actor: systemActor,
      sql: db,
      input: {
        uscc: freshUscc(),
        name: 'Small',
        size: 'micro',
        foundedOn: '2023-01-01',
        legalRepresentative: '孙八',
        phone: '+86 139 0000 1111',
      },
      now: NOW,
    });
    const p = await registerProvider({
      actor: systemActor,
      sql: db,
      input: {
        uscc: freshUscc(),
        name: 'Centre',
        kinds: ['compute'],
        acceleratorOrigins: ['imported'],
      },
      now: NOW,
    });
    await addPartyPerson({
      actor: systemActor,
      sql: db,
      partyId: p.provider.id,
      person: { name: '孙八', role: 'contact', phone: '13900001111' },
      now: NOW,
    });
    const check = await areRelated({
      sql: db,
      enterpriseId: e.enterprise.id,
      providerId: p.provider.id,
    });
    expect(check.reasons.map((r) => [r.kind, r.confidence])).toEqual([
      ['shared_person', 'probable'],
      ['same_phone', 'certain'],
    ]);
    expect(check.related).toBe(true);
    expect(
      (await listRelatedParties({ actor: systemActor, sql: db, partyId: p.provider.id })).map(
        (r) => r.party.id,
      ),
    ).toEqual([e.enterprise.id]);
  });
});

describe('importEnterprisesCsv', () => {
  const header =
    'uscc,name,region_code,size,founded_on,industries,credit_record,legal_representative,phone,address';

  it('imports all rows or none, and re-imports idempotently', async () => {
    const [a, b] = [freshUscc('420100'), freshUscc('420100')];
    const good = `\uFEFF${header}\r\n${a},"武汉算力, 有限公司",,small,2022-03-01,I65;I64,good,周九,027-88886666,"武汉市 ""光谷"" 1号"\r\n${b},武汉模型科技,420111,micro,2024-06-01,,,,,\r\n`;
    const before = await count('enterprises');
    const bad = `${good}${freshUscc()},,330106,tiny,2024-06-01,,,,,\r\n`;
    const error = await expectDomainError(
      importEnterprisesCsv({ actor: systemActor, sql: db, csvText: bad, now: NOW }),
      'VALIDATION_FAILED',
    );
    expect(error.details.problems).toEqual([
      { row: 4, column: 'name', code: 'REQUIRED', message: 'name is required' },
      {
        row: 4,
        column: 'size',
        code: 'INVALID_VALUE',
        message: 'size must be one of micro, small, medium, large',
      },
    ]);
    expect(await count('enterprises')).toBe(before);

    const result = await importEnterprisesCsv({
      sql: db,
      csvText: good,
      now: NOW,
      actor: cliActor,
    });
    expect(result).toMatchObject({ createdCount: 2, skippedCount: 0 });
    const first = await getEnterprise({
      actor: systemActor,
      sql: db,
      enterpriseId: result.rows[0]?.enterpriseId ?? '',
    });
    expect(first).toMatchObject({
      name: '武汉算力, 有限公司',
      regionCode: '420100',
      industries: ['I64', 'I65'],
      address: '武汉市 "光谷" 1号',
      legalRepresentative: '周九',
    });
    const events = await db.query<{ n: bigint }>(
      `select count(*) as n from audit_events where action = 'enterprise.import'`,
    );
    expect(Number(events[0]?.n)).toBe(2);

    const again = await importEnterprisesCsv({
      actor: systemActor,
      sql: db,
      csvText: good,
      now: NOW,
    });
    expect(again).toMatchObject({ createdCount: 0, skippedCount: 2 });
    expect(again.rows.map((r) => r.enterpriseId)).toEqual(result.rows.map((r) => r.enterpriseId));

    const changed = good
      .replace('micro', 'medium')
      .concat(`${freshUscc()},New,,small,2020-01-01,,,,,\r\n`);
    const conflict = await expectDomainError(
      importEnterprisesCsv({ actor: systemActor, sql: db, csvText: changed, now: NOW }),
      'CONFLICT',
    );
    expect(conflict.details.problems).toMatchObject([{ row: 3, column: 'uscc', code: 'CONFLICT' }]);
    expect(await count('enterprises')).toBe(before + 2);
  });

  it('imports a thousand rows in one go', async () => {
    const lines = Array.from(
      { length: 1000 },
      (_, i) => `${freshUscc('320500')},企业${i},,small,2020-01-01,C39,,,,`,
    );
    const started = performance.now();
    const result = await importEnterprisesCsv({
      actor: systemActor,
      sql: db,
      csvText: [header, ...lines].join('\n'),
      now: NOW,
    });
    expect(result.createdCount).toBe(1000);
    expect(performance.now() - started).toBeLessThan(30_000);
  });
});
