import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHarness, type ApiHarness } from './support/api-harness.ts';
import { marchHour, registerComputeCentre, registerSme } from './support/exchange-fixtures.ts';

interface OfferJson {
  id: string;
  cardCount: number;
  cardsFreeMin: number;
  cardsPerNode: number;
  pricePerCardHourFen: string;
  window: { from: string; to: string };
  state: string;
}

/**
 * A provider edits and withdraws its offer over HTTP: the price, the card count and the window
 * change for the part not yet ordered (never below what an order holds in any hour: 409
 * OFFER_CAPACITY_HELD, nothing changed), orders keep their price, and a withdrawn offer is no
 * longer listed or bought while its orders stay. Every change is audited.
 */
describe('exchange offers: edit and withdraw', () => {
  let h: ApiHarness;
  let enterpriseId: string;
  let offerId: string;
  let firstOrderId: string;
  const at = marchHour;
  const provider = () => h.as('provider-admin@A');
  const buy = (cards: number, from: string, to: string) =>
    h.as('enterprise-admin@A').post(`/api/v1/exchange/offers/${offerId}/buy`, {
      enterpriseId,
      cards,
      window: { from, to },
    });
  const stored = async () =>
    (
      await h.db.query<{ card_count: number; price_per_card_hour_fen: bigint; hours: number }>(
        `select card_count, price_per_card_hour_fen,
              (select count(*)::int from exchange_offer_hours where offer_id = o.id) as hours
         from exchange_offers o where id = $1`,
        [offerId],
      )
    )[0];

  beforeAll(async () => {
    h = await createApiHarness();
    enterpriseId = await registerSme(h, 'A');
    const providerId = await registerComputeCentre(h, 'A', 'domestic', '520100');
    const created = await provider().post('/api/v1/exchange/offers', {
      providerId,
      acceleratorId: 'ascend-910b',
      cardCount: 8,
      regionCode: '520000',
      pueMilli: 1200,
      greenShareBps: 6000,
      pricePerCardHourFen: '1000',
      window: { from: at(3, 0), to: at(4, 0) },
      minTermHours: 2,
      splittable: true,
    });
    expect(created.status, created.text).toBe(201);
    offerId = created.json<OfferJson>().id;
    const bought = await buy(5, at(3, 2), at(3, 6));
    expect(bought.status, bought.text).toBe(201);
    firstOrderId = bought.json<{ id: string }>().id;
  });
  afterAll(async () => h.close());

  it('refuses an edit below the cards an order holds, naming the hour, and changes nothing', async () => {
    const before = await stored();
    const fewer = await provider().patch(`/api/v1/exchange/offers/${offerId}`, { cardCount: 4 });
    expect(fewer.status, fewer.text).toBe(409);
    expect(fewer.json()).toMatchObject({
      error: {
        code: 'OFFER_CAPACITY_HELD',
        details: { hour: at(3, 2), heldCards: 5, reason: 'card-count' },
      },
    });
    const shorter = await provider().patch(`/api/v1/exchange/offers/${offerId}`, {
      window: { from: at(3, 4), to: at(4, 0) },
      pricePerCardHourFen: '900',
    });
    expect(shorter.status, shorter.text).toBe(409);
    expect(shorter.json()).toMatchObject({
      error: { code: 'OFFER_CAPACITY_HELD', details: { hour: at(3, 2), reason: 'window' } },
    });
    const empty = await provider().patch(`/api/v1/exchange/offers/${offerId}`, {});
    expect(empty.status, empty.text).toBe(400);
    expect(await stored()).toEqual(before);
  });

  it('changes price, cards and window for what is not ordered; orders keep their price', async () => {
    const edited = await provider().patch(`/api/v1/exchange/offers/${offerId}`, {
      cardCount: 6,
      pricePerCardHourFen: '1200',
      window: { from: at(3, 0), to: at(5, 0) },
    });
    expect(edited.status, edited.text).toBe(200);
    expect(edited.json<OfferJson>()).toMatchObject({
      cardCount: 6,
      cardsPerNode: 6,
      pricePerCardHourFen: '1200',
      window: { from: at(3, 0), to: at(5, 0) },
      cardsFreeMin: 1,
    });
    expect(await stored()).toEqual({ card_count: 6, price_per_card_hour_fen: 1200n, hours: 48 });
    // One card is left where the order holds five; all six in the added day, at the new price.
    expect((await buy(2, at(3, 3), at(3, 5))).json()).toMatchObject({
      error: { code: 'CAPACITY_EXHAUSTED' },
    });
    const added = await buy(6, at(4, 10), at(4, 14));
    expect(added.status, added.text).toBe(201);
    expect(added.json()).toMatchObject({ pricePerCardHourFen: '1200', amountFen: '28800' });
    const first = await h.as('enterprise-admin@A').get(`/api/v1/exchange/orders/${firstOrderId}`);
    expect(first.json()).toMatchObject({ pricePerCardHourFen: '1000', cards: 5 });
    const audits = await h.db.query<{ action: string }>(
      `select action from audit_events where entity_id = $1 order by seq`,
      [offerId],
    );
    expect(audits.map((row) => row.action)).toEqual([
      'exchangeOffer.create',
      'exchangeOffer.update',
    ]);
  });

  it('withdraws the offer: unlisted and unsold, its orders unaffected', async () => {
    const withdrawn = await provider().post(`/api/v1/exchange/offers/${offerId}/withdraw`);
    expect(withdrawn.status, withdrawn.text).toBe(200);
    expect(withdrawn.json<OfferJson>().state).toBe('withdrawn');
    const listed = await h.as('enterprise-admin@A').get('/api/v1/exchange/offers?limit=200');
    expect(listed.json<{ items: OfferJson[] }>().items.map((item) => item.id)).not.toContain(
      offerId,
    );
    expect((await buy(1, at(4, 0), at(4, 2))).json()).toMatchObject({
      error: { code: 'INVALID_STATE_TRANSITION' },
    });
    for (const again of [
      provider().post(`/api/v1/exchange/offers/${offerId}/withdraw`),
      provider().patch(`/api/v1/exchange/offers/${offerId}`, { pricePerCardHourFen: '1' }),
    ]) {
      expect((await again).json()).toMatchObject({ error: { code: 'INVALID_STATE_TRANSITION' } });
    }
    // The order made before is still the enterprise's to cancel (it has not started).
    const cancelled = await h
      .as('enterprise-admin@A')
      .post(`/api/v1/exchange/orders/${firstOrderId}/cancel`);
    expect(cancelled.status, cancelled.text).toBe(200);
    const audits = await h.db.query<{ action: string }>(
      `select action from audit_events where entity_id = $1 order by seq`,
      [offerId],
    );
    expect(audits.map((row) => row.action).at(-1)).toBe('exchangeOffer.withdraw');
  });
});
