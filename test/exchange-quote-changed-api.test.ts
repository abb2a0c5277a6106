import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHarness, type ApiHarness } from './support/api-harness.ts';
import { marchHour, smeMarket } from './support/exchange-fixtures.ts';

/**
 * A buyer confirms the figures it saw: a buy-now that names its quote's amount and subsidy is
 * refused with 409 QUOTE_CHANGED, and buys nothing, when another purchase has used the grant's
 * budget since (Wuhan's pay-the-provider program, a ¥1,000 grant) or the provider repriced the
 * offer; with the new quote's figures it goes through at exactly them.
 */
describe('exchange: a buy-now bought only at the quote the buyer saw', () => {
  let h: ApiHarness;
  let offerId: string;
  let enterpriseId: string;
  let grantId: string;
  const at = marchHour;

  beforeAll(async () => {
    h = await createApiHarness();
    ({ enterpriseId, grantId, offerId } = await smeMarket(h, {
      programId: 'wuhan-compute-service',
      letter: 'B',
      regionCode: '420106',
      offerDays: [3, 30],
      minTermHours: 1,
      grantFen: '100000',
    }));
  });
  afterAll(async () => h.close());

  /** Day 10: 8 cards for a day, a subsidy above what the grant holds; other days 2 cards × 4 h. */
  const purchase = (day: number) => ({
    enterpriseId,
    cards: day === 10 ? 8 : 2,
    window: { from: at(day, 0), to: at(day, day === 10 ? 24 : 4) },
    // Day 20 (the repricing case) after the grant is spent: no voucher.
    ...(day === 20 ? {} : { grantId }),
  });
  const quote = async (day: number) => {
    const quoted = await h
      .as('enterprise-admin@B')
      .post(`/api/v1/exchange/offers/${offerId}/quote`, purchase(day));
    expect(quoted.status, quoted.text).toBe(200);
    return quoted.json<{ amountFen: string; subsidyFen: string }>();
  };
  const buy = (day: number, expected: { amountFen: string; subsidyFen: string }) =>
    h
      .as('enterprise-admin@B')
      .post(`/api/v1/exchange/offers/${offerId}/buy`, { ...purchase(day), expected });
  const footprint = async (): Promise<unknown> => {
    const [row] = await h.db.query(
      `select (select count(*) from exchange_orders)::int as orders,
              (select count(*) from ledger_transfers)::int as transfers,
              (select count(*) from audit_events)::int as audit,
              (select sum(cards_free)::int from exchange_offer_hours) as cards_free`,
    );
    return row;
  };

  it('refuses, buying nothing, once another purchase has used the budget the quote counted on', async () => {
    const seen = await quote(10);
    // The whole grant: the purchase's share at the program's rate is more than it holds.
    expect(seen.subsidyFen).toBe('100000');
    // Another purchase on the same grant, quoted and bought meanwhile (another tab, a colleague).
    const other = await buy(11, await quote(11));
    expect(other.status, other.text).toBe(201);
    const before = await footprint();
    const stale = await buy(10, seen);
    expect([stale.status, stale.errorCode]).toEqual([409, 'QUOTE_CHANGED']);
    expect(await footprint()).toEqual(before);
    const fresh = await quote(10);
    expect(BigInt(fresh.subsidyFen)).toBeLessThan(BigInt(seen.subsidyFen));
    const bought = await buy(10, fresh);
    expect(bought.status, bought.text).toBe(201);
    expect(bought.json()).toMatchObject({
      amountFen: fresh.amountFen,
      subsidyFen: fresh.subsidyFen,
    });
  });

  it('refuses a quote from before the provider repriced the offer', async () => {
    const seen = await quote(20);
    const repriced = await h
      .as('provider-admin@A')
      .patch(`/api/v1/exchange/offers/${offerId}`, { pricePerCardHourFen: '12000' });
    expect(repriced.status, repriced.text).toBe(200);
    const stale = await buy(20, seen);
    expect([stale.status, stale.errorCode]).toEqual([409, 'QUOTE_CHANGED']);
    const fresh = await quote(20);
    expect(fresh.amountFen).toBe((2n * 4n * 12_000n).toString());
    expect((await buy(20, fresh)).status).toBe(201);
  });
});
