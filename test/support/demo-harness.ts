/**
 * The demo `npm start` seeds, served by the in-process API harness: the demo story seeded at
 * the harness's clock, then the harness's own tenants beside it, and clients signed in as the
 * demo users (with the demo password) the way a newcomer signs in.
 *
 * @example
 * const demo = await createDemoHarness();
 * const operator = await demo.signIn('operator@suanli-demo.test');
 * await operator.post(`/api/v1/claims/${demo.seed.summary?.readyToPayOutClaimIds[0]}/payout`, {});
 */
import { DEMO_PASSWORD, seedDemoData, type SeedDemoResult } from '../../src/demo/index.ts';
import {
  createApiHarness,
  HARNESS_CLOCK_START,
  type ApiClient,
  type ApiHarness,
} from './api-harness.ts';
import { createTestPglite } from './test-database.ts';
import { createTestEvidenceStore, GENEROUS_EVIDENCE_QUOTAS } from './test-evidence-store.ts';

export interface DemoHarness {
  harness: ApiHarness;
  seed: SeedDemoResult;
  /** A client signed in as a demo user (session cookie and CSRF header). */
  signIn: (email: string) => Promise<ApiClient>;
  close: () => Promise<void>;
}

export async function createDemoHarness(): Promise<DemoHarness> {
  const db = await createTestPglite();
  // Seeding writes only into an empty database: before the harness adds its tenants.
  const evidenceStore = createTestEvidenceStore(GENEROUS_EVIDENCE_QUOTAS);
  const seed = await seedDemoData({ db, evidenceStore, now: HARNESS_CLOCK_START });
  const harness = await createApiHarness({ db, evidenceStore });
  const signIn = async (email: string): Promise<ApiClient> => {
    const response = await harness
      .as('anonymous')
      .post('/api/v1/auth/login', { email, password: DEMO_PASSWORD });
    if (response.status !== 200) throw new Error(`sign-in of ${email}: ${response.text}`);
    const cookies = response.headers.getSetCookie().map((line) => line.split(';')[0] ?? '');
    const csrf = cookies.find((cookie) => cookie.startsWith('suanli_csrf='))?.slice(12) ?? '';
    return harness.raw({ cookie: cookies.join('; '), 'x-csrf-token': csrf });
  };
  return { harness, seed, signIn, close: () => db.close() };
}
