import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monthOf } from '../src/demo/demo-publications.ts';
import { createApiHarness, type ApiHarness } from './support/api-harness.ts';
import {
  claimInState,
  publishTestProgram,
  testEnterprise,
  testProvider,
} from './support/publication-fixtures.ts';

/**
 * 公示 follows the voucher routes' operator-tenant rule: operator staff draft, read and act on
 * publications of their own operator tenant's programs only; a program without an operator
 * tenant (published by the system) is nobody's — also for a publication drafted for it before
 * the rule, when any operator could.
 */

const DAY_MS = 86_400_000;
let h: ApiHarness;
const programs = { ownA: '', ownB: '', nobodys: '' };

beforeAll(async () => {
  h = await createApiHarness();
  const before = new Date(h.clock.now().getTime() - 30 * DAY_MS);
  const { operatorA, operatorB } = h.tenants;
  programs.ownA = await publishTestProgram(h.db, { at: before, operatorTenantId: operatorA.id });
  programs.ownB = await publishTestProgram(h.db, { at: before, operatorTenantId: operatorB.id });
  programs.nobodys = await publishTestProgram(h.db, { at: before, operatorTenantId: null });
  const providerId = await testProvider(h.db, before);
  const enterpriseId = await testEnterprise(h.db, before);
  for (const programId of Object.values(programs)) {
    await claimInState(h.db, {
      programId,
      at: new Date(h.clock.now().getTime() - 60_000),
      enterpriseId,
      providerId,
    });
  }
}, 60_000);
afterAll(() => h.close());

const draftOf = (programId: string) => ({
  programId,
  period: monthOf(h.clock.now()),
  title: '2026年3月算力券兑付名单公示',
});

const publicationCount = async (): Promise<number> =>
  (await h.db.query('select 1 from publications')).length;

describe('publication routes scoped by the program’s operator tenant', () => {
  it('drafts only for the caller’s own programs: another operator’s or nobody’s is 404', async () => {
    const admin = h.as('operator-admin@A');
    const before = await publicationCount();
    for (const programId of [programs.nobodys, programs.ownB]) {
      const refused = await admin.post('/api/v1/publications', draftOf(programId));
      expect([refused.status, refused.errorCode]).toEqual([404, 'NOT_FOUND']);
    }
    expect(await publicationCount()).toBe(before);
    const own = await admin.post('/api/v1/publications', draftOf(programs.ownA));
    expect(own.status).toBe(201);
  });

  it('a publication drafted for a nobody’s program before the rule is no operator’s', async () => {
    // What the code before this rule let operator A's staff do: draft for a program without an
    // operator tenant. The row records A as drafter; the program still belongs to nobody.
    const id = randomUUID();
    await h.db.query(
      `insert into publications (id, tenant_id, program_id, period, title, state,
         objection_window_days, entry_count, total_fen, created_at, created_by, source)
       values ($1, $2, $3, $4, '旧草稿', 'draft', 7, 1, 5000000, $5, null, 'claims')`,
      [id, h.tenants.operatorA.id, programs.nobodys, monthOf(h.clock.now()), h.clock.now()],
    );
    const admin = h.as('operator-admin@A');
    const answers = [
      await admin.get(`/api/v1/publications/${id}`),
      await admin.get(`/api/v1/publications/${id}/objections`),
      await admin.post(`/api/v1/publications/${id}/publish`, {}),
      await admin.post(`/api/v1/publications/${id}/close`, {}),
    ];
    expect(answers.map((answer) => [answer.status, answer.errorCode])).toEqual(
      Array(4).fill([404, 'NOT_FOUND']),
    );
    const list = await h.as('auditor@A').get('/api/v1/publications?limit=200');
    expect(list.json<{ items: { id: string }[] }>().items.map((item) => item.id)).not.toContain(id);
    const [row] = await h.db.query<{ state: string }>(
      'select state from publications where id = $1',
      [id],
    );
    expect(row?.state).toBe('draft');
  });
});
