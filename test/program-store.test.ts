import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/client.ts';
import { isDomainError } from '../src/domain/shared/errors.ts';
import {
  getProgram,
  getVersionInForce,
  listPrograms,
  listVersionsInForce,
  loadCatalog,
  publishCatalog,
  publishProgramVersion,
} from '../src/services/programs/index.ts';
import { createTestPglite, createTestPostgres } from './support/test-database.ts';

const now = new Date('2025-05-01T08:00:00Z');

function versionText(id: string, version: number, effectiveFrom: string, rateBps: number): string {
  return `id: ${id}
version: ${version}
name: { zh-CN: 测试项目, en: Test program }
issuer: { zh-CN: 测试局, en: Test bureau }
regionCode: "330100"
fiscalYear: 2025
budgetYuan: "1000000"
effectiveFrom: "${effectiveFrom}"
allocation: automatic
disbursement: pay-provider
eligibility: { purchaseKinds: [compute] }
rates:
  - { id: all, label: { zh-CN: 全部, en: all }, rateBps: ${rateBps} }
sources: [{ title: test }]
`;
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    expect(isDomainError(error) && error.code).toBe(code);
    return error;
  }
  throw new Error(`expected ${code}`);
}

const backends: [string, () => Promise<{ db: Database; close: () => Promise<void> }>][] = [
  [
    'PGlite',
    async () => {
      const db = await createTestPglite();
      return { db, close: () => db.close() };
    },
  ],
  [
    'PostgreSQL',
    async () => {
      const postgres = await createTestPostgres(4);
      return { db: postgres.db, close: postgres.drop };
    },
  ],
];

