import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from './support/api-harness.ts';
import { createDemoHarness, type DemoHarness } from './support/demo-harness.ts';

/**
 * The endpoints the operator console's pages read (issue 14): the budget dashboard, the review
 * queue, ledger verification on demand and the program editor's preview, on the demo data.
 */

interface Bucket {
  key: string;
  label: { 'zh-CN': string; en: string };
  grantedFen: string;
  settledFen: string;
  enterprises: number;
}
interface Dashboard {
  programId: string;
  today: string;
  fiscalYear: { year: number; from: string; to: string };
  budget: { fundedFen: string; remainingFen: string; settledFen: string; paidOutFen: string };
  grantedFen: string;
  burnDown: { date: string; remainingFen: string; paidOutFen: string; idealRemainingFen: string }[];
  forecast: { status: string; runsOutOn: string | null; paceFenPerDay: string; method: string };
  splits: {
    totals: { grantedFen: string; settledFen: string };
    byDimension: Record<'district' | 'industry' | 'chipOrigin' | 'size', Bucket[]>;
    domesticCompute: { purchaseFen: Record<string, string>; shareBps: number | null };
  };
}

let demo: DemoHarness;
let operator: ApiClient;
let reviewer: ApiClient;
let auditor: ApiClient;
let hangzhou: ApiClient;
let programIds: string[];

beforeAll(async () => {
  demo = await createDemoHarness();
  operator = await demo.signIn('operator@suanli-demo.test');
  reviewer = await demo.signIn('reviewer@suanli-demo.test');
  auditor = await demo.signIn('auditor@suanli-demo.test');
  hangzhou = await demo.signIn('hangzhou@suanli-demo.test');
  programIds = demo.seed.summary?.programIds ?? [];
}, 120_000);
afterAll(async () => {
  await demo.close();
});

const sum = (values: string[]): bigint =>
  values.reduce((total, value) => total + BigInt(value), 0n);

describe('voucher programs', () => {
  it('lists the programs opened under the caller’s operator tenant only', async () => {
    const mine = (await operator.get('/api/v1/voucher-programs')).json<{
      items: { programId: string }[];
    }>();
    expect(mine.items.map((item) => item.programId).sort()).toEqual([...programIds].sort());
    const otherOperator = demo.harness.as('operator-admin@A');
    const theirs = (await otherOperator.get('/api/v1/voucher-programs')).json<{
      items: { programId: string }[];
    }>();
    expect(theirs.items.filter((item) => programIds.includes(item.programId))).toEqual([]);
    expect((await otherOperator.get(`/api/v1/programs/${programIds[0]}/dashboard`)).status).toBe(
      404,
    );
  });
});

describe('budget dashboard', () => {
  it('draws the burn-down from the ledger: the last day holds what the budget holds now', async () => {
    expect(programIds.length).toBeGreaterThan(0);
    for (const programId of programIds) {
      const response = await operator.get(`/api/v1/programs/${programId}/dashboard`);
      expect(response.status).toBe(200);
      const dashboard = response.json<Dashboard>();
      expect(dashboard.today).toBe('2026-03-02');
      const last = dashboard.burnDown.at(-1);
      expect(last?.date).toBe(dashboard.today);
      expect(last?.remainingFen).toBe(dashboard.budget.remainingFen);
      expect(last?.paidOutFen).toBe(dashboard.budget.paidOutFen);
      expect(BigInt(dashboard.grantedFen)).toBe(
        BigInt(dashboard.budget.fundedFen) - BigInt(dashboard.budget.remainingFen),
      );
      expect((dashboard.burnDown[0]?.date ?? '') >= dashboard.fiscalYear.from).toBe(true);
      for (const day of dashboard.burnDown) {
        expect(BigInt(day.idealRemainingFen)).toBeLessThanOrEqual(
          BigInt(dashboard.budget.fundedFen),
        );
      }
    }
  });

  it('splits the same money by district, industry, chip origin and size', async () => {
    let sawSettled = false;
    for (const programId of programIds) {
      const dashboard = (
        await operator.get(`/api/v1/programs/${programId}/dashboard`)
      ).json<Dashboard>();
      const { totals, byDimension } = dashboard.splits;
      for (const buckets of Object.values(byDimension)) {
        expect(sum(buckets.map((b) => b.grantedFen))).toBe(BigInt(totals.grantedFen));
        expect(sum(buckets.map((b) => b.settledFen))).toBe(BigInt(totals.settledFen));
      }
      // Settled claims net of clawbacks are what the ledger counts as settled.
      expect(totals.settledFen).toBe(dashboard.budget.settledFen);
      if (BigInt(totals.settledFen) > 0n) sawSettled = true;
    }
    expect(sawSettled).toBe(true);
    const hangzhouProgram = programIds.find((id) => id.startsWith('hangzhou'));
    const dashboard = (
      await operator.get(`/api/v1/programs/${hangzhouProgram}/dashboard`)
    ).json<Dashboard>();
    const districts = dashboard.splits.byDimension.district;
    expect(districts.some((bucket) => bucket.label['zh-CN'].includes('区'))).toBe(true);
    expect(dashboard.splits.domesticCompute.shareBps).not.toBeNull();
  });

  it('is for the program’s operator staff only', async () => {
    const programId = programIds[0] ?? '';
    expect((await reviewer.get(`/api/v1/programs/${programId}/dashboard`)).status).toBe(200);
    expect((await auditor.get(`/api/v1/programs/${programId}/dashboard`)).status).toBe(200);
    expect((await hangzhou.get(`/api/v1/programs/${programId}/dashboard`)).status).toBe(403);
    expect((await operator.get('/api/v1/programs/no-such-program/dashboard')).status).toBe(404);
  });
});

