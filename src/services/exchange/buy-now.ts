import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../../db/client.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import type { Actor } from '../authz/actor.ts';
import { authorize } from '../authz/authorize.ts';
import { prepareBuyNow, type BuyNowRequest } from './buy-now-terms.ts';
import { decideOrderSubsidy, NO_SUBSIDY } from './order-subsidy.ts';
import { insertOrder } from './insert-order.ts';
import type { Order } from './rows.ts';

export interface BuyNowOptions extends BuyNowRequest {
  db: Database;
  actor: Actor;
  /** The voucher grant whose program subsidises the order; none: the enterprise pays all. */
  grantId?: string | undefined;
  /** The figures the buyer was shown (its quote): the purchase is refused if they moved since. */
  expected?: { amountFen: bigint; subsidyFen: bigint } | undefined;
  now: Date;
}

/**
 * Buys capacity from an offer at once (the catalog's "buy now"): checks the window against the
 * offer, takes the cards from every hourly slot (`prepareBuyNow`; CAPACITY_EXHAUSTED if any
 * hour is short, so two buy-nows never oversell), decides the subsidy (`decideOrderSubsidy`: reserved in the ledger
 * for a pay-the-provider program, recorded for a reimbursement one) and writes the order — the
 * contract between the enterprise and the provider — with its audit event. One transaction: a
 * refusal anywhere leaves the capacity and the grant as they were. `quoteBuyNow` runs the same
 * checks and decisions without writing.
 *
 * @example
 * const order = await buyNow({ db, actor, enterpriseId, offerId, cards: 8,
 *   window: { from: new Date('2025-06-01T00:00:00Z'), to: new Date('2025-06-02T00:00:00Z') },
 *   grantId, now });
 * order.amountFen - order.subsidyFen // what the enterprise bears
 */
export async function buyNow(options: BuyNowOptions): Promise<Order> {
  const { actor, enterpriseId, now } = options;
  authorize(actor, 'order.buy', { tenantId: enterpriseId });
  return options.db.transaction(async (tx) => {
    const orderId = uuidv7();
    const terms = await prepareBuyNow(tx, options, `SLX-${orderId}`, 'take', now);
    const subsidy =
      options.grantId === undefined
        ? NO_SUBSIDY
        : await decideOrderSubsidy({
            tx,
            actor,
            grantId: options.grantId,
            purchase: terms.purchase,
            now,
          });
    refuseIfNotAsQuoted(options.expected, {
      amountFen: terms.purchase.amountFen,
      subsidyFen: subsidy.subsidyFen,
    });
    return insertOrder({
      tx,
      actor,
      now,
      order: {
        id: orderId,
        contractNumber: terms.purchase.contractNumber,
        enterpriseId,
        providerId: terms.offer.providerId,
        offerId: terms.offer.id,
        requestId: null,
        acceleratorId: terms.accelerator.id,
        chipOrigin: terms.accelerator.origin,
        cards: options.cards,
        window: options.window,
        cardHours: terms.cardHours,
        pricePerCardHourFen: terms.offer.pricePerCardHourFen,
        amountFen: terms.purchase.amountFen,
        subsidy,
      },
    });
  });
}

/**
 * The buyer confirmed a quote; between it and the purchase another order may have used the
 * grant's budget, the provider may have repriced the offer, or this year's contracts may have
 * crossed the SME threshold. The buyer then gets the new figures to confirm, not an order that
 * costs it more than it saw (the transaction rolls back the hours it took).
 */
function refuseIfNotAsQuoted(
  expected: BuyNowOptions['expected'],
  now: { amountFen: bigint; subsidyFen: bigint },
): void {
  if (expected === undefined) return;
  if (expected.amountFen === now.amountFen && expected.subsidyFen === now.subsidyFen) return;
  throw new DomainError('QUOTE_CHANGED', 'the order would differ from the quote it names', {
    expected: {
      amountFen: expected.amountFen.toString(),
      subsidyFen: expected.subsidyFen.toString(),
    },
    now: { amountFen: now.amountFen.toString(), subsidyFen: now.subsidyFen.toString() },
  });
}
