import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishCatalog } from '../src/services/programs/index.ts';
import { createApiHarness, type ApiHarness } from './support/api-harness.ts';

const purchase = {
  kind: 'compute',
  amountFen: '100000000',
  contractId: 'c-1',
  contractAmountFen: '100000000',
  contractSignedOn: '2025-03-01',
  providerId: 'p-1',
  chipOrigin: 'domestic',
  date: '2025-04-01',
};
const enterprise = { id: 'e-1', usccRegionCode: '330106', size: 'large', foundedOn: '2015-05-01' };

describe('programs API', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await createApiHarness();
    await publishCatalog({ db: h.db, now: h.clock.now() });
  });
  afterAll(async () => {
    await h.close();
  });

  it('lists the catalog with versions in force and shows one program with its YAML', async () => {
    const list = await h.as('anonymous').get('/api/v1/programs?date=2026-02-01');
    expect(list.status).toBe(200);
    const items = list.json<{
      items: { id: string; inForce: { version: number; budgetFen: string } | null }[];
    }>().items;
    expect(items.find((item) => item.id === 'guizhou-compute')?.inForce).toMatchObject({
      version: 2,
      budgetFen: '14000000000',
    });
    expect(items.find((item) => item.id === 'beijing-compute')?.inForce).toBeNull();
    const detail = await h.as('anonymous').get('/api/v1/programs/hangzhou-city-compute');
    expect(detail.status).toBe(200);
    expect(detail.json<{ versions: { yamlText: string }[] }>().versions[0]?.yamlText).toContain(
      'id: hangzhou-city-compute',
    );
    const missing = await h.as('anonymous').get('/api/v1/programs/nowhere');
    expect([missing.status, missing.json<{ error: { code: string } }>().error.code]).toEqual([
      404,
      'PROGRAM_NOT_FOUND',
    ]);
  });

  it('calculates one program with its trace, or ranks and stacks every program in force', async () => {
    const one = await h.as('anonymous').post('/api/v1/programs/calculate', {
      programId: 'hangzhou-city-compute',
      enterprise,
      purchase,
    });
    expect(one.status).toBe(200);
    const result = one.json<{
      subsidyFen: string;
      trace: { rule: string; message: { 'zh-CN': string; en: string } }[];
    }>();
    expect(result.subsidyFen).toBe('30000000');
    expect(result.trace.find((entry) => entry.rule === 'rate.apply')?.message.en).toContain(
      'rounded down',
    );
    const all = await h
      .as('anonymous')
      .post('/api/v1/programs/calculate', { enterprise, purchase });
    expect(all.json<{ stacked: { totalSubsidyFen: string } }>().stacked.totalSubsidyFen).toBe(
      '60000000',
    );
    const badDate = await h.as('anonymous').post('/api/v1/programs/calculate', {
      enterprise,
      purchase: { ...purchase, date: '2025-13-01' },
    });
    expect(badDate.status).toBe(400);
    expect((await h.as('anonymous').get('/api/v1/programs?date=2025-02-30')).status).toBe(400);
    const bad = await h.as('anonymous').post('/api/v1/programs/calculate', {
      enterprise,
      purchase: { ...purchase, amountFen: '-5' },
    });
    expect(bad.status).toBe(400);
  });

  it('publishes a new version; a malformed file gets 422 with every problem and publishes nothing', async () => {
    const text = await readFile(
      join(import.meta.dirname, '../programs/hangzhou-city-compute.v1.yaml'),
      'utf8',
    );
    const operator = h.as('operator-admin@A');
    const same = await operator.post('/api/v1/programs/versions', { yaml: text });
    expect([same.status, same.json<{ status: string }>().status]).toEqual([200, 'exists']);
    const changed = await operator.post('/api/v1/programs/versions', {
      yaml: text.replace('rateBps: 5000', 'rateBps: 4000'),
    });
    expect(changed.json<{ error: { code: string } }>().error.code).toBe(
      'PROGRAM_VERSION_IMMUTABLE',
    );
    const v2 = text
      .replace('version: 1', 'version: 2')
      .replace("effectiveFrom: '2025-01-01'", "effectiveFrom: '2025-07-01'")
      .replace('rateBps: 5000', 'rateBps: 4000');
    const published = await operator.post('/api/v1/programs/versions', { yaml: v2 });
    expect([published.status, published.json<{ version: number }>().version]).toEqual([201, 2]);
    const audit = await h.db.query<{ action: string }>(
      "select action from audit_events where entity_id = 'hangzhou-city-compute@2'",
    );
    expect(audit.map((row) => row.action)).toEqual(['programVersion.publish']);
    const broken = await operator.post('/api/v1/programs/versions', {
      yaml: v2
        .replace('version: 2', 'version: 3')
        .replace("regionCode: '330100'", "regionCode: '33'")
        .replace('  - id: other-compute', '  - id: Other Compute'),
    });
    expect(broken.status).toBe(422);
    const error = broken.json<{
      error: { code: string; details: { problems: { path: string; line: number }[] } };
    }>().error;
    expect(error.code).toBe('PROGRAM_INVALID');
    expect(error.details.problems.map((problem) => problem.path)).toEqual([
      'regionCode',
      'rates.3.id',
    ]);
    const versions = await h.db.query(
      "select 1 from program_versions where program_id = 'hangzhou-city-compute'",
    );
    expect(versions).toHaveLength(2);
    const forbidden = await h
      .as('enterprise-admin@A')
      .post('/api/v1/programs/versions', { yaml: v2 });
    expect(forbidden.status).toBe(403);
  });
});
