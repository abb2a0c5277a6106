import type { Sql } from '../../db/client.ts';
import type { Accelerator } from '../../domain/exchange/accelerators.ts';
import { pricePerScuFen } from '../../domain/exchange/compute-units.ts';
import { assert } from '../../domain/shared/assert.ts';
import type { Actor } from '../authz/actor.ts';
import { authorize } from '../authz/authorize.ts';
import { loadAccelerators, OFFER_COLUMNS, toOffer, type Offer, type OfferRow } from './rows.ts';

/** An offer as the catalog shows it: its accelerator, price per SCU and what is still free. */
export interface OfferListing {
  offer: Offer;
  accelerator: Accelerator;
  /** Price per card-hour × 1000 / TFLOPS, rounded up to the fen (compute-units.ts). */
  pricePerScuFen: bigint;
  /** The fewest free cards in any hourly slot from `now` to the offer's end (0: sold out). */
  cardsFreeMin: number;
}

export const OFFER_PAGE_MAX = 200;

/**
 * The exchange's open offers (every signed-in role may browse them), cheapest per SCU first is
 * the client's choice; the list is in id order for paging. Filters: accelerator, origin,
 * region (a prefix region holds its districts), provider.
 */
export async function listOffers(options: {
  sql: Sql;
  actor: Actor;
  acceleratorId?: string | undefined;
  origin?: 'domestic' | 'imported' | undefined;
  regionCode?: string | undefined;
  providerId?: string | undefined;
  afterId?: string | undefined;
  limit: number;
  now: Date;
}): Promise<{ items: OfferListing[]; nextAfterId: string | null }> {
  authorize(options.actor, 'offer.list');
  const limit = Math.min(Math.max(options.limit, 1), OFFER_PAGE_MAX);
  const regionPrefix = options.regionCode?.replace(/(00)+$/u, '') ?? null;
  const rows = await options.sql.query<OfferRow & { cards_free_min: number | null }>(
    `select ${OFFER_COLUMNS.split(',')
      .map((column) => `o.${column.trim()}`)
      .join(', ')},
            (select min(h.cards_free) from exchange_offer_hours h
              where h.offer_id = o.id and h.hour_start >= date_trunc('hour', $7::timestamptz)) as cards_free_min
       from exchange_offers o join exchange_accelerators a on a.id = o.accelerator_id
      where o.state = 'open'
        and ($1::text is null or o.accelerator_id = $1)
        and ($2::text is null or a.origin = $2)
        and ($3::text is null or o.region_code like $3 || '%')
        and ($4::uuid is null or o.provider_id = $4)
        and ($5::uuid is null or o.id > $5)
      order by o.id limit $6`,
    [
      options.acceleratorId ?? null,
      options.origin ?? null,
      regionPrefix,
      options.providerId ?? null,
      options.afterId ?? null,
      limit + 1,
      options.now,
    ],
  );
  const accelerators = new Map((await loadAccelerators(options.sql)).map((a) => [a.id, a]));
  const items: OfferListing[] = [];
  for (const row of rows.slice(0, limit)) {
    const accelerator = accelerators.get(row.accelerator_id);
    if (accelerator === undefined) continue; // the foreign key makes this impossible
    items.push({
      offer: toOffer(row),
      accelerator,
      pricePerScuFen: pricePerScuFen(row.price_per_card_hour_fen, accelerator.fp16DenseTflops),
      cardsFreeMin: row.cards_free_min ?? 0,
    });
  }
  const last = items.at(-1);
  return { items, nextAfterId: rows.length > limit && last ? last.offer.id : null };
}

/**
 * One offer as the catalog lists it (after a create or an edit): its accelerator, price per
 * SCU and the fewest free cards in any hour from `now` on.
 */
export async function offerListing(sql: Sql, offer: Offer, now: Date): Promise<OfferListing> {
  const accelerator = (await loadAccelerators(sql)).find((item) => item.id === offer.acceleratorId);
  assert(accelerator !== undefined, 'offerListing: the foreign key keeps the accelerator');
  const [free] = await sql.query<{ cards: number | null }>(
    `select min(cards_free) as cards from exchange_offer_hours
      where offer_id = $1 and hour_start >= date_trunc('hour', $2::timestamptz)`,
    [offer.id, now],
  );
  return {
    offer,
    accelerator,
    pricePerScuFen: pricePerScuFen(offer.pricePerCardHourFen, accelerator.fp16DenseTflops),
    cardsFreeMin: free?.cards ?? 0,
  };
}
