import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../src/domain/shared/errors.ts';
import {
  addPartyPerson,
  areRelated,
  importEnterprisesCsv,
  linkRelatedParties,
  listRelatedParties,
  registerEnterprise,
  registerProvider,
} from '../src/services/parties/index.ts';
import { createTestPostgres, type TestPostgres } from './support/test-database.ts';
import { systemActor } from '../src/services/authz/index.ts';
import { freshUscc } from './support/uscc.ts';

const NOW = new Date('2026-11-22T10:00:00Z');
let pg: TestPostgres;

async function count(table: string): Promise<number> {
  const [row] = await pg.db.query<{ n: bigint }>(`select count(*) as n from ${table}`);
  return Number(row?.n);
}

beforeAll(async () => {
  pg = await createTestPostgres(12);
});
afterAll(async () => {
  await pg.drop();
});

describe('parties on PostgreSQL under concurrency', () => {
  it('registers one enterprise when ten identical registrations race', async () => {
    const input = {
      uscc: freshUscc(),
      name: '苏州并发科技',
      size: 'small',
      foundedOn: '2020-01-01',
    };
    const tenantsBefore = await count('tenants');
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        registerEnterprise({ actor: systemActor, sql: pg.db, input, now: NOW }),
      ),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.enterprise.id)).size).toBe(1);
    expect(await count('tenants')).toBe(tenantsBefore + 1);
  });

  it('lets one of two different registrations of a USCC win; the other is a CONFLICT', async () => {
    const code = freshUscc();
    const settled = await Promise.allSettled(
      ['micro', 'large'].map((size) =>
        registerEnterprise({
          actor: systemActor,
          sql: pg.db,
          input: { uscc: code, name: 'Race', size, foundedOn: '2020-01-01' },
          now: NOW,
        }),
      ),
    );
    expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(1);
    const rejected = settled.find((s) => s.status === 'rejected');
    expect(rejected?.reason).toBeInstanceOf(DomainError);
    expect((rejected?.reason as DomainError).code).toBe('CONFLICT');
    const rows = await pg.db.query('select id from enterprises where uscc = $1', [code]);
    expect(rows).toHaveLength(1);
  });

  it('imports overlapping files concurrently without duplicates or deadlocks', async () => {
    const header = 'uscc,name,size,founded_on';
    const codes = Array.from({ length: 60 }, () => freshUscc());
    const file = (from: number, to: number) =>
      [header, ...codes.slice(from, to).map((code) => `${code},企业${code},small,2021-01-01`)].join(
        '\n',
      );
    const before = await count('enterprises');
    const results = await Promise.all([
      importEnterprisesCsv({ actor: systemActor, sql: pg.db, csvText: file(0, 40), now: NOW }),
      importEnterprisesCsv({ actor: systemActor, sql: pg.db, csvText: file(20, 60), now: NOW }),
      importEnterprisesCsv({ actor: systemActor, sql: pg.db, csvText: file(10, 50), now: NOW }),
      registerEnterprise({
        actor: systemActor,
        sql: pg.db,
        input: {
          uscc: codes[30] ?? '',
          name: `企业${codes[30] ?? ''}`,
          size: 'small',
          foundedOn: '2021-01-01',
        },
        now: NOW,
      }),
    ]);
    expect(await count('enterprises')).toBe(before + 60);
    const imports = results.slice(0, 3) as { createdCount: number; skippedCount: number }[];
    const created = imports.reduce((sum, r) => sum + r.createdCount, 0);
    const single = results[3] as { created: boolean };
    expect(created + (single.created ? 1 : 0)).toBe(60);
    expect(imports.map((r) => r.createdCount + r.skippedCount)).toEqual([40, 40, 40]);
  });

  it('stores one link when the same pair is declared in both orders at once', async () => {
    const { enterprise } = await registerEnterprise({
      actor: systemActor,
      sql: pg.db,
      input: { uscc: freshUscc(), name: 'Linked E', size: 'micro', foundedOn: '2022-01-01' },
      now: NOW,
    });
    const { provider } = await registerProvider({
      actor: systemActor,
      sql: pg.db,
      input: { uscc: freshUscc(), name: 'Linked P', kinds: ['model'] },
      now: NOW,
    });
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        linkRelatedParties({
          actor: systemActor,
          sql: pg.db,
          partyAId: i % 2 === 0 ? enterprise.id : provider.id,
          partyBId: i % 2 === 0 ? provider.id : enterprise.id,
          reason: `declared ${i}`,
          now: NOW,
        }),
      ),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.link.id)).size).toBe(1);
  });

  it('finds related parties with the same SQL on PostgreSQL 15', async () => {
    const { enterprise } = await registerEnterprise({
      actor: systemActor,
      sql: pg.db,
      input: {
        uscc: freshUscc(),
        name: 'PG E',
        size: 'micro',
        foundedOn: '2022-01-01',
        legalRepresentative: '郑一',
        phone: '025-8888 1234',
      },
      now: NOW,
    });
    const { provider } = await registerProvider({
      actor: systemActor,
      sql: pg.db,
      input: { uscc: freshUscc(), name: 'PG P', kinds: ['model'], legalRepresentative: '郑 一' },
      now: NOW,
    });
    await addPartyPerson({
      actor: systemActor,
      sql: pg.db,
      partyId: provider.id,
      person: { name: '冯二', role: 'contact', phone: '+86 25 8888 1234' },
      now: NOW,
    });
    const related = await listRelatedParties({
      actor: systemActor,
      sql: pg.db,
      partyId: enterprise.id,
    });
    expect(related.map((r) => [r.party.id, r.related])).toEqual([[provider.id, true]]);
    expect(related[0]?.reasons.map((r) => r.kind)).toEqual([
      'shared_legal_representative',
      'same_phone',
    ]);
    const check = await areRelated({
      sql: pg.db,
      enterpriseId: enterprise.id,
      providerId: provider.id,
    });
    expect(check.related).toBe(true);
  });
});
