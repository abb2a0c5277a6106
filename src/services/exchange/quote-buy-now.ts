import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../../db/client.ts';
import type { Actor } from '../authz/actor.ts';
import { authorize } from '../authz/authorize.ts';
import { prepareBuyNow, type BuyNowRequest } from './buy-now-terms.ts';
import { quoteOrderSubsidy, type SubsidyQuote } from './quote-order-subsidy.ts';

/** What a buy-now would give if made now. */
export interface BuyNowQuote {
  offerId: string;
  enterpriseId: string;
  providerId: string;
  acceleratorId: string;
  cards: number;
  cardHours: bigint;
  pricePerCardHourFen: bigint;
  amountFen: bigint;
  /** The order's subsidy; none without a grant. */
  subsidy: SubsidyQuote | null;
  /** What the enterprise would bear: amount − subsidy. */
  enterpriseShareFen: bigint;
}

/**
 * Quotes a buy-now: what `buyNow` with the same request would make of it now — amount, subsidy
 * and the enterprise's share, the mode, the program, the rate and the policy trace — or the
 * refusal it would meet (the same DomainError, the same code). It runs the buy-now's own checks
 * (`prepareBuyNow`, reading the capacity instead of taking it) and its subsidy decision
 * (`quoteOrderSubsidy`), in one read transaction, and writes nothing: no order, no claim, no
 * audit event. The enterprise quotes for itself, operator staff for any enterprise.
 *
 * @example
 * const quote = await quoteBuyNow({ db, actor, enterpriseId, offerId, cards: 8, window, grantId, now });
 * quote.enterpriseShareFen // what the order would leave the enterprise to pay
 */
export async function quoteBuyNow(
  options: BuyNowRequest & { db: Database; actor: Actor; grantId?: string | undefined; now: Date },
): Promise<BuyNowQuote> {
  const { actor, enterpriseId, now } = options;
  authorize(actor, 'order.quote', { tenantId: enterpriseId });
  return options.db.transaction(async (tx) => {
    // The contract number the order would carry is new: no claim or order names it yet.
    const terms = await prepareBuyNow(tx, options, `SLX-${uuidv7()}`, 'check', now);
    const subsidy =
      options.grantId === undefined
        ? null
        : await quoteOrderSubsidy({
            tx,
            actor,
            grantId: options.grantId,
            purchase: terms.purchase,
            now,
          });
    const amountFen = terms.purchase.amountFen;
    return {
      offerId: terms.offer.id,
      enterpriseId,
      providerId: terms.offer.providerId,
      acceleratorId: terms.accelerator.id,
      cards: options.cards,
      cardHours: terms.cardHours,
      pricePerCardHourFen: terms.offer.pricePerCardHourFen,
      amountFen,
      subsidy,
      enterpriseShareFen: amountFen - (subsidy?.subsidyFen ?? 0n),
    };
  });
}
