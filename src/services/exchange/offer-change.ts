import type { Sql } from '../../db/client.ts';
import { assert } from '../../domain/shared/assert.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Actor } from '../authz/actor.ts';
import { authorize } from '../authz/authorize.ts';
import { loadOffer, OFFER_COLUMNS, toOffer, type Offer, type OfferRow } from './rows.ts';

/** The steps an edit and a withdrawal of an offer share: the lock, then the write and its audit. */

/**
 * The offer, locked for an edit: NOT_FOUND unless the actor may act on its provider's offers,
 * INVALID_STATE_TRANSITION once withdrawn.
 */
export async function lockOpenOffer(
  tx: Sql,
  actor: Actor,
  action: 'offer.update' | 'offer.withdraw',
  offerId: string,
): Promise<Offer> {
  const found = await loadOffer(tx, offerId);
  authorize(actor, action, { tenantId: found.providerId });
  const [row] = await tx.query<OfferRow>(
    `select ${OFFER_COLUMNS} from exchange_offers where id = $1 for update`,
    [found.id],
  );
  assert(row !== undefined, 'lockOpenOffer: the offer vanished');
  const offer = toOffer(row);
  if (offer.state !== 'open') {
    throw new DomainError('INVALID_STATE_TRANSITION', 'the offer is withdrawn', {
      field: 'offerId',
      state: offer.state,
    });
  }
  return offer;
}

/**
 * Writes a change of a locked offer (`set`: the SQL assignments, `$2…` bound to `values`) and
 * its audit event with the offer before and after, in the caller's transaction.
 */
export async function saveOfferChange(options: {
  tx: Sql;
  actor: Actor;
  before: Offer;
  action: 'exchangeOffer.update' | 'exchangeOffer.withdraw';
  set: string;
  values: readonly unknown[];
  now: Date;
}): Promise<Offer> {
  const { tx, actor, before, now } = options;
  const [row] = await tx.query<OfferRow>(
    `update exchange_offers set ${options.set} where id = $1 returning ${OFFER_COLUMNS}`,
    [before.id, ...options.values],
  );
  assert(row !== undefined, 'saveOfferChange: the locked offer vanished');
  const after = toOffer(row);
  await recordAudit({
    sql: tx,
    actor,
    action: options.action,
    entity: { type: 'exchangeOffer', id: after.id, tenantId: after.providerId },
    before,
    after,
    requestId: actor.requestId,
    now,
  });
  return after;
}
