import type { Database } from '../../db/client.ts';
import { assert } from '../../domain/shared/assert.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Actor } from '../authz/actor.ts';
import { authorize } from '../authz/authorize.ts';
import { OFFER_COLUMNS, toOffer, type Offer, type OfferRow } from './rows.ts';
import { lockOpenOffer } from './update-offer.ts';

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
    const [row] = await tx.query<OfferRow>(
      `update exchange_offers set state = 'withdrawn' where id = $1 returning ${OFFER_COLUMNS}`,
      [before.id],
    );
    assert(row !== undefined, 'withdrawOffer: the locked offer vanished');
    const after = toOffer(row);
    await recordAudit({
      sql: tx,
      actor,
      action: 'exchangeOffer.withdraw',
      entity: { type: 'exchangeOffer', id: after.id, tenantId: after.providerId },
      before,
      after,
      requestId: actor.requestId,
      now,
    });
    return after;
  });
}
