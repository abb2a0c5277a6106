import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../../db/client.ts';
import type { HourWindow } from '../../domain/exchange/hours.ts';
import { priceBuyNow } from '../../domain/exchange/order-terms.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import type { Actor } from '../authz/actor.ts';
import { authorize } from '../authz/authorize.ts';
import { takeOfferHours } from './offer-capacity.ts';
import { decideOrderSubsidy, NO_SUBSIDY } from './order-subsidy.ts';
import { insertOrder } from './insert-order.ts';
import { loadAccelerator, loadOffer, type Order } from './rows.ts';

export interface BuyNowOptions {
  db: Database;
  actor: Actor;
  enterpriseId: string;
  offerId: string;
  cards: number;
  window: HourWindow;
  /** The voucher grant whose program subsidises the order; none: the enterprise pays all. */
  grantId?: string | undefined;
  now: Date;
}

/**
 * Buys capacity from an offer at once (the catalog's "buy now"): checks the window against the
 * offer, takes the cards from every hourly slot (CAPACITY_EXHAUSTED if any hour is short, so two
 * buy-nows never oversell), decides the subsidy (`decideOrderSubsidy`: reserved in the ledger
 * for a pay-the-provider program, recorded for a reimbursement one) and writes the order — the
 * contract between the enterprise and the provider — with its audit event. One transaction: a
 * refusal anywhere leaves the capacity and the grant as they were.
 *
 * @example
 * const order = await buyNow({ db, actor, enterpriseId, offerId, cards: 8,
 *   window: { from: new Date('2025-06-01T00:00:00Z'), to: new Date('2025-06-02T00:00:00Z') },
 *   grantId, now });
 * order.amountFen - order.subsidyFen // what the enterprise bears
 */
export async function buyNow(options: BuyNowOptions): Promise<Order> {
  const { actor, enterpriseId, now } = options;
  authorize(actor, 'order.buy', { tenantId: enterpriseId });
  return options.db.transaction(async (tx) => {
    const [enterprise] = await tx.query('select 1 from enterprises where id = $1', [enterpriseId]);
    if (enterprise === undefined) {
      throw new DomainError('NOT_FOUND', 'enterprise not found', { field: 'enterpriseId' });
    }
    const offer = await loadOffer(tx, options.offerId, true);
    const { cardHours, amountFen } = priceBuyNow(
      {
        cardCount: offer.cardCount,
        pricePerCardHourFen: offer.pricePerCardHourFen,
        window: { from: offer.availableFrom, to: offer.availableTo },
        minTermHours: offer.minTermHours,
        splittable: offer.splittable,
        cardsPerNode: offer.cardsPerNode,
        state: offer.state,
      },
      { cards: options.cards, window: options.window },
    );
    if (options.window.from.getTime() < now.getTime() - 3_600_000) {
      throw new DomainError('VALIDATION_FAILED', 'window: starts no earlier than this hour', {
        field: 'window',
      });
    }
    await takeOfferHours(tx, offer.id, options.window, options.cards);
    const accelerator = await loadAccelerator(tx, offer.acceleratorId, 'offerId');
    const orderId = uuidv7();
    const contractNumber = `SLX-${orderId}`;
    const subsidy =
      options.grantId === undefined
        ? NO_SUBSIDY
        : await decideOrderSubsidy({
            tx,
            actor,
            grantId: options.grantId,
            purchase: {
              enterpriseId,
              providerId: offer.providerId,
              contractNumber,
              amountFen,
              chipOrigin: accelerator.origin,
              regionCode: offer.regionCode,
              startsAt: options.window.from,
              endsAt: options.window.to,
            },
            now,
          });
    return insertOrder({
      tx,
      actor,
      now,
      order: {
        id: orderId,
        contractNumber,
        enterpriseId,
        providerId: offer.providerId,
        offerId: offer.id,
        requestId: null,
        acceleratorId: accelerator.id,
        chipOrigin: accelerator.origin,
        cards: options.cards,
        window: options.window,
        cardHours,
        pricePerCardHourFen: offer.pricePerCardHourFen,
        amountFen,
        subsidy,
      },
    });
  });
}
