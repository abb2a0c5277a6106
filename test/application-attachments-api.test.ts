import { hangzhouProgramYaml } from './support/catalog-fixtures.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepEvidenceOrphans } from '../src/services/evidence/index.ts';
import { createApiHarness, type ApiClient, type ApiHarness } from './support/api-harness.ts';
import { ensureEnterprise } from './support/matrix-entries/parties.ts';

/**
 * Files on a voucher application over HTTP: the enterprise attaches them before the decision,
 * reviewers read them, a file that is not what it claims changes nothing, the decision closes
 * the application to new files, and the evidence store's housekeeping keeps them.
 */

const PROGRAM = 'hangzhou-city-compute';
let h: ApiHarness;
let enterprise: ApiClient;

beforeAll(async () => {
  h = await createApiHarness();
  await ensureEnterprise(h, h.tenants.enterpriseA);
  enterprise = h.as('enterprise-admin@A');
  const published = await h
    .as('operator-admin@A')
    .post('/api/v1/programs/versions', { yaml: hangzhouProgramYaml({ version: 2 }) });
  expect(published.status).toBe(201);
});
afterAll(async () => {
  await h.close();
});

async function apply(submit: boolean): Promise<string> {
  const applied = await enterprise.post('/api/v1/applications', {
    programId: PROGRAM,
    plannedPurchase: { kind: 'compute', amountFen: '100000000', chipOrigin: 'domestic' },
    purpose: '行业大模型微调',
    submit,
  });
  expect(applied.status, applied.text).toBe(201);
  return applied.json<{ id: string }>().id;
}

function attach(client: ApiClient, id: string, query: string, body: string, type: string) {
  return client.post(`/api/v1/applications/${id}/attachments?${query}`, undefined, {
    rawBody: body,
    headers: { 'content-type': type },
    idempotencyKey: null,
  });
}

async function fileCount(id: string): Promise<number> {
  const [row] = await h.db.query<{ n: number }>(
    'select count(*)::int as n from voucher_application_attachments where application_id = $1',
    [id],
  );
  return row?.n ?? 0;
}

