import type { Sql } from '../../db/client.ts';
import { HOUR_MS, type HourWindow } from '../../domain/exchange/hours.ts';
import { assert } from '../../domain/shared/assert.ts';
import { DomainError } from '../../domain/shared/errors.ts';

/** Creates an offer's hourly slots, each with all its cards free. */
export async function createOfferHours(
  tx: Sql,
  offerId: string,
  window: HourWindow,
  cards: number,
): Promise<void> {
  await tx.query(
    `insert into exchange_offer_hours (offer_id, hour_start, cards_free)
     select $1, hour, $4 from generate_series($2::timestamptz, $3::timestamptz - interval '1 hour',
                                              interval '1 hour') as hour`,
    [offerId, window.from, window.to, cards],
  );
}

/**
 * Takes `cards` from every hourly slot of `window` in one guarded statement: a slot is only
 * updated while it has that many cards free, and the row locks make a concurrent buy-now wait
 * and then re-check the slot it would take (PostgreSQL re-evaluates the WHERE on the updated
 * row). If any slot fell short, nothing may stay taken: CAPACITY_EXHAUSTED (the caller's
 * transaction rolls back) naming the first short hour. The CHECK (cards_free >= 0) is the
 * backstop.
 */
export async function takeOfferHours(
  tx: Sql,
  offerId: string,
  window: HourWindow,
  cards: number,
): Promise<void> {
  const hours = (window.to.getTime() - window.from.getTime()) / HOUR_MS;
  const taken = await tx.query<{ hour_start: Date }>(
    `update exchange_offer_hours set cards_free = cards_free - $4
      where offer_id = $1 and hour_start >= $2 and hour_start < $3 and cards_free >= $4
      returning hour_start`,
    [offerId, window.from, window.to, cards],
  );
  assert(taken.length <= hours, 'takeOfferHours: a window never holds more slots than hours');
  if (taken.length < hours) throw capacityShortfall(window, taken, cards);
}

/**
 * Whether every hourly slot of `window` has `cards` free, reading only (a buy-now's quote): the
 * same condition as `takeOfferHours`'s guarded update, and the same refusal naming the same
 * first short hour.
 */
export async function checkOfferHours(
  tx: Sql,
  offerId: string,
  window: HourWindow,
  cards: number,
): Promise<void> {
  const hours = (window.to.getTime() - window.from.getTime()) / HOUR_MS;
  const free = await tx.query<{ hour_start: Date }>(
    `select hour_start from exchange_offer_hours
      where offer_id = $1 and hour_start >= $2 and hour_start < $3 and cards_free >= $4
      order by hour_start limit $5`,
    [offerId, window.from, window.to, cards, hours],
  );
  if (free.length < hours) throw capacityShortfall(window, free, cards);
}

/** CAPACITY_EXHAUSTED naming the first hour of `window` not among the `covered` slots. */
function capacityShortfall(
  window: HourWindow,
  covered: readonly { hour_start: Date }[],
  cards: number,
): DomainError {
  const coveredHours = new Set(covered.map((row) => row.hour_start.getTime()));
  let shortHour = window.from;
  for (let at = window.from.getTime(); at < window.to.getTime(); at += HOUR_MS) {
    if (!coveredHours.has(at)) {
      shortHour = new Date(at);
      break;
    }
  }
  return new DomainError(
    'CAPACITY_EXHAUSTED',
    `fewer than ${cards} cards free at ${shortHour.toISOString()}`,
    { field: 'cards', hour: shortHour.toISOString() },
  );
}

/** Gives `cards` back to every slot of `window` (a cancelled order's hours not yet begun). */
export async function releaseOfferHours(
  tx: Sql,
  offerId: string,
  window: HourWindow,
  cards: number,
): Promise<void> {
  if (window.to.getTime() <= window.from.getTime()) return;
  await tx.query(
    `update exchange_offer_hours set cards_free = cards_free + $4
      where offer_id = $1 and hour_start >= $2 and hour_start < $3`,
    [offerId, window.from, window.to, cards],
  );
}