describe.each(backends)('program versions in the database (%s)', (_name, open) => {
  let db: Database;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ db, close } = await open());
  });
  afterAll(async () => {
    await close();
  });

  it('publishes the whole catalog once; a second run publishes nothing', async () => {
    const catalog = await loadCatalog();
    const first = await publishCatalog({ db, now });
    expect(first).toHaveLength(catalog.length);
    expect(first.every((result) => result.status === 'published')).toBe(true);
    const second = await publishCatalog({ db, now });
    expect(second.every((result) => result.status === 'exists')).toBe(true);
    const [{ count } = { count: 0n }] = await db.query<{ count: bigint }>(
      'select count(*) as count from program_versions',
    );
    expect(count).toBe(BigInt(catalog.length));
  });

  it('lists programs with the version in force and returns one program with its versions', async () => {
    const programs = await listPrograms({ sql: db, date: '2025-06-01' });
    const hangzhou = programs.find((program) => program.id === 'hangzhou-city-compute');
    expect(hangzhou?.inForce?.version).toBe(1);
    expect(hangzhou?.inForce?.budgetFen).toBe(25_000_000_000n);
    const detail = await getProgram({ sql: db, programId: 'hangzhou-city-compute' });
    expect(detail.versions[0]?.definition.caps.perEnterpriseYearFen).toBe(800_000_000n);
    await expectCode(getProgram({ sql: db, programId: 'nowhere' }), 'PROGRAM_NOT_FOUND');
  });

  it('picks the highest version whose effective period contains the date', async () => {
    await publishProgramVersion({
      sql: db,
      yamlText: versionText('test-versions', 1, '2025-01-01', 1000),
      publishedBy: 'op',
      now,
    });
    await publishProgramVersion({
      sql: db,
      yamlText: versionText('test-versions', 2, '2025-07-01', 2000),
      publishedBy: 'op',
      now,
    });
    const june = await getVersionInForce({
      sql: db,
      programId: 'test-versions',
      date: '2025-06-30',
    });
    const july = await getVersionInForce({
      sql: db,
      programId: 'test-versions',
      date: '2025-07-01',
    });
    expect([june.version, june.definition.rates[0]?.rateBps]).toEqual([1, 1000]);
    expect([july.version, july.definition.rates[0]?.rateBps]).toEqual([2, 2000]);
    await expectCode(
      getVersionInForce({ sql: db, programId: 'test-versions', date: '2024-12-31' }),
      // The program exists; no version covers the date (issue 12, item 12).
      'PROGRAM_NOT_IN_FORCE',
    );
    const inForce = await listVersionsInForce({ sql: db, date: '2025-07-02' });
    expect(inForce.find((version) => version.programId === 'test-versions')?.version).toBe(2);
  });

  it('refuses to change a published version, in the service and in the database', async () => {
    await expectCode(
      publishProgramVersion({
        sql: db,
        yamlText: versionText('test-versions', 2, '2025-07-01', 2500),
        publishedBy: 'op',
        now,
      }),
      'PROGRAM_VERSION_IMMUTABLE',
    );
    await expectCode(
      publishProgramVersion({
        sql: db,
        yamlText: versionText('test-versions', 1, '2025-03-01', 1000).replace('1000000', '5'),
        publishedBy: 'op',
        now,
      }),
      'PROGRAM_VERSION_IMMUTABLE',
    );
    await expect(
      db.query("update program_versions set yaml = 'x' where program_id = 'test-versions'"),
    ).rejects.toThrow(/append-only/);
    await expect(
      db.query("delete from program_versions where program_id = 'test-versions'"),
    ).rejects.toThrow(/append-only/);
    const same = await publishProgramVersion({
      sql: db,
      yamlText: versionText('test-versions', 2, '2025-07-01', 2000),
      publishedBy: 'op',
      now,
    });
    expect(same.status).toBe('exists');
  });

  it('concurrent publishes of one version: one wins, the same text is `exists`, other text is refused', async () => {
    const texts = [1000, 1000, 1000, 2000, 3000].map((rateBps) =>
      versionText('test-race', 1, '2025-01-01', rateBps),
    );
    const outcomes = await Promise.all(
      texts.map(async (yamlText) => {
        try {
          return (await publishProgramVersion({ sql: db, yamlText, publishedBy: 'op', now }))
            .status;
        } catch (error) {
          return isDomainError(error) ? error.code : String(error);
        }
      }),
    );
    const winner = await getVersionInForce({ sql: db, programId: 'test-race', date: '2025-06-01' });
    const winningRate = winner.definition.rates[0]?.rateBps;
    const expected = texts.map((_text, index) =>
      [1000, 1000, 1000, 2000, 3000][index] === winningRate
        ? 'published-or-exists'
        : 'PROGRAM_VERSION_IMMUTABLE',
    );
    expect(
      outcomes.map((outcome) =>
        outcome === 'published' || outcome === 'exists' ? 'published-or-exists' : outcome,
      ),
    ).toEqual(expected);
    expect(outcomes.filter((outcome) => outcome === 'published')).toHaveLength(1);
    const rows = await db.query("select 1 from program_versions where program_id = 'test-race'");
    expect(rows).toHaveLength(1);
  });

  it('publishes nothing from a malformed file and lists every problem with line and column', async () => {
    const before = await db.query('select 1 from program_versions');
    const bad = versionText('test-bad', 1, '2025-13-01', 20_000).replace(
      'allocation: automatic',
      'allocation: lottery',
    );
    const error = await expectCode(
      publishProgramVersion({ sql: db, yamlText: bad, publishedBy: 'op', now }),
      'PROGRAM_INVALID',
    );
    const problems = (error as { details: { problems: { path: string; line?: number }[] } }).details
      .problems;
    expect(problems.map((problem) => [problem.path, problem.line])).toEqual([
      ['effectiveFrom', 8],
      ['allocation', 9],
      ['rates.0.rateBps', 13],
    ]);
    expect(await db.query('select 1 from program_versions')).toHaveLength(before.length);
    expect(await db.query("select 1 from programs where id = 'test-bad'")).toHaveLength(0);
  });
});