describe('application attachments', () => {
  it('stores a business plan that the enterprise and the reviewer can list and download', async () => {
    const id = await apply(true);
    const pdf = '%PDF-1.7\nbusiness plan\n%%EOF';
    const stored = await attach(
      enterprise,
      id,
      'kind=business-plan&filename=计划书.pdf',
      pdf,
      'application/pdf',
    );
    expect(stored.status, stored.text).toBe(201);
    const file = stored.json<{
      id: string;
      kind: string;
      sizeBytes: number;
      contentType: string;
    }>();
    expect(file).toMatchObject({ kind: 'business-plan', contentType: 'application/pdf' });
    expect(file.sizeBytes).toBe(new TextEncoder().encode(pdf).length);

    // The same file again is the stored one, not a second row.
    const again = await attach(
      enterprise,
      id,
      'kind=business-plan&filename=计划书.pdf',
      pdf,
      'application/pdf',
    );
    expect(again.json<{ id: string }>().id).toBe(file.id);
    expect(await fileCount(id)).toBe(1);

    const listed = await h.as('reviewer@A').get(`/api/v1/applications/${id}/attachments`);
    expect(listed.status).toBe(200);
    expect(listed.json<{ items: { id: string }[] }>().items.map((item) => item.id)).toEqual([
      file.id,
    ]);
    const download = await h
      .as('reviewer@A')
      .get(`/api/v1/applications/${id}/attachments/${file.id}`);
    expect(download.status).toBe(200);
    expect(download.text).toBe(pdf);
    expect(download.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(download.headers.get('content-disposition')).toContain('attachment');
  });

  it('answers a retried upload under another name with the stored file, audited once', async () => {
    const id = await apply(false);
    const pdf = '%PDF-1.7\nquote\n%%EOF';
    const first = await attach(
      enterprise,
      id,
      'kind=quote&filename=报价.pdf',
      pdf,
      'application/pdf',
    );
    expect(first.status, first.text).toBe(201);
    const retried = await attach(
      enterprise,
      id,
      'kind=quote&filename=copy.pdf',
      pdf,
      'application/pdf',
    );
    expect(retried.status, retried.text).toBe(201);
    // The stored row, as the list shows it: not the name the retry happened to carry.
    const listed = await enterprise.get(`/api/v1/applications/${id}/attachments`);
    const [stored] = listed.json<{ items: unknown[] }>().items;
    expect(retried.json()).toEqual(stored);
    expect(retried.json()).toMatchObject({ filename: '报价.pdf' });
    const [audit] = await h.db.query<{ n: number }>(
      `select count(*)::int as n from audit_events
        where action = 'application.attachFile' and entity_id = $1`,
      [id],
    );
    expect(audit?.n).toBe(1);
  });

  it('refuses HTML sent as a PDF, an unknown kind, and a stranger, storing nothing', async () => {
    const id = await apply(false);
    const html = await attach(
      enterprise,
      id,
      'kind=quote&filename=q.pdf',
      '<html><script>alert(1)</script></html>',
      'application/pdf',
    );
    expect(html.status).toBe(415);
    expect(html.json<{ error: { code: string } }>().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const kind = await attach(
      enterprise,
      id,
      'kind=invoice&filename=q.pdf',
      '%PDF-1.7\nx',
      'application/pdf',
    );
    expect(kind.status).toBe(400);
    const stranger = await attach(
      h.as('enterprise-admin@B'),
      id,
      'kind=quote&filename=q.pdf',
      '%PDF-1.7\ny',
      'application/pdf',
    );
    expect(stranger.status).toBe(404);
    expect(await fileCount(id)).toBe(0);
  });

  it('takes no file once the application is decided', async () => {
    const id = await apply(true);
    const rejected = await h
      .as('reviewer@A')
      .post(`/api/v1/applications/${id}/review`, { decision: 'reject', reason: '不符合条件' });
    expect(rejected.status, rejected.text).toBe(200);
    const late = await attach(
      enterprise,
      id,
      'kind=other&filename=late.pdf',
      '%PDF-1.7\nlate',
      'application/pdf',
    );
    expect(late.status).toBe(409);
    expect(late.json<{ error: { code: string } }>().error.code).toBe('INVALID_STATE_TRANSITION');
    expect(await fileCount(id)).toBe(0);
  });

  it('keeps application files when the evidence store sweeps orphans', async () => {
    const id = await apply(false);
    const stored = await attach(
      enterprise,
      id,
      'kind=contract&filename=c.pdf',
      '%PDF-1.7\nkept',
      'application/pdf',
    );
    expect(stored.status).toBe(201);
    const { id: fileId } = stored.json<{ id: string }>();
    // Long after the grace period: a file no row named would be removed now.
    await sweepEvidenceOrphans({
      sql: h.db,
      store: h.evidenceStore,
      now: new Date(Date.now() + 7 * 86_400_000),
    });
    const download = await enterprise.get(`/api/v1/applications/${id}/attachments/${fileId}`);
    expect(download.status).toBe(200);
    expect(download.text).toBe('%PDF-1.7\nkept');
  });
});

describe('the public budget left', () => {
  it('gives the public the funded and remaining figures the operator sees', async () => {
    const before = await h.as('anonymous').get(`/api/v1/programs/${PROGRAM}/budget-left`);
    expect(before.status).toBe(200);
    const id = await apply(true);
    const approved = await h.as('reviewer@A').post(`/api/v1/applications/${id}/review`, {
      decision: 'approve',
      amountFen: '25000000',
      expiresOn: '2026-12-31',
    });
    expect(approved.status, approved.text).toBe(200);
    const left = await h.as('anonymous').get(`/api/v1/programs/${PROGRAM}/budget-left`);
    const operator = await h.as('operator-admin@A').get(`/api/v1/programs/${PROGRAM}/budget`);
    const budget = operator.json<{ fundedFen: string; remainingFen: string }>();
    expect(left.json()).toEqual({
      programId: PROGRAM,
      opened: true,
      fundedFen: budget.fundedFen,
      remainingFen: budget.remainingFen,
    });
    // The approval took its amount out of what is left.
    expect(BigInt(budget.fundedFen) - BigInt(budget.remainingFen) >= 25_000_000n).toBe(true);
    const unknown = await h.as('anonymous').get('/api/v1/programs/no-such-program/budget-left');
    expect(unknown.json()).toMatchObject({ opened: false, remainingFen: '0' });
  });
});
