import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseInTransaction } from '../src/db/nested-transaction.ts';
import { systemActor } from '../src/services/authz/index.ts';
import { clearExchange, createComputeRequest, type Order } from '../src/services/exchange/index.ts';
import { verifyLedger } from '../src/services/ledger/index.ts';
import { createApiHarness, type ApiHarness } from './support/api-harness.ts';
import {
  approvedGrant,
  publishProgram,
  registerComputeCentre,
  registerSme,
} from './support/exchange-fixtures.ts';
import {
  clearingRequestBody,
  guizhouAscendOffer,
  listOffer,
  marchHour,
} from './support/exchange-clearing-fixture.ts';

/**
 * The clearing run through the service on a Guizhou Ascend 910B offer (Chengdu's program: 50 %
 * of domestic compute): the same clearing input gives the same orders, and a nearly spent grant
 * is never committed beyond what it has left — its budget is its ledger balance less the
 * subsidy its unclaimed reimbursement orders record.
 */
describe('exchange clearing: determinism and budgets', () => {
  let h: ApiHarness;
  let guizhouOffer: string;

  beforeAll(async () => {
    h = await createApiHarness();
    await publishProgram(h, 'chengdu-compute');
    const guizhouProvider = await registerComputeCentre(h, 'A', 'domestic', '520100');
    guizhouOffer = await listOffer(h, 'A', guizhouAscendOffer(guizhouProvider));
  });
  afterAll(async () => h.close());

  describe('a nearly spent grant', () => {
    let enterpriseId: string;
    let grantId: string;
    let requestIds: string[];
    const facts = (orders: readonly Order[]) =>
      orders.map((order) => ({
        requestId: order.requestId,
        offerId: order.offerId,
        cards: order.cards,
        startsAt: order.startsAt.toISOString(),
        endsAt: order.endsAt.toISOString(),
        amountFen: order.amountFen,
        subsidyFen: order.subsidyFen,
      }));

    beforeAll(async () => {
      enterpriseId = await registerSme(h, 'B', '510104');
      // ¥500 granted; a buy-now records ¥200 of it for a later claim: ¥300 left.
      grantId = await approvedGrant(h, 'B', 'chengdu-compute', '50000');
      const bought = await h
        .as('enterprise-admin@B')
        .post(`/api/v1/exchange/offers/${guizhouOffer}/buy`, {
          enterpriseId,
          cards: 4,
          window: { from: marchHour('10', 0), to: marchHour('10', 10) },
          grantId,
        });
      expect(bought.status, bought.text).toBe(201);
      expect(bought.json<{ subsidyFen: string }>().subsidyFen).toBe('20000');
      requestIds = [];
      for (const day of ['11', '12']) {
        // 40 card-hours at ¥10 less 50 %: ¥200 of subsidy each; only one fits in ¥300.
        const asked = await h
          .as('enterprise-admin@B')
          .post(
            '/api/v1/exchange/requests',
            clearingRequestBody(enterpriseId, grantId, day, { quantity: '40' }),
          );
        expect(asked.status, asked.text).toBe(201);
        requestIds.push(asked.json<{ id: string }>().id);
      }
    });

    it('gives the same orders for the same clearing input', async () => {
      const rolledBack = async () => {
        let orders: Order[] = [];
        await h.db
          .transaction(async (tx) => {
            const db = databaseInTransaction(tx);
            orders = (await clearExchange({ db, actor: systemActor, now: h.clock.now() }))
              .ordersCreated;
            throw new Error('roll back');
          })
          .catch((error: unknown) => {
            if (!(error instanceof Error) || error.message !== 'roll back') throw error;
          });
        return facts(orders);
      };
      const first = await rolledBack();
      expect(first.length).toBeGreaterThan(0);
      expect(await rolledBack()).toEqual(first);
      const cleared = await clearExchange({ db: h.db, actor: systemActor, now: h.clock.now() });
      expect(facts(cleared.ordersCreated)).toEqual(first);
    });

    it('never commits more subsidy than the grant has left', async () => {
      const orders = await h.db.query<{ request_id: string; subsidy_fen: bigint }>(
        `select request_id, subsidy_fen from exchange_orders where request_id = any($1::uuid[])`,
        [requestIds],
      );
      expect(orders.length).toBeGreaterThan(0);
      expect(new Set(orders.map((order) => order.request_id)).size).toBe(1);
      const committed = orders.reduce((sum, order) => sum + order.subsidy_fen, 0n);
      expect(committed).toBe(20000n);
      const waiting = requestIds.find((id) => id !== orders[0]?.request_id);
      const listed = await h.as('enterprise-admin@B').get('/api/v1/exchange/requests?state=open');
      const view = listed
        .json<{ items: { id: string; clearing: unknown }[] }>()
        .items.find((item) => item.id === waiting);
      expect(view?.clearing).toMatchObject({
        served: false,
        binding: { kind: 'budget', remainingFen: '10000' },
      });
      expect(await verifyLedger({ db: h.db })).toMatchObject({ ok: true });
    });

    it('never commits more than the grant has left, whatever the requests (property)', async () => {
      // After the runs above the grant has ¥100 left (¥500 − ¥200 bought − ¥200 matched).
      const leftFen = 10_000n;
      const requestArbitrary = fc.record({
        day: fc.integer({ min: 13, max: 19 }),
        hours: fc.integer({ min: 2, max: 8 }),
        cards: fc.integer({ min: 1, max: 4 }),
        splittable: fc.boolean(),
      });
      await fc.assert(
        fc.asyncProperty(
          fc.array(requestArbitrary, { minLength: 1, maxLength: 4 }),
          async (asks) => {
            let committed = 0n;
            let made = 0;
            await h.db
              .transaction(async (tx) => {
                const db = databaseInTransaction(tx);
                for (const ask of asks) {
                  const from = new Date(marchHour(String(ask.day), 0));
                  await createComputeRequest({
                    db,
                    actor: systemActor,
                    enterpriseId,
                    grantId,
                    terms: {
                      quantityUnit: 'card-hours',
                      quantity: BigInt(ask.cards * ask.hours),
                      acceleratorIds: [],
                      domesticOnly: true,
                      regionCodes: [],
                      latencyClass: 'regional',
                      window: { from, to: new Date(from.getTime() + ask.hours * 3_600_000) },
                      maxPriceAfterSubsidy: { per: 'card-hour', fen: 600n },
                      splittable: ask.splittable,
                    },
                    now: h.clock.now(),
                  });
                }
                const report = await clearExchange({ db, actor: systemActor, now: h.clock.now() });
                const mine = report.ordersCreated.filter((order) => order.grantId === grantId);
                made = mine.length;
                committed = mine.reduce((sum, order) => sum + order.subsidyFen, 0n);
                throw new Error('roll back');
              })
              .catch((error: unknown) => {
                if (!(error instanceof Error) || error.message !== 'roll back') throw error;
              });
            expect(committed).toBeLessThanOrEqual(leftFen);
            // Each order's subsidy is ¥5 a card-hour: whatever fits in ¥100 (20 card-hours) is served.
            if (asks.every((ask) => ask.cards * ask.hours <= 20)) expect(made).toBeGreaterThan(0);
          },
        ),
        { numRuns: 8, seed: 20_260_306 },
      );
    });
  });
});
