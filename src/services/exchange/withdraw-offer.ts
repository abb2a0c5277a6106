import type { Database } from '../../db/client.ts';
import type { Actor } from '../authz/actor.ts';
import { authorize } from '../authz/authorize.ts';
import { lockOpenOffer, saveOfferChange } from './offer-change.ts';
import type { Offer } from './rows.ts';

/**
 * Withdraws an open offer: it is no longer listed, bought or matched, so its free capacity goes
 * back to the provider; its orders stay as they are (their cards, settlement and cancellation
 * do not depend on the offer being open). The offer row is locked, so a buy-now or a
 * clearing's orders on it either finish first or find it withdrawn (409
 * INVALID_STATE_TRANSITION). Audited. Withdrawing twice: 409 INVALID_STATE_TRANSITION.
 *
 * @example
 * const offer = await withdrawOffer({ db, actor, offerId, now });
 * offer.state // 'withdrawn'
 */
export async function withdrawOffer(options: {
  db: Database;
  actor: Actor;
  offerId: string;
  now: Date;
}): Promise<Offer> {
  const { actor, now } = options;
  authorize(actor, 'offer.withdraw');
  return options.db.transaction(async (tx) => {
    const before = await lockOpenOffer(tx, actor, 'offer.withdraw', options.offerId);
    return saveOfferChange({
      tx,
      actor,
      before,
      action: 'exchangeOffer.withdraw',
      set: `state = 'withdrawn'`,
      values: [],
      now,
    });
  });
}
