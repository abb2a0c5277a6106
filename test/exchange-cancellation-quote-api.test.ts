import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHarness, type ApiHarness, type ApiResponse } from './support/api-harness.ts';
import { marchHour, smeMarket } from './support/exchange-fixtures.ts';

/**
 * The cancel dialog shows the server's cancellation quote, and the cancellation does exactly
 * it: both come from `planCancellation`. Over HTTP, a Hangzhou SME's subsidised orders on a
 * domestic Ascend offer, cancelled before they start and after, and once more when they end by
 * the next hour (refused, with the same code). A quote writes nothing.
 */
describe('exchange: the cancellation quote is what the cancellation does', () => {
  let h: ApiHarness;
  let offerId: string;
  let enterpriseId: string;
  let grantId: string;
  const at = marchHour;

  beforeAll(async () => {
    h = await createApiHarness();
    ({ enterpriseId, grantId, offerId } = await smeMarket(h, {
      programId: 'hangzhou-city-compute',
      letter: 'A',
      regionCode: '330106',
      offerDays: [3, 10],
      minTermHours: 2,
      grantFen: '40000000',
    }));
  });
  afterAll(async () => h.close());

  interface Purchase {
    cards: number;
    day: number;
    hour: number;
    hours: number;
  }
  const buy = (purchase: Purchase): Promise<ApiResponse> =>
    h.as('enterprise-admin@A').post(`/api/v1/exchange/offers/${offerId}/buy`, {
      enterpriseId,
      grantId,
      cards: purchase.cards,
      window: {
        from: at(purchase.day, purchase.hour),
        to: at(purchase.day, purchase.hour + purchase.hours),
      },
    });

  /** Every table a cancellation writes, and the offer's free capacity. */
  const footprint = async (): Promise<unknown> => {
    const [row] = await h.db.query(
      `select (select count(*) from exchange_orders where state = 'active')::int as active,
              (select sum(subsidy_fen)::text from exchange_orders) as subsidy,
              (select count(*) from voucher_transitions)::int as transitions,
              (select count(*) from audit_events)::int as audit,
              (select count(*) from ledger_transfers)::int as transfers,
              (select sum(cards_free)::int from exchange_offer_hours) as cards_free`,
    );
    return row;
  };

  it('the cancellation quote is what the cancellation does, before and after the start', async () => {
    const order = async (purchase: Purchase) => {
      const bought = await buy(purchase);
      expect(bought.status, bought.text).toBe(201);
      return bought.json<{ id: string }>().id;
    };
    const running = await order({ cards: 3, day: 4, hour: 4, hours: 16 });
    const upcoming = await order({ cards: 2, day: 5, hour: 0, hours: 10 });
    const enterprise = h.as('enterprise-admin@A');
    const quoteThenCancel = async (orderId: string) => {
      const before = await footprint();
      const plan = await enterprise.get(`/api/v1/exchange/orders/${orderId}/cancellation`);
      expect(await footprint()).toEqual(before);
      const cancelled = await enterprise.post(`/api/v1/exchange/orders/${orderId}/cancel`);
      if (plan.status !== 200) {
        expect([cancelled.status, cancelled.errorCode]).toEqual([plan.status, plan.errorCode]);
        return plan;
      }
      expect(cancelled.status, cancelled.text).toBe(200);
      const quoted = plan.json<Record<string, string>>();
      expect(cancelled.json()).toMatchObject({
        state: quoted.state,
        window: { to: quoted.endsAt },
        amountFen: quoted.amountFen,
        subsidyFen: quoted.subsidyFen,
      });
      return plan;
    };
    // Before it starts: everything goes back.
    const before = await quoteThenCancel(upcoming);
    expect(before.json()).toMatchObject({ started: false, state: 'cancelled', subsidyFen: '0' });
    // March 4th, 09:30 UTC: the running order started 5½ hours ago and ends at 10:00 —
    // 3 cards × 6 hours kept of 48, its subsidy scaled down.
    h.clock.advanceSeconds((Date.parse(at(4, 9)) - h.clock.now().getTime()) / 1000 + 1800);
    await h.relogin();
    const after = await quoteThenCancel(running);
    expect(after.json()).toMatchObject({
      started: true,
      keptCardHours: '18',
      releasedCardHours: '30',
      endsAt: at(4, 10),
      state: 'active',
    });
    // Ending at the next hour now: no longer cancellable, and the quote says so with the code.
    const again = await quoteThenCancel(running);
    expect(again.errorCode).toBe('INVALID_STATE_TRANSITION');
  });
});
