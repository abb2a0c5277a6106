import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseInTransaction } from '../src/db/nested-transaction.ts';
import { systemActor } from '../src/services/authz/index.ts';
import { clearExchange, createComputeRequest } from '../src/services/exchange/index.ts';
import { verifyLedger } from '../src/services/ledger/index.ts';
import { createApiHarness, type ApiHarness } from './support/api-harness.ts';
import {
  approvedGrant,
  programYamlIn,
  publishProgram,
  registerComputeCentre,
  registerSme,
} from './support/exchange-fixtures.ts';

/**
 * The clearing plans the subsidy each order then gets, to the fen: on an Ascend 910B offer at
 * ¥10.01 a card-hour (so the policy's 50 % of a whole order and the matcher's 50 % of one
 * card-hour round differently), under Wuhan's pay-the-provider program (the claim reserves the
 * subsidy at order time) and under a Chengdu-like reimbursement program with a ¥100 cap per
 * contract (each order is its own contract).
 */
describe('exchange clearing: every order gets exactly the subsidy the clearing planned', () => {
  let h: ApiHarness;
  const at = (day: number, hour: number): Date => new Date(Date.UTC(2026, 2, day, hour));
  const PRICE_FEN = 1001n;

  beforeAll(async () => {
    h = await createApiHarness();
    await publishProgram(h, 'wuhan-compute-service');
    const capped = programYamlIn('chengdu-compute')
      .replace(/^id: chengdu-compute$/mu, 'id: chengdu-capped')
      .replace(
        /^caps:\n {2}perEnterpriseYearYuan: '5000000'$/mu,
        "caps:\n  perContractYuan: '100'\n  perEnterpriseYearYuan: '250'",
      );
    expect(capped).toContain('perContractYuan');
    const published = await h
      .as('operator-admin@A')
      .post('/api/v1/programs/versions', { yaml: capped });
    expect(published.status, published.text).toBe(201);
    const provider = await registerComputeCentre(h, 'A', 'domestic', '520100');
    const created = await h.as('provider-admin@A').post('/api/v1/exchange/offers', {
      providerId: provider,
      acceleratorId: 'ascend-910b',
      cardCount: 16,
      regionCode: '520000',
      pueMilli: 1200,
      greenShareBps: 6000,
      pricePerCardHourFen: PRICE_FEN.toString(),
      window: { from: at(3, 0).toISOString(), to: at(28, 0).toISOString() },
      minTermHours: 2,
      splittable: true,
    });
    expect(created.status, created.text).toBe(201);
  });
  afterAll(async () => h.close());

  /** A request of `cards` × `hours` card-hours on `day`, domestic, anywhere in China. */
  const ask = (
    enterpriseId: string,
    grantId: string,
    shape: { day: number; hours: number; cards: number; splittable: boolean; maxFen: bigint },
  ) => ({
    db: h.db,
    actor: systemActor,
    enterpriseId,
    grantId,
    terms: {
      quantityUnit: 'card-hours' as const,
      quantity: BigInt(shape.cards * shape.hours),
      acceleratorIds: [],
      domesticOnly: true,
      regionCodes: [],
      latencyClass: 'national' as const,
      window: { from: at(shape.day, 0), to: at(shape.day, shape.hours) },
      maxPriceAfterSubsidy: { per: 'card-hour' as const, fen: shape.maxFen },
      splittable: shape.splittable,
    },
    now: h.clock.now(),
  });

  /** Runs `body` in a transaction that is rolled back; what it returned. */
  const rolledBack = async <T>(
    body: (db: ReturnType<typeof databaseInTransaction>) => Promise<T>,
  ): Promise<T> => {
    const results: T[] = [];
    await h.db
      .transaction(async (tx) => {
        results.push(await body(databaseInTransaction(tx)));
        throw new Error('roll back');
      })
      .catch((error: unknown) => {
        if (!(error instanceof Error) || error.message !== 'roll back') throw error;
      });
    const [result] = results;
    if (result === undefined) throw new Error('the body did not run');
    return result;
  };

  it('reserves exactly the planned subsidy through a pay-the-provider claim (property)', async () => {
    const enterpriseId = await registerSme(h, 'A', '420102');
    const grantId = await approvedGrant(h, 'A', 'wuhan-compute-service', '50000');
    const shape = fc.record({
      day: fc.integer({ min: 4, max: 27 }),
      hours: fc.integer({ min: 2, max: 9 }),
      cards: fc.integer({ min: 1, max: 6 }),
      splittable: fc.boolean(),
      maxFen: fc.constant(600n),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(shape, { minLength: 1, maxLength: 3 }), async (shapes) => {
        const orders = await rolledBack(async (db) => {
          for (const one of shapes)
            await createComputeRequest({ ...ask(enterpriseId, grantId, one), db });
          const report = await clearExchange({ db, actor: systemActor, now: h.clock.now() });
          const seen = [];
          for (const order of report.ordersCreated) {
            const [claim] = await db.query<{ reserved_fen: bigint }>(
              'select reserved_fen from voucher_claims where id = $1',
              [order.claimId],
            );
            seen.push({
              cardHours: order.cardHours,
              subsidyFen: order.subsidyFen,
              reservedFen: claim?.reserved_fen,
              plannedFen: report.plannedSubsidyFen.get(order.id),
            });
          }
          return seen;
        });
        expect(orders.length).toBeGreaterThan(0);
        let total = 0n;
        for (const order of orders) {
          // 50 % of ¥10.01 is ¥5.005 a card-hour: the matcher plans ¥5.00, the claim keeps to it.
          expect(order.plannedFen).toBe(500n * order.cardHours);
          expect(order.subsidyFen).toBe(order.plannedFen);
          expect(order.reservedFen).toBe(order.plannedFen);
          total += order.subsidyFen;
        }
        expect(total).toBeLessThanOrEqual(50_000n);
      }),
      { numRuns: 6, seed: 20_261_206 },
    );
  });

  it('plans each order within the per-contract cap, and keeps to it', async () => {
    const enterpriseId = await registerSme(h, 'B', '510104');
    // The application's estimate is capped at ¥100 too: the grant is ¥100.
    const grantId = await approvedGrant(h, 'B', 'chengdu-capped', '10000');
    // 4 cards × 10 hours at 50 % would be ¥200.00; the ¥100 cap per contract lowers the pair's
    // rate to 24.97 %: ¥2.49 a card-hour, ¥99.60 an order, and the enterprise pays ¥7.52 a card-hour.
    const order = { day: 5, hours: 10, cards: 4, splittable: false };
    const tooDear = await rolledBack(async (db) => {
      await createComputeRequest({ ...ask(enterpriseId, grantId, { ...order, maxFen: 700n }), db });
      return clearExchange({ db, actor: systemActor, now: h.clock.now() });
    });
    expect(tooDear.ordersCreated).toEqual([]);
    expect(tooDear.unmatched.map((item) => item.reason)).toEqual([
      expect.stringMatching(/above its maximum/u),
    ]);

    for (const day of [6, 7])
      await createComputeRequest(ask(enterpriseId, grantId, { ...order, day, maxFen: 800n }));
    const report = await clearExchange({ db: h.db, actor: systemActor, now: h.clock.now() });
    const mine = report.ordersCreated.filter((item) => item.enterpriseId === enterpriseId);
    // The ¥100 grant holds one order of ¥99.60; the other waits, its budget ¥0.40.
    expect(mine.map((item) => item.subsidyFen)).toEqual([9960n]);
    for (const item of mine) {
      expect(item.subsidyFen).toBe(report.plannedSubsidyFen.get(item.id));
      expect((item.amountFen - item.subsidyFen) / item.cardHours).toBeLessThanOrEqual(800n);
    }
    expect(report.unmatched.map((item) => item.reason)).toEqual([expect.stringMatching(/budget/u)]);
    expect(await verifyLedger({ db: h.db })).toMatchObject({ ok: true });
  });
});