interface Verification {
  ok: boolean;
  ledger: { ok: boolean; transfers: number | null; problems: string[] };
  vouchers: { ok: boolean; programs: number; claims: number; grants: number } | null;
}

describe('ledger verification on demand', () => {
  it('verifies the whole ledger and reconciles the caller’s programs', async () => {
    const response = await auditor.get('/api/v1/ledger/verification');
    expect(response.status).toBe(200);
    const run = response.json<Verification>();
    expect(run.ok).toBe(true);
    expect(run.ledger.transfers).toBeGreaterThan(0);
    expect(run.vouchers?.programs).toBe(programIds.length);
    expect(run.vouchers?.claims).toBeGreaterThan(0);
    expect((await operator.get('/api/v1/ledger/verification')).status).toBe(200);
  });

  it('names the account whose counters its transfers do not give', async () => {
    const db = demo.harness.db;
    const [account] = await db.query<{ id: string }>(
      // An account without a debit limit: adding a debit to a limited one breaks its CHECK.
      `select id from ledger_accounts where debits_posted > 0 and not debits_must_not_exceed_credits
       order by id limit 1`,
    );
    expect(account).toBeDefined();
    const id = account?.id ?? '';
    // Counters are the one thing of an account an UPDATE may change: tamper, then put it back.
    await db.query('update ledger_accounts set debits_posted = debits_posted + 1 where id = $1', [
      id,
    ]);
    try {
      const run = (await auditor.get('/api/v1/ledger/verification')).json<Verification>();
      expect(run.ok).toBe(false);
      expect(run.ledger.ok).toBe(false);
      expect(run.ledger.problems.join('\n')).toContain(`account ${id}: debitsPostedFen`);
      expect(run.vouchers).toBeNull();
    } finally {
      await db.query('update ledger_accounts set debits_posted = debits_posted - 1 where id = $1', [
        id,
      ]);
    }
    expect((await auditor.get('/api/v1/ledger/verification')).json<Verification>().ok).toBe(true);
  });

  it('is for auditors and operator admins', async () => {
    expect((await reviewer.get('/api/v1/ledger/verification')).status).toBe(403);
    expect((await hangzhou.get('/api/v1/ledger/verification')).status).toBe(403);
  });
});

interface Queue {
  total: number;
  items: { id: string; programId: string; state: string; amountFen: string }[];
}
interface ReviewItem {
  kind: string;
  application: { id: string; state: string; eligibilityTrace: unknown[] } | null;
  claim: {
    id: string;
    attachments?: unknown[];
    policyTrace: unknown;
    riskFlags?: unknown[];
  } | null;
  enterprise: { id: string; name: string; uscc: string };
  provider: { id: string } | null;
  providerRelation: { related: boolean; needsReview: boolean } | null;
  relatedParties: unknown[];
  budgetRemainingFen: string;
  queue: {
    position: number | null;
    total: number;
    previousId: string | null;
    nextId: string | null;
  };
  decisions: string[];
}

