import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../src/domain/parties/csv.ts';
import { createApiHarness, type ApiHarness } from './support/api-harness.ts';
import {
  claimInState,
  publishTestProgram,
  testEnterprise,
  testProvider,
  type RedeemedClaim,
} from './support/publication-fixtures.ts';

const DAY_S = 86_400;
let h: ApiHarness;
let programId: string;
let kept: RedeemedClaim;
let contested: RedeemedClaim;

interface PublicationJson {
  id: string;
  state: string;
  entryCount: number;
  totalFen: string;
  objectionWindowClosesAt: string | null;
}
interface EntryJson {
  id: string;
  recipientName: string;
  amountFen: string;
  withdrawn: boolean;
}

beforeAll(async () => {
  h = await createApiHarness();
  const now = h.clock.now();
  const before = new Date(now.getTime() - 30 * DAY_S * 1000);
  programId = await publishTestProgram(h.db, {
    at: before,
    operatorTenantId: h.tenants.operatorA.id,
  });
  const providerId = await testProvider(h.db, before);
  const first = await testEnterprise(h.db, before, undefined, '杭州公示甲有限公司');
  const second = await testEnterprise(h.db, before, undefined, '杭州公示乙有限公司');
  kept = await claimInState(h.db, {
    programId,
    at: new Date(now.getTime() - 120_000),
    enterpriseId: first,
    providerId,
  });
  contested = await claimInState(h.db, {
    programId,
    at: new Date(now.getTime() - 60_000),
    enterpriseId: second,
    providerId,
  });
}, 60_000);
afterAll(async () => {
  await h.close();
});

