import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../../db/client.ts';
import { checkOfferTerms, type OfferTerms } from '../../domain/exchange/offer.ts';
import { assert } from '../../domain/shared/assert.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Actor } from '../authz/actor.ts';
import { authorize } from '../authz/authorize.ts';
import { createOfferHours } from './offer-capacity.ts';
import { loadAccelerator, OFFER_COLUMNS, toOffer, type Offer, type OfferRow } from './rows.ts';

/**
 * Lists a provider's capacity: one accelerator kind, a number of cards, in one data centre
 * (its region's national hub is derived), for a window of whole hours, with every hourly slot
 * holding all the cards free. The provider must offer that accelerator's origin.
 *
 * @example
 * const offer = await createOffer({ db, actor, providerId, terms: { acceleratorId: 'ascend-910b',
 *   cardCount: 64, regionCode: '520100', pueMilli: 1200, greenShareBps: 6000,
 *   pricePerCardHourFen: 1200n, window, minTermHours: 4, splittable: true }, now });
 */
export async function createOffer(options: {
  db: Database;
  actor: Actor;
  providerId: string;
  terms: OfferTerms;
  now: Date;
}): Promise<Offer> {
  const { actor, providerId, terms, now } = options;
  authorize(actor, 'offer.create', { tenantId: providerId });
  const { hub, cardsPerNode } = checkOfferTerms(terms);
  return options.db.transaction(async (tx) => {
    const [provider] = await tx.query<{ accelerator_origins: string[]; kinds: string[] }>(
      'select accelerator_origins, kinds from providers where id = $1',
      [providerId],
    );
    if (provider === undefined) {
      throw new DomainError('NOT_FOUND', 'provider not found', { field: 'providerId' });
    }
    const accelerator = await loadAccelerator(tx, terms.acceleratorId, 'acceleratorId');
    if (
      !provider.kinds.includes('compute') ||
      !provider.accelerator_origins.includes(accelerator.origin)
    ) {
      throw new DomainError(
        'VALIDATION_FAILED',
        `acceleratorId: the provider is not registered for ${accelerator.origin} compute`,
        { field: 'acceleratorId' },
      );
    }
    const id = uuidv7();
    const [row] = await tx.query<OfferRow>(
      `insert into exchange_offers (id, provider_id, accelerator_id, card_count, region_code, hub,
         pue_milli, green_share_bps, price_per_card_hour_fen, available_from, available_to,
         min_term_hours, splittable, cards_per_node, state, created_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 'open', $15)
       returning ${OFFER_COLUMNS}`,
      [
        id,
        providerId,
        accelerator.id,
        terms.cardCount,
        terms.regionCode,
        hub,
        terms.pueMilli,
        terms.greenShareBps,
        terms.pricePerCardHourFen,
        terms.window.from,
        terms.window.to,
        terms.minTermHours,
        terms.splittable,
        cardsPerNode,
        now,
      ],
    );
    assert(row !== undefined, 'createOffer: insert returned no row');
    await createOfferHours(tx, id, terms.window, terms.cardCount);
    const offer = toOffer(row);
    await recordAudit({
      sql: tx,
      actor,
      action: 'exchangeOffer.create',
      entity: { type: 'exchangeOffer', id, tenantId: providerId },
      after: offer,
      requestId: actor.requestId,
      now,
    });
    return offer;
  });
}
