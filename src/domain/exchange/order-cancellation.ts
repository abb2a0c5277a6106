import { assert } from '../shared/assert.ts';
import { DomainError } from '../shared/errors.ts';
import { hoursOf, nextWholeHour } from './hours.ts';
import { scaledSubsidy } from './settlement.ts';

/** What the cancellation rule reads of an order. */
export interface CancellableOrder {
  state: 'active' | 'cancelled' | 'completed';
  cards: number;
  startsAt: Date;
  endsAt: Date;
  cardHours: bigint;
  pricePerCardHourFen: bigint;
  amountFen: bigint;
  subsidyFen: bigint;
  settledCardHours: bigint;
}

/** What cancelling an order at an instant does: the order as it ends, and what goes back. */
export interface CancellationPlan {
  /** Whether the order had started: after, it ends at the next whole hour; before, it all goes. */
  started: boolean;
  /** Where the kept hours end: the next whole hour, or the order's start (nothing kept). */
  keptUntil: Date;
  /** The order's end after the cancellation. */
  endsAt: Date;
  keptCardHours: bigint;
  releasedCardHours: bigint;
  /** The order's amount after the cancellation (its card-hours × its price); 0-hours: unchanged. */
  amountFen: bigint;
  /** The subsidy kept: scaled to the card-hours kept, rounded down; 0 before the start. */
  subsidyFen: bigint;
  /** The subsidy that goes back: to the grant (a claim's reservation) or off the record. */
  releasedSubsidyFen: bigint;
  state: 'active' | 'cancelled' | 'completed';
}

/**
 * The exchange's cancellation rule, decided once for the cancellation and its quote:
 *
 * - **before the order starts**: everything is released — every card-hour goes back to the
 *   offer, the subsidy to the grant or off the record; the order ends `cancelled`;
 * - **after it started**: it ends at the next whole hour; the hours before stay bought, the
 *   subsidy is scaled to the card-hours kept, **rounded down** (`scaledSubsidy`); it is
 *   `completed` when every kept card-hour is settled, else it stays `active`;
 * - an order not active, or ending by the next whole hour: INVALID_STATE_TRANSITION.
 *
 * @example
 * planCancellation(order, now).subsidyFen // what the order keeps of its subsidy
 */
export function planCancellation(order: CancellableOrder, now: Date): CancellationPlan {
  const cutoff = nextWholeHour(now);
  if (order.state !== 'active' || cutoff.getTime() >= order.endsAt.getTime()) {
    throw new DomainError(
      'INVALID_STATE_TRANSITION',
      `the order is ${order.state === 'active' ? 'ending' : order.state}`,
      { state: order.state },
    );
  }
  const started = now.getTime() >= order.startsAt.getTime();
  if (!started) {
    return {
      started,
      keptUntil: order.startsAt,
      endsAt: order.endsAt,
      keptCardHours: 0n,
      releasedCardHours: order.cardHours,
      amountFen: order.amountFen,
      subsidyFen: 0n,
      releasedSubsidyFen: order.subsidyFen,
      state: 'cancelled',
    };
  }
  const keptCardHours = BigInt(order.cards) * hoursOf({ from: order.startsAt, to: cutoff });
  assert(
    keptCardHours >= order.settledCardHours,
    'planCancellation: settled hours lie before the cutoff',
  );
  const subsidyFen = scaledSubsidy(order.subsidyFen, order.cardHours, keptCardHours);
  return {
    started,
    keptUntil: cutoff,
    endsAt: cutoff,
    keptCardHours,
    releasedCardHours: order.cardHours - keptCardHours,
    amountFen: keptCardHours * order.pricePerCardHourFen,
    subsidyFen,
    releasedSubsidyFen: order.subsidyFen - subsidyFen,
    state: keptCardHours === order.settledCardHours ? 'completed' : 'active',
  };
}