describe('公示 over HTTP: operator lists, the public reads and objects, payout waits', () => {
  let publication: PublicationJson;
  let entries: EntryJson[];
  const month = (): string =>
    new Date(h.clock.now().getTime() + 8 * 3600_000).toISOString().slice(0, 7);

  it('an operator freezes a draft; the public does not see it', async () => {
    const response = await h.as('operator-admin@A').post('/api/v1/publications', {
      programId,
      period: month(),
      title: '2026年3月杭州市算力券兑付名单公示',
      objectionWindowDays: 7,
    });
    expect(response.status).toBe(201);
    publication = response.json<PublicationJson>();
    expect(publication).toMatchObject({ state: 'draft', entryCount: 2, totalFen: '10000000' });
    expect(
      (await h.as('anonymous').get(`/api/v1/public/publications/${publication.id}`)).status,
    ).toBe(404);
    expect(
      (await h.as('operator-admin@B').get(`/api/v1/publications/${publication.id}`)).errorCode,
    ).toBe('NOT_FOUND');
    const bad = await h
      .as('operator-admin@A')
      .post('/api/v1/publications', { programId, period: '2026-Q5', title: 'x' });
    expect(bad).toMatchObject({ status: 400, errorCode: 'VALIDATION_FAILED' });
  });

  it('published: the list and a CSV are public, without internal ids', async () => {
    const published = await h
      .as('operator-admin@A')
      .post(`/api/v1/publications/${publication.id}/publish`, {});
    expect(published.status).toBe(200);
    expect(published.json<PublicationJson>().state).toBe('published');
    const list = await h.as('anonymous').get('/api/v1/public/publications');
    expect(list.json<{ items: PublicationJson[] }>().items.map((item) => item.id)).toContain(
      publication.id,
    );
    const detail = await h.as('anonymous').get(`/api/v1/public/publications/${publication.id}`);
    entries = detail.json<{ entries: EntryJson[] }>().entries;
    expect(entries.map((entry) => [entry.recipientName, entry.amountFen, entry.withdrawn])).toEqual(
      [
        ['杭州公示甲有限公司', '5000000', false],
        ['杭州公示乙有限公司', '5000000', false],
      ],
    );
    expect(detail.text).not.toContain(kept.claim.id);
    expect(detail.text).not.toContain(kept.enterpriseId);
    const csv = await h.as('anonymous').get(`/api/v1/public/publications/${publication.id}.csv`);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    // The bytes start with the UTF-8 BOM (Excel); a decoder (as here) strips it from the text.
    const raw = await h.app.request(`/api/v1/public/publications/${publication.id}.csv`);
    expect([...new Uint8Array(await raw.arrayBuffer()).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const parsed = parseCsv(csv.text);
    if (!parsed.ok) throw new Error('CSV does not parse');
    expect(parsed.records.slice(1).map((record) => [record[1], record[4], record[5]])).toEqual([
      ['杭州公示甲有限公司', '5000000', '50000.00'],
      ['杭州公示乙有限公司', '5000000', '50000.00'],
    ]);
    const xlsx = await h.app.request(`/api/v1/public/publications/${publication.id}.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await xlsx.arrayBuffer());
    const sheet = workbook.worksheets[0];
    expect(sheet?.name).toBe('公示名单');
    expect(
      [2, 3].map((row) => [sheet?.getCell(row, 2).value, sheet?.getCell(row, 5).value]),
    ).toEqual([
      ['杭州公示甲有限公司', 5_000_000],
      ['杭州公示乙有限公司', 5_000_000],
    ]);
  });

  it('anyone may object, with limits; the operator sees the queue', async () => {
    const path = `/api/v1/public/publications/${publication.id}/objections`;
    const from = (address: string) => ({ remoteAddress: address });
    const filed = await h
      .as('anonymous')
      .post(
        path,
        { entryId: entries[1]?.id, body: '该企业与服务商存在共同股东，请核查。' },
        from('203.0.113.9'),
      );
    expect(filed.status).toBe(201);
    expect(filed.json<{ state: string }>().state).toBe('open');
    const short = await h.as('anonymous').post(path, { body: '短' }, from('203.0.113.9'));
    expect(short).toMatchObject({ status: 400, errorCode: 'VALIDATION_FAILED' });
    for (let i = 0; i < 4; i += 1) {
      expect(
        (
          await h
            .as('anonymous')
            .post(path, { body: `第${i}条重复异议，用于测试限流。` }, from('203.0.113.9'))
        ).status,
      ).toBe(201);
    }
    const limited = await h
      .as('anonymous')
      .post(path, { body: '第六条异议应被限流。' }, from('203.0.113.9'));
    expect(limited).toMatchObject({ status: 429, errorCode: 'RATE_LIMITED' });
    const queue = await h
      .as('reviewer@A')
      .get(`/api/v1/publications/${publication.id}/objections?state=open`);
    expect(queue.json<{ items: unknown[] }>().items).toHaveLength(5);
    expect(
      (await h.as('enterprise-admin@A').get(`/api/v1/publications/${publication.id}/objections`))
        .status,
    ).toBe(403);
  });

  it('no payout while the list is open; closing waits for the window and the decisions', async () => {
    const early = await h.as('operator-admin@A').post(`/api/v1/claims/${kept.claim.id}/payout`, {});
    expect(early).toMatchObject({ status: 409, errorCode: 'PUBLICATION_PENDING' });
    const tooSoon = await h
      .as('operator-admin@A')
      .post(`/api/v1/publications/${publication.id}/close`, {});
    expect(tooSoon).toMatchObject({ status: 409, errorCode: 'INVALID_STATE_TRANSITION' });
    const queue = await h
      .as('reviewer@A')
      .get(`/api/v1/publications/${publication.id}/objections?state=open`);
    const [first, ...rest] = queue.json<{ items: { id: string }[] }>().items;
    const upheld = await h.as('reviewer@A').post(`/api/v1/objections/${first?.id ?? ''}/resolve`, {
      resolution: 'upheld',
      note: '经核查属实，撤回。',
    });
    expect(upheld.json<{ state: string }>().state).toBe('upheld');
    for (const objection of rest) {
      await h.as('reviewer@A').post(`/api/v1/objections/${objection.id}/resolve`, {
        resolution: 'dismissed',
        note: '不成立。',
      });
    }
    h.clock.advanceSeconds(7 * DAY_S + 60);
    await h.relogin();
    const late = await h
      .as('anonymous')
      .post(
        `/api/v1/public/publications/${publication.id}/objections`,
        { body: '窗口已过仍提交的异议。' },
        { remoteAddress: '198.51.100.4' },
      );
    expect(late).toMatchObject({ status: 409, errorCode: 'OBJECTION_WINDOW_CLOSED' });
    const closed = await h
      .as('operator-admin@A')
      .post(`/api/v1/publications/${publication.id}/close`, {});
    expect(closed.json<PublicationJson>().state).toBe('closed');
  });

  it('after closing, the listed claim is paid and the withdrawn one is refused', async () => {
    const detail = await h.as('anonymous').get(`/api/v1/public/publications/${publication.id}`);
    expect(detail.json<{ entries: EntryJson[] }>().entries.map((entry) => entry.withdrawn)).toEqual(
      [false, true],
    );
    const paid = await h.as('operator-admin@A').post(`/api/v1/claims/${kept.claim.id}/payout`, {});
    expect(paid.status).toBe(200);
    const refused = await h
      .as('operator-admin@A')
      .post(`/api/v1/claims/${contested.claim.id}/payout`, {});
    expect(refused).toMatchObject({ status: 409, errorCode: 'OBJECTION_UPHELD' });
  });

  it('the routes are in the OpenAPI document', async () => {
    const response = await h.app.request('/api/openapi.json');
    const document = (await response.json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/public/publications',
        '/api/v1/public/publications/{id}',
        '/api/v1/public/publications/{id}/objections',
        '/api/v1/publications',
        '/api/v1/publications/{id}/publish',
        '/api/v1/publications/{id}/close',
        '/api/v1/objections/{id}/resolve',
        '/api/v1/exports/claims.xlsx',
        '/api/v1/exports/ledger-statement.csv',
      ]),
    );
    expect(document.paths['/api/v1/public/publications/{id}/objections']?.post).toBeDefined();
  });
});