describe('review queue', () => {
  it('lists waiting applications in order and reads each with its trace and neighbours', async () => {
    const queue = (await reviewer.get('/api/v1/review-queue?kind=application')).json<Queue>();
    expect(queue.total).toBeGreaterThan(0);
    expect(queue.items.every((item) => item.state === 'submitted')).toBe(true);
    const [first, second] = queue.items;
    const item = (
      await reviewer.get(`/api/v1/review-queue/application/${first?.id}`)
    ).json<ReviewItem>();
    expect(item.application?.id).toBe(first?.id);
    expect(item.application?.eligibilityTrace.length).toBeGreaterThan(0);
    expect(item.enterprise.uscc).toMatch(/^[0-9A-Z]{18}$/);
    expect(item.decisions).toEqual(['approve', 'return', 'reject']);
    expect(item.queue).toMatchObject({ position: 1, total: queue.total, previousId: null });
    expect(item.queue.nextId).toBe(second?.id ?? null);
    expect(BigInt(item.budgetRemainingFen)).toBeGreaterThan(0n);
  });

  it('pages through the queue by position, with the total on every page', async () => {
    const whole = (await reviewer.get('/api/v1/review-queue?kind=application')).json<Queue>();
    const second = (
      await reviewer.get('/api/v1/review-queue?kind=application&page=2&limit=1')
    ).json<Queue & { page: number; limit: number }>();
    expect(second).toMatchObject({ page: 2, limit: 1, total: whole.total });
    expect(second.items.map((item) => item.id)).toEqual(
      whole.items.slice(1, 2).map((item) => item.id),
    );
    const refused = await reviewer.get('/api/v1/review-queue?kind=application&page=0');
    expect(refused.status).toBe(400);
    expect(refused.json<{ error: { code: string } }>().error.code).toBe('VALIDATION_FAILED');
  });

  it('drops a decided application from the queue and points at the next one', async () => {
    const before = (await reviewer.get('/api/v1/review-queue?kind=application')).json<Queue>();
    const first = before.items[0];
    const decided = await reviewer.post(`/api/v1/applications/${first?.id}/review`, {
      decision: 'return',
      reason: '请补充合同草案。',
    });
    expect(decided.status).toBe(200);
    const after = (await reviewer.get('/api/v1/review-queue?kind=application')).json<Queue>();
    expect(after.total).toBe(before.total - 1);
    const item = (
      await reviewer.get(`/api/v1/review-queue/application/${first?.id}`)
    ).json<ReviewItem>();
    expect(item.queue).toMatchObject({ position: null, nextId: after.items[0]?.id ?? null });
    expect(item.decisions).toEqual([]);
  });

  it('shows a claim with its evidence, policy trace and the provider checked for relations', async () => {
    const queue = (await reviewer.get('/api/v1/review-queue?kind=claim')).json<Queue>();
    expect(queue.total).toBeGreaterThan(0);
    const ready = queue.items.find((item) => item.state === 'evidence_complete');
    expect(ready).toBeDefined();
    const item = (await reviewer.get(`/api/v1/review-queue/claim/${ready?.id}`)).json<ReviewItem>();
    expect(item.claim?.attachments?.length).toBeGreaterThanOrEqual(3);
    expect(item.claim?.policyTrace).toBeTruthy();
    expect(item.claim?.riskFlags).toBeDefined();
    expect(item.provider).not.toBeNull();
    expect(item.providerRelation).toMatchObject({ related: false });
    expect(item.decisions).toEqual(['redeem', 'reject']);
    expect(queue.items[0]?.state).toBe('evidence_complete');
  });

  it('is operator staff’s, within their programs', async () => {
    const queue = (await reviewer.get('/api/v1/review-queue?kind=claim')).json<Queue>();
    const id = queue.items[0]?.id ?? '';
    expect((await auditor.get(`/api/v1/review-queue/claim/${id}`)).status).toBe(200);
    expect((await hangzhou.get('/api/v1/review-queue?kind=claim')).status).toBe(403);
    expect((await hangzhou.get(`/api/v1/review-queue/claim/${id}`)).status).toBe(403);
    // An application id under the claim kind is no claim: not found.
    const applications = (await reviewer.get('/api/v1/applications')).json<{
      items: { id: string }[];
    }>();
    expect(applications.items.length).toBeGreaterThan(0);
    expect(
      (await reviewer.get(`/api/v1/review-queue/claim/${applications.items[0]?.id}`)).status,
    ).toBe(404);
    expect((await reviewer.get('/api/v1/review-queue?kind=grant')).status).toBe(400);
  });
});

