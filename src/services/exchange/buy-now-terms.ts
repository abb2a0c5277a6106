import type { Sql } from '../../db/client.ts';
import type { Accelerator } from '../../domain/exchange/accelerators.ts';
import type { HourWindow } from '../../domain/exchange/hours.ts';
import { priceBuyNow } from '../../domain/exchange/order-terms.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { checkOfferHours, takeOfferHours } from './offer-capacity.ts';
import type { SubsidyPurchase } from './order-subsidy-terms.ts';
import { loadAccelerator, loadOffer, type Offer } from './rows.ts';

/** What a buy-now asks for: who buys, which offer, how many cards for which hours. */
export interface BuyNowRequest {
  enterpriseId: string;
  offerId: string;
  cards: number;
  window: HourWindow;
}

/** A buy-now checked against its offer: the order's terms before its subsidy. */
export interface BuyNowTerms {
  offer: Offer;
  accelerator: Accelerator;
  cardHours: bigint;
  /** The order's facts as the subsidy is decided on them (amount, origin, region, term). */
  purchase: SubsidyPurchase;
}

/**
 * Every check of a buy-now before its subsidy, in the order the buy-now makes them: the
 * enterprise exists, the offer exists (read under a share lock when the capacity is taken, so
 * an edit waits), the cards and window fit the offer (`priceBuyNow`), the window starts no
 * earlier than this hour, and every hour of it has the cards free. `capacity: 'take'` takes
 * them (the buy-now; CAPACITY_EXHAUSTED if one hour is short, nothing stays taken), `'check'`
 * only reads whether it could (the quote; the same refusal naming the same hour).
 */
export async function prepareBuyNow(
  tx: Sql,
  request: BuyNowRequest,
  contractNumber: string,
  capacity: 'take' | 'check',
  now: Date,
): Promise<BuyNowTerms> {
  const [enterprise] = await tx.query('select 1 from enterprises where id = $1', [
    request.enterpriseId,
  ]);
  if (enterprise === undefined) {
    throw new DomainError('NOT_FOUND', 'enterprise not found', { field: 'enterpriseId' });
  }
  const offer = await loadOffer(tx, request.offerId, capacity === 'take');
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
    { cards: request.cards, window: request.window },
  );
  if (request.window.from.getTime() < now.getTime() - 3_600_000) {
    throw new DomainError('VALIDATION_FAILED', 'window: starts no earlier than this hour', {
      field: 'window',
    });
  }
  const claimHours = capacity === 'take' ? takeOfferHours : checkOfferHours;
  await claimHours(tx, offer.id, request.window, request.cards);
  const accelerator = await loadAccelerator(tx, offer.acceleratorId, 'offerId');
  return {
    offer,
    accelerator,
    cardHours,
    purchase: {
      enterpriseId: request.enterpriseId,
      providerId: offer.providerId,
      contractNumber,
      amountFen,
      chipOrigin: accelerator.origin,
      regionCode: offer.regionCode,
      startsAt: request.window.from,
      endsAt: request.window.to,
    },
  };
}
