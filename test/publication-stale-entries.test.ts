import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHarness, type ApiHarness } from './support/api-harness.ts';
import {
  claimInState,
  publishTestProgram,
  testEnterprise,
  testProvider,
  type RedeemedClaim,
} from './support/publication-fixtures.ts';

/**
 * A 公示 list is frozen as a draft and published later. Publishing checks every entry again: a
 * claim clawed back (or partly clawed back) since the draft, or a grant withdrawn, is dropped
 * with its reason, so the public list always matches the ledger.
 */

const DAY_MS = 86_400_000;
let h: ApiHarness;
let programId: string;
let clawedBack: RedeemedClaim;
let partly: RedeemedClaim;
let untouched: RedeemedClaim;

interface PublicationJson {
  id: string;
  state: string;
  entryCount: number;
  totalFen: string;
}
interface DetailJson {
  publication: PublicationJson;
  entries: { id: string; claimId: string | null; grantId: string | null; amountFen: string }[];
  excludedEntries: {
    entryId: string;
    claimId: string | null;
    grantId: string | null;
    reason: string;
  }[];
}

beforeAll(async () => {
  h = await createApiHarness();
  const now = h.clock.now();
  const before = new Date(now.getTime() - 30 * DAY_MS);
  programId = await publishTestProgram(h.db, {
    at: before,
    operatorTenantId: h.tenants.operatorA.id,
  });
  const providerId = await testProvider(h.db, before);
  const redeemed = async (minutesAgo: number, name: string): Promise<RedeemedClaim> =>
    claimInState(h.db, {
      programId,
      at: new Date(now.getTime() - minutesAgo * 60_000),
      enterpriseId: await testEnterprise(h.db, before, undefined, name),
      providerId,
    });
  clawedBack = await redeemed(30, '杭州追回甲有限公司');
  partly = await redeemed(20, '杭州追回乙有限公司');
  untouched = await redeemed(10, '杭州追回丙有限公司');
}, 120_000);
afterAll(async () => {
  await h.close();
});

const operator = () => h.as('operator-admin@A');
/** The Shanghai month of a time, as a publication period. */
const monthOf = (time: Date): string =>
  new Date(time.getTime() + 8 * 3600_000).toISOString().slice(0, 7);

async function draft(period: string, source: 'claims' | 'grants'): Promise<PublicationJson> {
  const response = await operator().post('/api/v1/publications', {
    programId,
    period,
    source,
    title: `${source} ${period} 公示`,
    objectionWindowDays: 5,
  });
  expect(response.status, response.text).toBe(201);
  return response.json<PublicationJson>();
}

describe('publishing re-checks every entry', () => {
  let claimsList: PublicationJson;
  let grantsList: PublicationJson;

  it('drops claims clawed back since the draft, with the reason, from the public list', async () => {
    claimsList = await draft(monthOf(h.clock.now()), 'claims');
    expect(claimsList).toMatchObject({ entryCount: 3, totalFen: '15000000' });
    // The grants were approved about four days before the claims were redeemed.
    grantsList = await draft(monthOf(clawedBack.grant.createdAt), 'grants');
    expect(grantsList.entryCount).toBe(3);

    // After the drafts: one claim clawed back whole (its grant with it), one by a fen.
    const whole = await operator().post(`/api/v1/claims/${clawedBack.claim.id}/clawback`, {
      reason: '虚假交付，全额追回',
    });
    expect(whole.status, whole.text).toBe(200);
    const part = await operator().post(`/api/v1/claims/${partly.claim.id}/clawback`, {
      amountFen: '1',
      reason: '多计1分',
    });
    expect(part.status, part.text).toBe(200);

    const published = await operator().post(`/api/v1/publications/${claimsList.id}/publish`, {});
    expect(published.status, published.text).toBe(200);
    expect(published.json<PublicationJson>()).toMatchObject({
      state: 'published',
      entryCount: 1,
      totalFen: '5000000',
    });
    const publicView = await h.as('anonymous').get(`/api/v1/public/publications/${claimsList.id}`);
    const shown = publicView.json<DetailJson>();
    expect(shown.publication).toMatchObject({ entryCount: 1, totalFen: '5000000' });
    expect(shown.entries.map((entry) => entry.amountFen)).toEqual(['5000000']);
    expect(publicView.text).not.toContain('杭州追回甲有限公司');
    expect(publicView.text).not.toContain('杭州追回乙有限公司');
    const csv = await h.as('anonymous').get(`/api/v1/public/publications/${claimsList.id}.csv`);
    expect(csv.text).toContain('杭州追回丙有限公司');
    expect(csv.text).not.toContain('杭州追回甲有限公司');

    // Operator staff see what was dropped and why.
    const detail = (
      await operator().get(`/api/v1/publications/${claimsList.id}`)
    ).json<DetailJson>();
    expect(detail.entries.map((entry) => entry.claimId)).toEqual([untouched.claim.id]);
    expect(detail.excludedEntries.map((entry) => [entry.claimId, entry.reason])).toEqual([
      [clawedBack.claim.id, 'claim clawed_back after the list was drafted'],
      [
        partly.claim.id,
        'claim now pays 4999999 fen, not the 5000000 fen drafted (partial clawback): list it again',
      ],
    ]);
    // A dropped entry takes no objection: it was never public.
    const objection = await h
      .as('anonymous')
      .post(
        `/api/v1/public/publications/${claimsList.id}/objections`,
        { entryId: detail.excludedEntries[0]?.entryId, body: '此条目已追回，为何仍在名单？' },
        { remoteAddress: '203.0.113.70' },
      );
    expect([objection.status, objection.errorCode]).toEqual([404, 'NOT_FOUND']);
  });

  it('drops a grant withdrawn since the draft from a grants list', async () => {
    const published = await operator().post(`/api/v1/publications/${grantsList.id}/publish`, {});
    expect(published.status, published.text).toBe(200);
    expect(published.json<PublicationJson>().entryCount).toBe(2);
    const detail = (
      await operator().get(`/api/v1/publications/${grantsList.id}`)
    ).json<DetailJson>();
    expect(detail.excludedEntries.map((entry) => [entry.grantId, entry.reason])).toEqual([
      [clawedBack.grant.id, 'grant clawed_back after the list was drafted'],
    ]);
  });

  it('lists a partly clawed-back claim again at what it will be paid, and pays only that list', async () => {
    const again = await draft(monthOf(h.clock.now()), 'claims');
    expect(again).toMatchObject({ entryCount: 1, totalFen: '4999999' });
    // Not paid on the first list: its entry there was dropped.
    const early = await operator().post(`/api/v1/claims/${partly.claim.id}/payout`, {});
    expect([early.status, early.errorCode]).toEqual([409, 'PUBLICATION_PENDING']);
  });

  it('refuses a list with nothing left, and leaves it a draft', async () => {
    const lonely = await h.db.query<{ id: string }>(
      `select id from publications where program_id = $1 and state = 'draft'`,
      [programId],
    );
    expect(lonely).toHaveLength(1);
    const listId = lonely[0]?.id ?? '';
    const rest = await operator().post(`/api/v1/claims/${partly.claim.id}/reject`, {
      reason: '发票作废',
    });
    expect(rest.status, rest.text).toBe(200);
    const refused = await operator().post(`/api/v1/publications/${listId}/publish`, {});
    expect([refused.status, refused.errorCode]).toEqual([409, 'CONFLICT']);
    const detail = (await operator().get(`/api/v1/publications/${listId}`)).json<DetailJson>();
    expect(detail.publication).toMatchObject({ state: 'draft', entryCount: 1 });
    expect(detail.excludedEntries).toEqual([]);
  });
});
