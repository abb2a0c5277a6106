import { hangzhouProgramYaml } from './support/catalog-fixtures.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishProgramVersion } from '../src/services/programs/index.ts';
import { reviewApplication, systemActor } from '../src/services/vouchers/index.ts';
import { createApiHarness, type ApiHarness } from './support/api-harness.ts';
import { ensureEnterprise } from './support/matrix-entries/parties.ts';

/**
 * Operator tenants over HTTP beyond the authorization matrix: one city's bureau does not
 * publish into another's program, and a program published by the system (no operator tenant)
 * is nobody's — the strict reading: no operator staff see its vouchers.
 */

let h: ApiHarness;
beforeAll(async () => {
  h = await createApiHarness();
  await ensureEnterprise(h, h.tenants.enterpriseA);
});
afterAll(() => h.close());

function programYaml(id: string, version: number): string {
  return hangzhouProgramYaml({ id, version });
}

async function versionsOf(programId: string): Promise<number> {
  const [row] = await h.db.query<{ n: number }>(
    'select count(*)::int as n from program_versions where program_id = $1',
    [programId],
  );
  return row?.n ?? 0;
}

describe('operator tenants and programs', () => {
  it('refuses a version of another operator tenant’s program, before and after it has vouchers', async () => {
    const id = 'scope-city-b';
    const adminA = h.as('operator-admin@A');
    const adminB = h.as('operator-admin@B');
    expect(
      (await adminB.post('/api/v1/programs/versions', { yaml: programYaml(id, 1) })).status,
    ).toBe(201);
    const refused = await adminA.post('/api/v1/programs/versions', { yaml: programYaml(id, 2) });
    expect([refused.status, refused.errorCode]).toEqual([403, 'FORBIDDEN']);
    expect(await versionsOf(id)).toBe(1);

    // Vouchers opened under B (the enterprise applies): still B's, and B may go on publishing.
    const applied = await h.as('enterprise-admin@A').post('/api/v1/applications', {
      programId: id,
      plannedPurchase: { kind: 'compute', amountFen: '10000000', chipOrigin: 'domestic' },
      purpose: 'scope test',
    });
    expect(applied.status, applied.text).toBe(201);
    const again = await adminA.post('/api/v1/programs/versions', { yaml: programYaml(id, 3) });
    expect([again.status, again.errorCode]).toEqual([403, 'FORBIDDEN']);
    expect(
      (await adminB.post('/api/v1/programs/versions', { yaml: programYaml(id, 2) })).status,
    ).toBe(201);
    expect(await versionsOf(id)).toBe(2);

    // B's staff see the application; A's get 404 and an empty list.
    const applicationId = applied.json<{ id: string }>().id;
    expect((await h.as('reviewer@B').get(`/api/v1/applications/${applicationId}`)).status).toBe(
      200,
    );
    const hidden = await h.as('reviewer@A').get(`/api/v1/applications/${applicationId}`);
    expect([hidden.status, hidden.errorCode]).toEqual([404, 'NOT_FOUND']);
    const listed = await h.as('auditor@A').get(`/api/v1/applications?programId=${id}`);
    expect(listed.json<{ items: unknown[] }>().items).toEqual([]);
  });

  it('shows a program published by the system to no operator staff', async () => {
    const id = 'scope-system';
    await publishProgramVersion({
      sql: h.db,
      yamlText: programYaml(id, 1),
      publishedBy: 'system',
      now: h.clock.now(),
    });
    const applied = await h.as('enterprise-admin@A').post('/api/v1/applications', {
      programId: id,
      plannedPurchase: { kind: 'compute', amountFen: '10000000', chipOrigin: 'domestic' },
      purpose: 'unowned program',
      submit: true,
    });
    expect(applied.status, applied.text).toBe(201);
    const applicationId = applied.json<{ id: string }>().id;
    for (const actor of ['reviewer@A', 'reviewer@B'] as const) {
      const review = await h.as(actor).post(`/api/v1/applications/${applicationId}/review`, {
        decision: 'reject',
        reason: 'not ours',
      });
      expect([review.status, review.errorCode]).toEqual([404, 'NOT_FOUND']);
      expect((await h.as(actor).get(`/api/v1/programs/${id}/budget`)).status).toBe(404);
    }
    // The enterprise still sees its own application.
    const own = await h.as('enterprise-admin@A').get(`/api/v1/applications/${applicationId}`);
    expect(own.json<{ state: string }>().state).toBe('submitted');

    // Approved by the system (a job, the CLI): the grant is in no operator's export either.
    const { grant } = await reviewApplication({
      db: h.db,
      applicationId,
      decision: { decision: 'approve', amountFen: 1_000_000n, expiresOn: '2026-12-31' },
      actor: systemActor,
      now: h.clock.now(),
    });
    expect(grant).toBeDefined();
    const mine = await h.as('enterprise-admin@A').get(`/api/v1/exports/grants.csv?programId=${id}`);
    expect(mine.text).toContain(grant?.id);
    const exported = await h.as('auditor@A').get(`/api/v1/exports/grants.csv?programId=${id}`);
    expect(exported.status).toBe(200);
    expect(exported.text).not.toContain(grant?.id);
  });
});
