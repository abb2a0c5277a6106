import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from './support/api-harness.ts';
import { createDemoHarness, type DemoHarness } from './support/demo-harness.ts';

/**
 * The public calculator, called signed in as an enterprise, answers for that enterprise: its
 * registered profile and what it already got this fiscal year, not what the body claims — and
 * says so. Anonymous callers keep the body's profile.
 */

interface Evaluation {
  programId: string;
  eligible: boolean;
  subsidyFen: string;
  profileSource: 'session' | 'body';
  fromSession?: {
    enterpriseId: string;
    enterprise: { usccRegionCode: string; size: string };
    yearToDate: Record<string, { grantedFen: string; claimedFen: string; fiscalYear: number }>;
  };
}

let demo: DemoHarness;
let hangzhou: ApiClient;
let hangzhouId: string;
let programId: string;

/** A ¥30M domestic-compute contract: 30 % is ¥9M, above Hangzhou's ¥8M per enterprise-year. */
const bigPurchase = {
  kind: 'compute',
  amountFen: '3000000000',
  contractId: 'ZJZS-2026-CALC',
  contractAmountFen: '3000000000',
  contractSignedOn: '2026-02-20',
  providerId: 'any-provider',
  chipOrigin: 'domestic',
  date: '2026-03-02',
};
const ENTERPRISE_YEAR_CAP_FEN = 800_000_000n;

/** A Chengdu manufacturer's profile: what an enterprise might type instead of its own. */
const typedProfile = {
  id: 'typed-by-hand',
  usccRegionCode: '510107',
  size: 'large',
  foundedOn: '2010-01-01',
};

beforeAll(async () => {
  demo = await createDemoHarness();
  programId = demo.seed.summary?.programIds[0] ?? '';
  hangzhou = await demo.signIn('hangzhou@suanli-demo.test');
  hangzhouId = (await hangzhou.get('/api/v1/me')).json<{ user: { tenantId: string } }>().user
    .tenantId;
}, 120_000);
afterAll(async () => {
  await demo.close();
});

/** What the demo granted the Hangzhou SME under the program, read through the API. */
async function grantedFen(): Promise<bigint> {
  const response = await hangzhou.get(`/api/v1/grants?programId=${programId}&limit=100`);
  const grants = response.json<{
    items: { state: string; amountFen: string; returnedFen: string }[];
  }>().items;
  return grants
    .filter((grant) => grant.state !== 'clawed_back')
    .reduce((sum, grant) => sum + BigInt(grant.amountFen) - BigInt(grant.returnedFen), 0n);
}

describe('calculator with a signed-in enterprise', () => {
  it('anonymous: the body profile, year-to-date zero, and it says so', async () => {
    const response = await demo.harness.as('anonymous').post('/api/v1/programs/calculate', {
      programId,
      enterprise: { ...typedProfile, usccRegionCode: '330106', size: 'small' },
      purchase: bigPurchase,
    });
    expect(response.status).toBe(200);
    const result = response.json<Evaluation>();
    expect(result).toMatchObject({ profileSource: 'body', eligible: true });
    expect(result.fromSession).toBeUndefined();
    expect(BigInt(result.subsidyFen)).toBe(ENTERPRISE_YEAR_CAP_FEN);
  });

  it('anonymous without a profile: 400 naming the field', async () => {
    const response = await demo.harness
      .as('anonymous')
      .post('/api/v1/programs/calculate', { programId, purchase: bigPurchase });
    expect(response.status).toBe(400);
    expect(response.errorCode).toBe('VALIDATION_FAILED');
    expect(response.text).toContain('enterprise');
  });

  it('session: its own profile and what it was granted this year, instead of the body', async () => {
    const granted = await grantedFen();
    expect(granted).toBeGreaterThan(0n);
    const response = await hangzhou.post('/api/v1/programs/calculate', {
      programId,
      // Typed as a large Chengdu firm that got nothing yet: both are ignored for the session.
      enterprise: typedProfile,
      yearToDate: { [programId]: { enterpriseYearSubsidyFen: '0' } },
      purchase: bigPurchase,
    });
    expect(response.status).toBe(200);
    const result = response.json<Evaluation>();
    expect(result.profileSource).toBe('session');
    expect(result.fromSession).toMatchObject({
      enterpriseId: hangzhouId,
      enterprise: { usccRegionCode: '330106', size: 'small' },
    });
    expect(result.fromSession?.yearToDate[programId]).toMatchObject({
      fiscalYear: 2026,
      grantedFen: granted.toString(),
    });
    expect(BigInt(result.fromSession?.yearToDate[programId]?.claimedFen ?? '-1')).toBeGreaterThan(
      0n,
    );
    // The ¥8M enterprise-year cap is charged with what the enterprise already has.
    expect(result.eligible).toBe(true);
    expect(BigInt(result.subsidyFen)).toBe(ENTERPRISE_YEAR_CAP_FEN - granted);
  });

  it('session without a body profile: every program in force, compared with its own figures', async () => {
    const response = await hangzhou.post('/api/v1/programs/calculate', { purchase: bigPurchase });
    expect(response.status).toBe(200);
    const result = response.json<{
      ranking: { programId: string; subsidyFen: string }[];
      profileSource: string;
      fromSession: Evaluation['fromSession'];
    }>();
    expect(result.profileSource).toBe('session');
    expect(result.fromSession?.yearToDate[programId]?.grantedFen).toBe(
      (await grantedFen()).toString(),
    );
    const own = result.ranking.find((evaluation) => evaluation.programId === programId);
    expect(BigInt(own?.subsidyFen ?? '0')).toBe(ENTERPRISE_YEAR_CAP_FEN - (await grantedFen()));
  });

  it('an API key of the enterprise that may read counts as signed in', async () => {
    const created = await hangzhou.post('/api/v1/api-keys', { name: 'calc', scopes: ['read'] });
    expect(created.status).toBe(201);
    const secret = created.json<{ secret: string }>().secret;
    const response = await demo.harness
      .raw({ authorization: `Bearer ${secret}` })
      .post('/api/v1/programs/calculate', { programId, purchase: bigPurchase });
    expect(response.status).toBe(200);
    expect(response.json<Evaluation>()).toMatchObject({
      profileSource: 'session',
      fromSession: { enterpriseId: hangzhouId },
    });
  });

  it('operator staff are no enterprise: the body profile is used', async () => {
    const operator = await demo.signIn('operator@suanli-demo.test');
    const response = await operator.post('/api/v1/programs/calculate', {
      programId,
      enterprise: { ...typedProfile, usccRegionCode: '330106', size: 'small' },
      purchase: bigPurchase,
    });
    expect(response.status).toBe(200);
    expect(response.json<Evaluation>().profileSource).toBe('body');
  });

  it('a session cookie without its CSRF token is refused, as on every other POST', async () => {
    const response = await hangzhou.post(
      '/api/v1/programs/calculate',
      { programId, purchase: bigPurchase },
      { headers: { 'x-csrf-token': 'wrong' } },
    );
    expect(response.status).toBe(403);
    expect(response.errorCode).toBe('CSRF_FAILED');
  });
});
