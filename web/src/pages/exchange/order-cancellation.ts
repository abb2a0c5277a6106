import type { Order } from '../../api/exchange.ts';

const HOUR_MS = 3_600_000;

/**
 * What cancelling an order now would do, by the exchange's rules (src/services/exchange/
 * cancel-order.ts), shown before the enterprise confirms:
 *
 * - before the order starts, everything is released: its card-hours go back to the offer, the
 *   voucher's reservation returns to the grant, nothing is owed;
 * - after it started, it ends at the next whole hour: the hours before stay bought and the
 *   subsidy is scaled to them, rounded down (subsidy × kept ÷ ordered card-hours).
 *
 * Null when the order can no longer be cancelled (not active, or ending by the next hour).
 */
export type Cancellation =
  | { started: false; releasedCardHours: bigint; releasedAmountFen: bigint; subsidyFen: bigint }
  | {
      started: true;
      endsAt: Date;
      keptCardHours: bigint;
      releasedCardHours: bigint;
      keptSubsidyFen: bigint;
      subsidyFen: bigint;
    };

export function cancellationOf(order: Order, now: Date): Cancellation | null {
  const startsAt = new Date(order.window.from).getTime();
  const endsAt = new Date(order.window.to).getTime();
  const cutoff = Math.ceil(now.getTime() / HOUR_MS) * HOUR_MS;
  if (order.state !== 'active' || cutoff >= endsAt) return null;
  const cardHours = BigInt(order.cardHours);
  const subsidyFen = BigInt(order.subsidyFen);
  if (now.getTime() < startsAt) {
    return {
      started: false,
      releasedCardHours: cardHours,
      releasedAmountFen: BigInt(order.amountFen),
      subsidyFen,
    };
  }
  const keptCardHours = BigInt(order.cards) * BigInt((cutoff - startsAt) / HOUR_MS);
  return {
    started: true,
    endsAt: new Date(cutoff),
    keptCardHours,
    releasedCardHours: cardHours - keptCardHours,
    // Rounded down, as the exchange scales it.
    keptSubsidyFen: cardHours === 0n ? 0n : (subsidyFen * keptCardHours) / cardHours,
    subsidyFen,
  };
}
