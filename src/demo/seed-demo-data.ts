import type { Database } from '../db/client.ts';
import type { EvidenceStore } from '../services/evidence/index.ts';
import { publishCatalog } from '../services/programs/index.ts';
import { createDemoParties, DEMO_PASSWORD, type DemoUser } from './demo-parties.ts';
import { assignDemoPrograms, demoHistoryStart, ensureDemoPrograms } from './demo-programs.ts';
import { createDemoHistory } from './demo-history.ts';
import { DemoStory } from './demo-story.ts';
import { createDemoVouchers, type DemoVoucherSummary } from './demo-vouchers.ts';
import { createDemoExchange } from './demo-exchange.ts';
import { createDemoExchangeHistory } from './demo-exchange-history.ts';

export interface DemoCredentials {
  password: string;
  users: DemoUser[];
}

export interface SeedDemoResult {
  /** True when this call wrote the demo data; false when the database had data already. */
  seeded: boolean;
  /** The demo users, when the demo data is (now or from an earlier start) in the database. */
  credentials: DemoCredentials | null;
  summary: DemoVoucherSummary | null;
}

const DEMO_EMAILS = ['operator', 'reviewer', 'auditor', 'hangzhou', 'chengdu', 'provider'];

/** The demo users, if an earlier start seeded them (read back, so a restart prints them too). */
async function existingCredentials(db: Database): Promise<DemoCredentials | null> {
  const rows = await db.query<{
    id: string;
    email: string;
    roles: string[];
    tenant_id: string;
    tenant_name: string;
  }>(
    `select u.id, u.email, u.roles, u.tenant_id, t.name as tenant_name
       from users u join tenants t on t.id = u.tenant_id
      where u.email = any($1::text[]) order by u.created_at, u.email`,
    [DEMO_EMAILS.map((key) => `${key}@suanli-demo.test`)],
  );
  if (rows.length === 0) return null;
  return {
    password: DEMO_PASSWORD,
    users: rows.map((row) => ({
      email: row.email,
      role: row.roles[0] as DemoUser['role'],
      tenantName: row.tenant_name,
      userId: row.id,
      tenantId: row.tenant_id,
    })),
  };
}

/**
 * Seeds a fresh database with a believable scenario (docs/architecture.md#time-jobs-and-runtime):
 * publishes the program catalog, creates the demo operator staff, an SME in Hangzhou, a
 * manufacturer in Chengdu and two providers, then walks applications, grants, claims, payouts and a
 * publication (公示) through every state with the real services, so the ledger and audit chains
 * verify.
 *
 * Idempotent: when any tenant exists the database is not empty and nothing is written.
 *
 * @example
 * const { seeded, credentials } = await seedDemoData({ db, evidenceStore, now: new Date() });
 */
export async function seedDemoData(options: {
  db: Database;
  /** Where the demo's evidence files go: the server's store. */
  evidenceStore: EvidenceStore;
  now: Date;
  /** Called when seeding starts (it takes a while on a first start), not when skipped. */
  onSeeding?: () => void;
}): Promise<SeedDemoResult> {
  const { db, now } = options;
  const [existing] = await db.query<{ present: boolean }>(
    'select exists (select 1 from tenants) as present',
  );
  if (existing?.present === true) {
    return { seeded: false, credentials: await existingCredentials(db), summary: null };
  }
  options.onSeeding?.();
  // The catalog and the parties exist before the programs are funded (the history's first day).
  const historyStart = demoHistoryStart(now);
  const startedAt = new Date(historyStart.getTime() - 86_400_000);
  await publishCatalog({ db, now: startedAt });
  const programs = await ensureDemoPrograms({ db, now });
  const parties = await createDemoParties({ db, now: startedAt });
  await assignDemoPrograms({
    db,
    programs,
    operatorTenantId: parties.operatorTenantId,
    at: historyStart,
  });
  const story = new DemoStory({ db, evidenceStore: options.evidenceStore, parties, programs, now });
  const summary = await createDemoVouchers(story);
  // After the story: its 公示 lists are drawn up already, so no history claim joins them.
  const history = await createDemoHistory({
    db,
    evidenceStore: options.evidenceStore,
    programId: programs.hangzhou,
    providerId: parties.hangzhouProviderId,
    reviewer: story.reviewer,
    operator: story.operator,
    from: historyStart,
    now,
  });
  // Each history enterprise has one application and one grant, and at most one claim.
  summary.applications += history.grants;
  summary.grants += history.grants;
  summary.claims += history.redeemedClaims;
  await createDemoExchangeHistory({ db, parties, now });
  await createDemoExchange({ db, parties, now });
  return {
    seeded: true,
    credentials: { password: DEMO_PASSWORD, users: Object.values(parties.users) },
    summary,
  };
}
