import type { Offer } from '../../api/exchange.ts';

const HOUR_MS = 3_600_000;

/** A purchase being considered: how many cards, from which whole hour, for how many hours. */
export interface PurchaseChoice {
  cards: number;
  hours: number;
}

/**
 * The window of a buy-now order: from the next whole hour (or the offer's start, if later) for
 * `hours` hours, as the exchange takes it (whole hours, end exclusive).
 */
export function purchaseWindow(
  offer: Offer,
  hours: number,
  now = new Date(),
): {
  from: string;
  to: string;
} {
  const nextHour = Math.ceil((now.getTime() + 1) / HOUR_MS) * HOUR_MS;
  const start = Math.max(nextHour, new Date(offer.window.from).getTime());
  return {
    from: new Date(start).toISOString(),
    to: new Date(start + hours * HOUR_MS).toISOString(),
  };
}

/** The order's amount before subsidy: cards × hours × price per card-hour, exact in fen. */
export function purchaseAmountFen(offer: Offer, choice: PurchaseChoice): bigint {
  return BigInt(choice.cards) * BigInt(choice.hours) * BigInt(offer.pricePerCardHourFen);
}