interface Preview {
  programId: string;
  version: number;
  publish: { status: string; code: string | null };
  against: { version: number; inForce: boolean } | null;
  changes: { path: string; kind: string; before?: unknown; after?: unknown }[];
  lines: { op: string; text: string }[] | null;
  samples: { label: string | null; evaluation: { subsidyFen: string; trace: unknown[] } | null }[];
}

describe('program editor preview', () => {
  const sample = {
    label: 'SME, domestic compute',
    enterprise: { id: 'e-1', usccRegionCode: '330106', size: 'small', foundedOn: '2021-05-01' },
    purchase: {
      kind: 'compute',
      chipOrigin: 'domestic',
      amountFen: '40000000',
      contractId: 'PREVIEW-1',
      contractAmountFen: '40000000',
      contractSignedOn: '2026-02-27',
      providerId: 'any',
      date: '2026-03-02',
    },
  };

  async function inForce(): Promise<{ id: string; yaml: string; version: number }> {
    const id = programIds.find((programId) => programId.startsWith('hangzhou')) ?? '';
    const program = (await operator.get(`/api/v1/programs/${id}`)).json<{
      latestVersion: number;
      versions: { version: number; yamlText: string }[];
    }>();
    const latest = program.versions.find((v) => v.version === program.latestVersion);
    return { id, yaml: latest?.yamlText ?? '', version: program.latestVersion };
  }

  it('shows what a new version changes and what it pays on a sample, without publishing', async () => {
    const current = await inForce();
    const draft = current.yaml
      .replace(/^version: \d+$/m, `version: ${current.version + 1}`)
      .replace('rateBps: 5000', 'rateBps: 4500');
    const response = await operator.post('/api/v1/programs/versions/preview', {
      yaml: draft,
      samples: [sample],
    });
    expect(response.status).toBe(200);
    const preview = response.json<Preview>();
    expect(preview).toMatchObject({
      programId: current.id,
      version: current.version + 1,
      publish: { status: 'ready', code: null },
      against: { version: current.version, inForce: true },
    });
    expect(preview.changes).toContainEqual(
      expect.objectContaining({ kind: 'changed', before: 5000, after: 4500 }),
    );
    expect(
      preview.lines?.filter((line) => line.op !== ' ').map((line) => line.text.trim()),
    ).toEqual(
      expect.arrayContaining(['rateBps: 5000', 'rateBps: 4500', `version: ${current.version + 1}`]),
    );
    const [evaluated] = preview.samples;
    expect(evaluated?.label).toBe('SME, domestic compute');
    expect(evaluated?.evaluation?.trace.length).toBeGreaterThan(0);
    expect(BigInt(evaluated?.evaluation?.subsidyFen ?? '0')).toBeGreaterThan(0n);
    const after = (await operator.get(`/api/v1/programs/${current.id}`)).json<{
      latestVersion: number;
    }>();
    expect(after.latestVersion).toBe(current.version);
  });

  it('lists every problem of a broken file, and what publishing would refuse', async () => {
    const current = await inForce();
    const broken = current.yaml.replace('rateBps: 5000', 'rateBps: lots');
    const invalid = await operator.post('/api/v1/programs/versions/preview', { yaml: broken });
    expect(invalid.status).toBe(422);
    const { error } = invalid.json<{
      error: { code: string; details: { problems: { path: string; line?: number }[] } };
    }>();
    expect(error.code).toBe('PROGRAM_INVALID');
    expect(error.details.problems[0]?.path).toMatch(/rateBps/);
    expect(error.details.problems[0]?.line).toBeGreaterThan(1);
    const edited = current.yaml.replace('rateBps: 5000', 'rateBps: 4000');
    const sameVersion = (
      await operator.post('/api/v1/programs/versions/preview', { yaml: edited })
    ).json<Preview>();
    expect(sameVersion.publish).toMatchObject({
      status: 'refused',
      code: 'PROGRAM_VERSION_IMMUTABLE',
    });
    const unchanged = (
      await operator.post('/api/v1/programs/versions/preview', { yaml: current.yaml })
    ).json<Preview>();
    expect(unchanged.publish.status).toBe('exists');
    expect(unchanged.changes).toEqual([]);
  });

  it('is for operator admins', async () => {
    const { yaml } = await inForce();
    expect((await reviewer.post('/api/v1/programs/versions/preview', { yaml })).status).toBe(403);
    expect((await hangzhou.post('/api/v1/programs/versions/preview', { yaml })).status).toBe(403);
  });
});
