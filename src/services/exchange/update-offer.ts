import type { Database } from '../../db/client.ts';
import { planOfferEdit, type OfferChanges } from '../../domain/exchange/offer-edit.ts';
import type { Actor } from '../authz/actor.ts';
import { authorize } from '../authz/authorize.ts';
import { createOfferHours } from './offer-capacity.ts';
import { lockOpenOffer, saveOfferChange } from './offer-change.ts';
import type { Offer } from './rows.ts';

/**
 * Changes an open offer's price, card count or window for the part not yet ordered
 * (`planOfferEdit`): orders keep their price and cards, and no hour may end up with fewer cards
 * than its orders hold (409 OFFER_CAPACITY_HELD naming the hour). The offer row and its hourly
 * slots are locked first, so a buy-now, a clearing's orders or a cancellation wait and then see
 * the new slots. Audited with the offer before and after. A withdrawn offer: 409
 * INVALID_STATE_TRANSITION.
 *
 * @example
 * const offer = await updateOffer({ db, actor, offerId, changes: { pricePerCardHourFen: 1100n }, now });
 */
export async function updateOffer(options: {
  db: Database;
  actor: Actor;
  offerId: string;
  changes: OfferChanges;
  now: Date;
}): Promise<Offer> {
  const { actor, changes, now } = options;
  authorize(actor, 'offer.update');
  return options.db.transaction(async (tx) => {
    const before = await lockOpenOffer(tx, actor, 'offer.update', options.offerId);
    const hours = await tx.query<{ hour_start: Date; cards_free: number }>(
      `select hour_start, cards_free from exchange_offer_hours where offer_id = $1
        order by hour_start for update`,
      [before.id],
    );
    const plan = planOfferEdit({
      terms: {
        acceleratorId: before.acceleratorId,
        cardCount: before.cardCount,
        regionCode: before.regionCode,
        pueMilli: before.pueMilli,
        greenShareBps: before.greenShareBps,
        pricePerCardHourFen: before.pricePerCardHourFen,
        window: { from: before.availableFrom, to: before.availableTo },
        minTermHours: before.minTermHours,
        splittable: before.splittable,
        cardsPerNode: before.cardsPerNode,
      },
      hours: hours.map((row) => ({ hourStart: row.hour_start, cardsFree: row.cards_free })),
      changes,
      now,
    });
    if (plan.removedHours.length > 0) {
      await tx.query(
        'delete from exchange_offer_hours where offer_id = $1 and hour_start = any($2::timestamptz[])',
        [before.id, plan.removedHours],
      );
    }
    if (plan.cardsFreeDelta !== 0) {
      await tx.query(
        'update exchange_offer_hours set cards_free = cards_free + $2 where offer_id = $1',
        [before.id, plan.cardsFreeDelta],
      );
    }
    for (const hour of plan.addedHours) {
      await createOfferHours(
        tx,
        before.id,
        { from: hour, to: new Date(hour.getTime() + 3_600_000) },
        plan.terms.cardCount,
      );
    }
    return saveOfferChange({
      tx,
      actor,
      before,
      action: 'exchangeOffer.update',
      set: 'card_count = $2, price_per_card_hour_fen = $3, available_from = $4, available_to = $5, cards_per_node = $6',
      values: [
        plan.terms.cardCount,
        plan.terms.pricePerCardHourFen,
        plan.terms.window.from,
        plan.terms.window.to,
        plan.terms.cardsPerNode,
      ],
      now,
    });
  });
}
