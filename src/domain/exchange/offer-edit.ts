import { DomainError } from '../shared/errors.ts';
import { HOUR_MS, type HourWindow } from './hours.ts';
import { checkOfferTerms, type OfferTerms } from './offer.ts';

/** What a provider may change on an open offer; absent fields stay as they are. */
export interface OfferChanges {
  pricePerCardHourFen?: bigint | undefined;
  cardCount?: number | undefined;
  window?: HourWindow | undefined;
}

/** One hourly slot of an offer: its start and the cards not held by any order. */
export interface OfferHour {
  hourStart: Date;
  cardsFree: number;
}

/** The offer's terms after an edit, and what happens to its hourly slots. */
export interface OfferEditPlan {
  terms: OfferTerms & { cardsPerNode: number };
  /** Cards added to (or, negative, taken from) every slot the offer keeps. */
  cardsFreeDelta: number;
  /** Slots outside the new window (none of their cards held). */
  removedHours: Date[];
  /** Slots the new window adds, each with all the new card count free. */
  addedHours: Date[];
}

/**
 * Plans an edit of an open offer's price, card count or window, for the part not yet ordered:
 * orders keep their own price and cards, so the new price applies to later orders only, and
 * in no hour may the offer end up with fewer cards than its orders hold there
 * (OFFER_CAPACITY_HELD naming the hour, the cards held and the reason: `card-count`, or
 * `window` for an hour the new window leaves out). Hours the window adds start no earlier than
 * the current hour (VALIDATION_FAILED). The cards in one node follow the card count when they
 * were all of them, and are lowered to it otherwise. The merged terms are checked as a new
 * offer's are. Pure: the service locks the slots and applies the plan.
 *
 * @example
 * planOfferEdit({ terms, hours, changes: { cardCount: 6 }, now }).cardsFreeDelta // -2 from 8 cards
 */
export function planOfferEdit(input: {
  terms: OfferTerms & { cardsPerNode: number };
  hours: readonly OfferHour[];
  changes: OfferChanges;
  now: Date;
}): OfferEditPlan {
  const { terms, changes } = input;
  const cardCount = changes.cardCount ?? terms.cardCount;
  const window = changes.window ?? terms.window;
  const cardsPerNode =
    terms.cardsPerNode === terms.cardCount ? cardCount : Math.min(terms.cardsPerNode, cardCount);
  const next = {
    ...terms,
    cardCount,
    window,
    cardsPerNode,
    pricePerCardHourFen: changes.pricePerCardHourFen ?? terms.pricePerCardHourFen,
  };
  checkOfferTerms(next);
  const removedHours: Date[] = [];
  const kept = new Set<number>();
  for (const hour of input.hours) {
    const at = hour.hourStart.getTime();
    const heldCards = terms.cardCount - hour.cardsFree;
    const inside = at >= window.from.getTime() && at < window.to.getTime();
    if (!inside) {
      if (heldCards > 0) throw capacityHeld(hour.hourStart, heldCards, 'window');
      removedHours.push(hour.hourStart);
      continue;
    }
    if (heldCards > cardCount) throw capacityHeld(hour.hourStart, heldCards, 'card-count');
    kept.add(at);
  }
  const addedHours: Date[] = [];
  const currentHour = Math.floor(input.now.getTime() / HOUR_MS) * HOUR_MS;
  for (let at = window.from.getTime(); at < window.to.getTime(); at += HOUR_MS) {
    if (kept.has(at)) continue;
    if (at < currentHour) {
      throw new DomainError(
        'VALIDATION_FAILED',
        'window: added hours start no earlier than this hour',
        {
          field: 'window',
        },
      );
    }
    addedHours.push(new Date(at));
  }
  return { terms: next, cardsFreeDelta: cardCount - terms.cardCount, removedHours, addedHours };
}

function capacityHeld(hour: Date, heldCards: number, reason: 'card-count' | 'window'): DomainError {
  return new DomainError(
    'OFFER_CAPACITY_HELD',
    `orders hold ${heldCards} cards at ${hour.toISOString()}`,
    {
      field: reason === 'window' ? 'window' : 'cardCount',
      hour: hour.toISOString(),
      heldCards,
      reason,
    },
  );
}
