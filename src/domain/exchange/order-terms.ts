import { DomainError } from '../shared/errors.ts';
import { checkHourWindow, hoursOf, windowWithin, type HourWindow } from './hours.ts';

/** The offer facts a buy-now is checked against. */
export interface BuyableOffer {
  cardCount: number;
  pricePerCardHourFen: bigint;
  window: HourWindow;
  minTermHours: number;
  splittable: boolean;
  cardsPerNode: number;
  state: 'open' | 'withdrawn';
}

/** What a buy-now asks for: cards for a window of whole hours. */
export interface BuyNowTerms {
  cards: number;
  window: HourWindow;
}

/** The order's quantities and amount: cards × hours × price per card-hour (exact, no rounding). */
export interface OrderQuantity {
  cardHours: bigint;
  amountFen: bigint;
}

/**
 * Checks a buy-now against its offer — open, the window inside the offer's and at least its
 * minimum term, no more cards than listed (whether they are free in every hour is the
 * database's check) — and prices it.
 *
 * @example
 * priceBuyNow(offer, { cards: 8, window }) // { cardHours: 8n × hours, amountFen: … }
 */
export function priceBuyNow(offer: BuyableOffer, terms: BuyNowTerms): OrderQuantity {
  if (offer.state !== 'open') {
    throw new DomainError('INVALID_STATE_TRANSITION', 'the offer is withdrawn', {
      field: 'offerId',
    });
  }
  const hours = checkHourWindow(terms.window, 'window');
  if (!windowWithin(terms.window, offer.window)) {
    throw new DomainError('VALIDATION_FAILED', 'window: inside the offer’s available window', {
      field: 'window',
    });
  }
  if (hours < offer.minTermHours) {
    throw new DomainError('VALIDATION_FAILED', `window: at least ${offer.minTermHours} hours`, {
      field: 'window',
    });
  }
  if (!Number.isInteger(terms.cards) || terms.cards < 1 || terms.cards > offer.cardCount) {
    throw new DomainError('VALIDATION_FAILED', `cards: 1–${offer.cardCount}`, { field: 'cards' });
  }
  if (!offer.splittable && terms.cards > offer.cardsPerNode) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `cards: at most ${offer.cardsPerNode}, one node (the offer does not split a job across nodes)`,
      { field: 'cards' },
    );
  }
  const cardHours = BigInt(terms.cards) * hoursOf(terms.window);
  return { cardHours, amountFen: cardHours * offer.pricePerCardHourFen };
}
