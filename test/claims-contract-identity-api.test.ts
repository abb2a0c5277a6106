import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHarness, type ApiHarness } from './support/api-harness.ts';
import { draftClaim, draftedClaim, grantFor, setUpClaims } from './support/claim-fixtures.ts';

/**
 * A contract's identity over HTTP (issue 17, item 4), with two enterprise tenants: a contract is
 * between an enterprise and a provider, compared by its normalised id. Another enterprise's
 * claim on the same contract does not block the rightful one — it is a risk flag that operator
 * staff alone see — and no error carries another tenant's ids.
 */

let h: ApiHarness;
let providerA: string;
let providerB: string;
let grantA: string;
let grantB: string;

interface RiskFlagJson {
  kind: string;
  reason: { 'zh-CN': string; en: string };
  related: { claimId: string; enterpriseId: string } | null;
}
interface ClaimJson {
  id: string;
  riskFlags?: RiskFlagJson[];
}

beforeAll(async () => {
  h = await createApiHarness();
  ({ providerA, providerB } = await setUpClaims(h));
  grantA = await grantFor(h, 'A');
  grantB = await grantFor(h, 'B');
});
afterAll(async () => {
  await h.close();
});

const enterpriseA = () => h.as('enterprise-admin@A');
const enterpriseB = () => h.as('enterprise-admin@B');

