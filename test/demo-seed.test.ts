import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/client.ts';
import { auditEntityTypes, verifyAuditLog } from '../src/services/audit/index.ts';
import { seedDemoData, type SeedDemoResult } from '../src/demo/index.ts';
import { HISTORY_ENTERPRISES } from '../src/demo/demo-history.ts';
import { verifyLedger } from '../src/services/ledger/index.ts';
import { HARNESS_CLOCK_START } from './support/api-harness.ts';
import { createDemoHarness, type DemoHarness } from './support/demo-harness.ts';
import { sharedTestEvidenceStore } from './support/test-evidence-store.ts';

let demo: DemoHarness;
let db: Database;
let result: SeedDemoResult;
const now = HARNESS_CLOCK_START;

async function statesOf(table: string): Promise<string[]> {
  const rows = await db.query<{ state: string }>(
    `select distinct state from ${table} order by state`,
  );
  return rows.map((row) => row.state);
}

beforeAll(async () => {
  demo = await createDemoHarness();
  db = demo.harness.db;
  result = demo.seed;
}, 120_000);
afterAll(async () => {
  await demo.close();
});

describe('demo data (npm start on an empty database)', () => {
  it('seeds through the real services: the ledger and the audit log verify', async () => {
    expect(result.seeded).toBe(true);
    expect(await verifyLedger({ db })).toMatchObject({ ok: true });
    expect(await verifyAuditLog({ db })).toMatchObject({ ok: true });
  });

  it('audits only entity types with a visibility rule (who reads them, which fields are personal)', async () => {
    const rows = await db.query<{ type: string }>(
      'select distinct entity_type as type from audit_events order by 1',
    );
    expect(rows.map((row) => row.type)).toEqual(
      expect.arrayContaining(['application', 'claim', 'enterprise', 'grant', 'publication']),
    );
    for (const { type } of rows) expect(Object.keys(auditEntityTypes)).toContain(type);
  });

  it('gives the Hangzhou provider a signing key registered with its proof of possession', async () => {
    const keys = await db.query<{ name: string; proven: boolean }>(
      `select t.name, k.proven_at is not null as proven from provider_signing_keys k
         join tenants t on t.id = k.provider_id where k.revoked_at is null`,
    );
    expect(keys).toEqual([{ name: '浙江之江智算云服务有限公司', proven: true }]);
  });

  it('has every state of every lifecycle, so every page has data', async () => {
    expect(await statesOf('voucher_applications')).toEqual(
      ['approved', 'draft', 'rejected', 'returned', 'submitted', 'withdrawn'].sort(),
    );
    expect(await statesOf('voucher_grants')).toEqual(
      ['active', 'clawed_back', 'exhausted', 'expired', 'voided'].sort(),
    );
    expect(await statesOf('voucher_claims')).toEqual(
      [
        'clawed_back',
        'draft',
        'evidence_complete',
        'paid',
        'redeemed',
        'rejected',
        'submitted',
      ].sort(),
    );
    expect(await statesOf('publications')).toEqual(['closed', 'draft', 'published']);
    expect(await statesOf('publication_objections')).toEqual(['dismissed', 'open', 'upheld']);
  });

  it('has the demo people: operator staff, a Hangzhou SME, a Chengdu firm and providers', async () => {
    const roles = result.credentials?.users.map((user) => user.role).sort();
    expect(roles).toEqual(
      [
        'auditor',
        'enterprise-admin',
        'enterprise-admin',
        'operator-admin',
        'provider-admin',
        'reviewer',
      ].sort(),
    );
    const [sme, firm] = await db.query<{ region_code: string }>(
      'select region_code from enterprises where id = any($1::uuid[]) order by region_code',
      [
        [
          result.credentials?.users.find((user) => user.email.startsWith('hangzhou'))?.tenantId,
          result.credentials?.users.find((user) => user.email.startsWith('chengdu'))?.tenantId,
        ],
      ],
    );
    expect([sme?.region_code, firm?.region_code]).toEqual(['330106', '510107']);
    // Beside them, the history's cohort of Hangzhou firms (demo-history.ts).
    const [cohort] = await db.query<{ count: bigint }>(
      `select count(*) as count from enterprises where region_code like '3301%'`,
    );
    expect(cohort?.count).toBe(BigInt(HISTORY_ENTERPRISES + 1));
    const [providers] = await db.query<{ count: bigint }>(
      'select count(*) as count from providers',
    );
    expect(providers?.count).toBe(2n);
  });

  it('the open publication is open for objections now', async () => {
    const [open] = await db.query<{ closes: Date }>(
      `select objection_window_closes_at as closes from publications where state = 'published'`,
    );
    expect(open?.closes.getTime()).toBeGreaterThan(now.getTime());
  });

  it('does not seed again when the database has data, and still returns the credentials', async () => {
    const [before] = await db.query<{ count: bigint }>(
      'select count(*) as count from audit_events',
    );
    const again = await seedDemoData({
      db,
      evidenceStore: sharedTestEvidenceStore(),
      now: new Date(),
    });
    expect(again.seeded).toBe(false);
    expect(again.credentials?.users).toHaveLength(6);
    const [after] = await db.query<{ count: bigint }>('select count(*) as count from audit_events');
    expect(after?.count).toBe(before?.count);
  });

  it('has a claim ready to pay out: the operator pays it through the API at once, the others wait for their 公示', async () => {
    const operator = await demo.signIn('operator@suanli-demo.test');
    const listed = await operator.get('/api/v1/claims?state=redeemed&limit=100');
    expect(listed.status).toBe(200);
    const redeemed = listed.json<{ items: { id: string; redeemedFen: string }[] }>().items;
    const outcomes = new Map<string, string>();
    for (const claim of redeemed) {
      const response = await operator.post(`/api/v1/claims/${claim.id}/payout`, {});
      outcomes.set(claim.id, response.status === 200 ? 'paid' : (response.errorCode ?? ''));
      if (response.status === 200) {
        expect(response.json<{ state: string; paidFen: string }>()).toMatchObject({
          state: 'paid',
          paidFen: claim.redeemedFen,
        });
      }
    }
    const paid = [...outcomes].filter(([, outcome]) => outcome === 'paid').map(([id]) => id);
    expect(paid).toEqual(result.summary?.readyToPayOutClaimIds);
    // The other redeemed claims are on a draft list, on a list whose objection window is open,
    // or withdrawn from their list by an upheld objection.
    expect(new Set([...outcomes.values()].filter((outcome) => outcome !== 'paid'))).toEqual(
      new Set(['PUBLICATION_PENDING', 'OBJECTION_UPHELD']),
    );
    expect(await verifyLedger({ db })).toMatchObject({ ok: true });
  });

  it('gives the Hangzhou budget dashboard a year so far: a falling burn-down, a forecast day and splits with several values', async () => {
    const operator = await demo.signIn('operator@suanli-demo.test');
    const programId = result.summary?.programIds[0] ?? '';
    const response = await operator.get(`/api/v1/programs/${programId}/dashboard`);
    expect(response.status).toBe(200);
    const dashboard = response.json<{
      today: string;
      fiscalYear: { from: string };
      budget: { fundedFen: string };
      burnDown: { date: string; remainingFen: string }[];
      forecast: { status: string; runsOutOn: string | null };
      splits: {
        byDimension: Record<string, { key: string }[]>;
        domesticCompute: { shareBps: number | null };
      };
    }>();
    expect(dashboard.budget.fundedFen).toBe(String(250_000_000n * 100n));
    // From the first day of the fiscal year to today, the budget left falls.
    expect(dashboard.burnDown[0]?.date).toBe(dashboard.fiscalYear.from);
    expect(dashboard.burnDown.at(-1)?.date).toBe(dashboard.today);
    const remaining = dashboard.burnDown.map((day) => BigInt(day.remainingFen));
    const drops = remaining.filter(
      (value, index) => index > 0 && value < (remaining[index - 1] ?? 0n),
    );
    expect(drops.length).toBeGreaterThanOrEqual(20);
    expect(dashboard.forecast.status).toBe('runs-out');
    expect(dashboard.forecast.runsOutOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect((dashboard.forecast.runsOutOn ?? '') > dashboard.today).toBe(true);
    const { byDimension, domesticCompute } = dashboard.splits;
    expect(byDimension.district?.length).toBeGreaterThanOrEqual(6);
    expect(byDimension.industry?.length).toBeGreaterThanOrEqual(5);
    expect(byDimension.size?.map((bucket) => bucket.key).sort()).toEqual([
      'large',
      'medium',
      'micro',
      'small',
    ]);
    expect(byDimension.chipOrigin?.map((bucket) => bucket.key).sort()).toEqual([
      'domestic',
      'imported',
      'unspecified',
    ]);
    expect(domesticCompute.shareBps).toBeGreaterThan(0);
    expect(domesticCompute.shareBps).toBeLessThan(10_000);
  });

  it('gives the Hangzhou provider an order under way with received usage reports (one refused) and a payout', async () => {
    const provider = await demo.signIn('provider@suanli-demo.test');
    const orders = (await provider.get('/api/v1/exchange/orders')).json<{
      items: { id: string; providerId: string; state: string; settledFen: string }[];
    }>().items;
    const running = orders.find((order) => order.state === 'active' && order.settledFen !== '0');
    expect(running).toBeDefined();
    const reports = await provider.get(`/api/v1/exchange/orders/${running?.id}/usage-reports`);
    expect(reports.status).toBe(200);
    const items = reports.json<{
      items: {
        outcome: string;
        refusalCode: string | null;
        amountFen: string | null;
        cardHours: string;
      }[];
    }>().items;
    expect(items.map((report) => [report.outcome, report.cardHours, report.refusalCode])).toEqual([
      ['accepted', '96', null],
      ['refused', '96', 'USAGE_REPORT_REPLAYED'],
      ['accepted', '96', null],
    ]);
    // The order's settled total is the sum of its accepted reports' invoices.
    expect(items.reduce((sum, report) => sum + BigInt(report.amountFen ?? 0n), 0n)).toBe(
      BigInt(running?.settledFen ?? ''),
    );
    const payouts = await provider.get(`/api/v1/exchange/providers/${running?.providerId}/payouts`);
    expect(payouts.status).toBe(200);
    expect(payouts.json<{ items: unknown[] }>().items).toHaveLength(1);
  });
});
