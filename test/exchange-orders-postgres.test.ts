import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/client.ts';
import { isDomainError } from '../src/domain/shared/errors.ts';
import { buyNow, cancelOrder, createOffer } from '../src/services/exchange/index.ts';
import { verifyLedger } from '../src/services/ledger/index.ts';
import { registerProvider } from '../src/services/parties/index.ts';
import {
  createApplication,
  createClaim,
  getClaim,
  getGrant,
  grantBalance,
  reconcileVouchers,
  submitApplication,
  systemActor,
} from '../src/services/vouchers/index.ts';
import { createTestPostgres, type TestPostgres } from './support/test-database.ts';
import { at, operator, publishFirstComeProgram, registerWuhanSme } from './vouchers-support.ts';
import { freshUscc } from './support/uscc.ts';

/**
 * Orders on real PostgreSQL: concurrent buy-nows never sell a card-hour twice, and a
 * pay-the-provider program (Wuhan's 即领即用, 50 % for SMEs) reserves the subsidy in the ledger
 * at order time as a voucher claim on the order's contract, released on cancellation.
 */

const PROGRAM = 'wuhan-exchange-orders';
const HOUR_MS = 3_600_000;
const now = at('2025-06-01'); // 02:00 UTC
const hour = (hours: number): Date => new Date(now.getTime() + hours * HOUR_MS);
let pg: TestPostgres;
let db: Database;
let providerId: string;

async function guizhouOffer(cards: number): Promise<string> {
  const offer = await createOffer({
    db,
    actor: systemActor,
    providerId,
    terms: {
      acceleratorId: 'ascend-910b',
      cardCount: cards,
      regionCode: '520100',
      pueMilli: 1200,
      greenShareBps: 6000,
      pricePerCardHourFen: 1200n,
      window: { from: hour(22), to: hour(22 + 72) },
      minTermHours: 2,
      splittable: true,
    },
    now,
  });
  return offer.id;
}

beforeAll(async () => {
  pg = await createTestPostgres(24);
  db = pg.db;
  await publishFirstComeProgram(db, PROGRAM, '1000000');
  const { provider } = await registerProvider({
    actor: systemActor,
    sql: db,
    now,
    input: {
      uscc: freshUscc('520100'),
      name: '贵州算力中心有限公司',
      regionCode: '520100',
      kinds: ['compute'],
      acceleratorOrigins: ['domestic'],
    },
  });
  providerId = provider.id;
});
afterAll(async () => pg.drop());

describe('buy-now on real PostgreSQL', () => {
  it('never oversells an hour: 12 concurrent buyers of 2 cards, 8 cards listed', async () => {
    const offerId = await guizhouOffer(8);
    const buyers = await Promise.all(
      Array.from({ length: 12 }, (_, index) => registerWuhanSme(db, 100 + index)),
    );
    // Windows overlap in hours 24–28 of the offer, so at most four orders fit there.
    const results = await Promise.allSettled(
      buyers.map((enterpriseId, index) =>
        buyNow({
          db,
          actor: { ...operator, tenantId: enterpriseId },
          enterpriseId,
          offerId,
          cards: 2,
          window: { from: hour(22 + (index % 3)), to: hour(30 + (index % 3)) },
          now,
        }),
      ),
    );
    const sold = results.filter((result) => result.status === 'fulfilled');
    expect(sold).toHaveLength(4);
    for (const result of results) {
      if (result.status === 'rejected') {
        expect(isDomainError(result.reason) && result.reason.code).toBe('CAPACITY_EXHAUSTED');
      }
    }
    const hours = await db.query<{ hour_start: Date; cards_free: number }>(
      'select hour_start, cards_free from exchange_offer_hours where offer_id = $1',
      [offerId],
    );
    const orders = sold.map((result) => result.value);
    for (const { hour_start: start, cards_free: free } of hours) {
      const taken = orders
        .filter((order) => order.startsAt <= start && start < order.endsAt)
        .reduce((sum, order) => sum + order.cards, 0);
      expect(free).toBe(8 - taken);
      expect(free).toBeGreaterThanOrEqual(0);
    }
  });

  it('reserves a pay-the-provider subsidy as a claim on the order and releases it on cancellation', async () => {
    const enterpriseId = await registerWuhanSme(db, 1);
    const actor = { ...operator, tenantId: enterpriseId };
    const application = await createApplication({
      db,
      programId: PROGRAM,
      enterpriseId,
      plannedPurchase: { kind: 'compute', amountFen: 400_000n },
      requestedFen: 100_000n,
      purpose: '国产算力训练',
      actor,
      now,
    });
    const { grant } = await submitApplication({ db, applicationId: application.id, actor, now });
    expect(grant).not.toBeNull();
    const grantId = grant?.id ?? '';
    const offerId = await guizhouOffer(16);
    const order = await buyNow({
      db,
      actor,
      enterpriseId,
      offerId,
      cards: 4,
      window: { from: hour(22), to: hour(32) },
      grantId,
      now,
    });
    // 4 cards × 10 hours × ¥12 = ¥480; 50 % is ¥240, and the grant holds ¥1,000.
    expect(order).toMatchObject({
      amountFen: 48_000n,
      subsidyMode: 'pay-provider',
      subsidyFen: 24_000n,
      programId: PROGRAM,
    });
    const { claim } = await getClaim({ sql: db, actor, claimId: order.claimId ?? '' });
    expect(claim).toMatchObject({
      state: 'submitted',
      reservedFen: 24_000n,
      contractId: order.contractNumber,
      providerId,
    });
    const held = await grantBalance(db, (await getGrant({ sql: db, actor, grantId })).grant);
    expect(held.inFlightFen).toBe(24_000n);
    // The order is the contract: a second subsidy on it in this program is refused.
    await expect(
      createClaim({
        db,
        grantId,
        enterpriseId,
        providerId,
        contractId: order.contractNumber,
        contractSignedOn: '2025-06-01',
        contractAmountFen: 48_000n,
        purchase: { kind: 'compute', amountFen: 48_000n, chipOrigin: 'domestic' },
        actor,
        now,
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });

    const cancelled = await cancelOrder({ db, actor, orderId: order.id, now: hour(1) });
    expect(cancelled).toMatchObject({ state: 'cancelled', subsidyFen: 0n });
    expect((await getClaim({ sql: db, actor, claimId: order.claimId ?? '' })).claim.state).toBe(
      'rejected',
    );
    const released = await grantBalance(db, (await getGrant({ sql: db, actor, grantId })).grant);
    expect(released.inFlightFen).toBe(0n);
    const [freeMin] = await db.query<{ free: number }>(
      'select min(cards_free) as free from exchange_offer_hours where offer_id = $1',
      [offerId],
    );
    expect(freeMin?.free).toBe(16);
    expect(await verifyLedger({ db })).toMatchObject({ ok: true });
    expect((await reconcileVouchers({ sql: db, now: hour(2) })).findings).toEqual([]);
  });
});