describe('contract identity', () => {
  it('lets the rightful enterprise claim a contract id another enterprise used first, and flags both for the reviewer', async () => {
    const squatted = await draftedClaim(enterpriseB(), {
      grantId: grantB,
      providerId: providerA,
      contractId: 'ZJZS-2025-0800',
    });
    const rightful = await draftClaim(enterpriseA(), {
      grantId: grantA,
      providerId: providerA,
      contractId: 'ZJZS-2025-0800',
    });
    expect(rightful.status, rightful.text).toBe(201);
    const rightfulId = rightful.json<ClaimJson>().id;
    // Neither enterprise learns of the other: no flags on their views, nothing of the other's ids.
    expect(rightful.text).not.toContain(squatted);
    expect(rightful.text).not.toContain(h.tenants.enterpriseB.id);
    for (const [client, id] of [
      [enterpriseA(), rightfulId],
      [enterpriseB(), squatted],
      [h.as('provider-admin@A'), rightfulId],
    ] as const) {
      const view = await client.get(`/api/v1/claims/${id}`);
      expect(view.status).toBe(200);
      expect(view.json<ClaimJson>().riskFlags).toBeUndefined();
      expect(view.text).not.toContain(id === rightfulId ? squatted : rightfulId);
    }
    // Operator staff see the flag on each claim, naming the other, in the claim and the queue.
    for (const [id, related, enterpriseId] of [
      [rightfulId, squatted, h.tenants.enterpriseB.id],
      [squatted, rightfulId, h.tenants.enterpriseA.id],
    ] as const) {
      for (const staff of ['reviewer@A', 'operator-admin@A', 'auditor@A'] as const) {
        const view = await h.as(staff).get(`/api/v1/claims/${id}`);
        expect(view.json<ClaimJson>().riskFlags).toEqual([
          expect.objectContaining({
            kind: 'contract_shared',
            related: { claimId: related, enterpriseId },
          }),
        ]);
      }
    }
    const queue = await h.as('reviewer@A').get('/api/v1/claims?limit=200');
    const queued = queue
      .json<{ items: ClaimJson[] }>()
      .items.find((item) => item.id === rightfulId);
    expect(queued?.riskFlags?.map((flag) => flag.kind)).toEqual(['contract_shared']);
    expect(queued?.riskFlags?.[0]?.reason['zh-CN']).toContain('ZJZS-2025-0800');
    const ownList = await enterpriseA().get('/api/v1/claims?limit=200');
    expect(
      ownList.json<{ items: ClaimJson[] }>().items.every((item) => item.riskFlags === undefined),
    ).toBe(true);
  });

  it('refuses the same enterprise’s second claim on a contract written differently, naming its claim', async () => {
    const own = await draftedClaim(enterpriseA(), {
      grantId: grantA,
      providerId: providerA,
      contractId: 'ZJZS-2025-0611',
    });
    for (const contractId of [
      'ZJZS-2025-0611',
      'zjzs-2025-0611',
      'ＺＪＺＳ－２０２５－０６１１',
      'ZJZS 2025 0611',
      'zjzs—2025‐0611',
      'ZJZS20250611',
    ]) {
      const duplicate = await draftClaim(enterpriseA(), {
        grantId: grantA,
        providerId: providerA,
        contractId,
      });
      expect(duplicate.status, contractId).toBe(409);
      expect(duplicate.json()).toMatchObject({
        error: { code: 'CONFLICT', details: { field: 'contractId', claimId: own } },
      });
    }
  });

  it('never names another tenant’s claim in the answer to a duplicate', async () => {
    // Another enterprise holds the contract too, so an answer naming "the" holder could leak it.
    const othersClaim = await draftedClaim(enterpriseB(), {
      grantId: grantB,
      providerId: providerA,
      contractId: 'ZJZS-2025-0612',
    });
    const first = await draftClaim(enterpriseA(), {
      grantId: grantA,
      providerId: providerA,
      contractId: 'ZJZS-2025-0612',
    });
    const duplicate = await draftClaim(enterpriseA(), {
      grantId: grantA,
      providerId: providerA,
      contractId: 'zjzs-2025-0612',
    });
    for (const answer of [first, duplicate]) {
      expect(answer.text).not.toContain(othersClaim);
      expect(answer.text).not.toContain(h.tenants.enterpriseB.id);
    }
    expect(duplicate.json()).toMatchObject({
      error: { details: { claimId: first.json<ClaimJson>().id } },
    });
  });

  it('treats the same id with another provider as another contract, without a flag', async () => {
    await draftedClaim(enterpriseA(), {
      grantId: grantA,
      providerId: providerA,
      contractId: 'HZ-2026-0777',
    });
    const withProviderB = await draftedClaim(enterpriseA(), {
      grantId: grantA,
      providerId: providerB,
      contractId: 'HZ-2026-0777',
    });
    const byOther = await draftedClaim(enterpriseB(), {
      grantId: grantB,
      providerId: providerB,
      contractId: 'HZ-2026-0888',
    });
    for (const id of [withProviderB, byOther]) {
      const view = await h.as('reviewer@A').get(`/api/v1/claims/${id}`);
      expect(view.json<ClaimJson>().riskFlags).toEqual([]);
    }
  });

  it('does not show a reviewer the ids of a claim under another operator’s program', async () => {
    await setUpClaims(h, { programId: 'other-city-compute', operator: 'B' });
    const grantUnderB = await grantFor(h, 'B', { programId: 'other-city-compute', operator: 'B' });
    const elsewhere = await draftedClaim(enterpriseB(), {
      grantId: grantUnderB,
      providerId: providerA,
      contractId: 'CROSS-CITY-1',
    });
    const here = await draftedClaim(enterpriseA(), {
      grantId: grantA,
      providerId: providerA,
      contractId: 'cross city 1',
    });
    const seenByA = await h.as('reviewer@A').get(`/api/v1/claims/${here}`);
    expect(seenByA.json<ClaimJson>().riskFlags).toEqual([
      expect.objectContaining({ kind: 'contract_shared', related: null }),
    ]);
    expect(seenByA.text).not.toContain(elsewhere);
    const seenByB = await h.as('reviewer@B').get(`/api/v1/claims/${elsewhere}`);
    expect(seenByB.json<ClaimJson>().riskFlags).toEqual([
      expect.objectContaining({ kind: 'contract_shared', related: null }),
    ]);
    expect(seenByB.text).not.toContain(here);
  });

  it('refuses a contract id of dashes and spaces only', async () => {
    const blank = await draftClaim(enterpriseA(), {
      grantId: grantA,
      providerId: providerA,
      contractId: '— -－',
    });
    expect(blank.status).toBe(400);
    expect(blank.json()).toMatchObject({ error: { details: { field: 'contractId' } } });
  });
});
