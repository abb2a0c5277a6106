import type { Database } from '../../db/client.ts';
import { databaseInTransaction } from '../../db/nested-transaction.ts';
import { planCancellation } from '../../domain/exchange/order-cancellation.ts';
import { assert } from '../../domain/shared/assert.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Actor } from '../authz/actor.ts';
import { authorize } from '../authz/authorize.ts';
import { rejectClaim } from '../vouchers/index.ts';
import { auditView } from './insert-order.ts';
import { releaseOfferHours } from './offer-capacity.ts';
import { platformActorFor } from './platform-actor.ts';
import { loadOrder, ORDER_COLUMNS, toOrder, type Order, type OrderRow } from './rows.ts';

/**
 * Cancels an order (its enterprise), by the rule `planCancellation` decides (its quote,
 * `quoteCancellation`, shows the same plan before the enterprise confirms):
 *
 * - **Before it starts**: everything is released — every hourly slot goes back to the offer, a
 *   pay-the-provider claim is rejected (its reservation returns to the grant), a recorded
 *   reimbursement subsidy is dropped; the order ends `cancelled` and owes nothing.
 * - **After it started**: the order ends at the next whole hour. The hours from then on go back
 *   to the offer; the hours before stay bought (the provider reports and is paid for them); the
 *   subsidy is scaled to the card-hours kept, rounded DOWN. A pay-the-provider claim keeps its
 *   reservation until it is redeemed, which posts only the settled subsidy and returns the rest
 *   to the grant. An order whose kept hours are all settled is `completed`.
 * - An order that has ended, or was cancelled or completed: INVALID_STATE_TRANSITION.
 */
export async function cancelOrder(options: {
  db: Database;
  actor: Actor;
  orderId: string;
  now: Date;
}): Promise<Order> {
  const { actor, now } = options;
  authorize(actor, 'order.cancel');
  return options.db.transaction(async (tx) => {
    const order = await loadOrder(tx, options.orderId, true);
    authorize(actor, 'order.cancel', { tenantId: order.enterpriseId });
    const plan = planCancellation(order, now);
    await releaseOfferHours(
      tx,
      order.offerId,
      { from: plan.keptUntil, to: order.endsAt },
      order.cards,
    );
    if (!plan.started && order.claimId !== null) {
      const platform = platformActorFor(actor);
      await rejectClaim({
        db: databaseInTransaction(tx),
        claimId: order.claimId,
        reason: `exchange order ${order.contractNumber} cancelled before it started`,
        actor: platform,
        now,
      });
    }
    const [row] = await tx.query<OrderRow>(
      `update exchange_orders set state = $2, ends_at = $3, card_hours = $4, amount_fen = $5,
         subsidy_fen = $6, updated_at = $7
       where id = $1 returning ${ORDER_COLUMNS}`,
      [
        order.id,
        plan.state,
        plan.endsAt,
        plan.started ? plan.keptCardHours : order.cardHours,
        plan.amountFen,
        plan.subsidyFen,
        now,
      ],
    );
    assert(row !== undefined, 'cancelOrder: update returned no row');
    const cancelled = toOrder(row);
    await recordAudit({
      sql: tx,
      actor,
      action: 'exchangeOrder.cancel',
      entity: { type: 'exchangeOrder', id: order.id, tenantId: order.enterpriseId },
      before: auditView(order),
      after: auditView(cancelled),
      requestId: actor.requestId,
      now,
    });
    return cancelled;
  });
}
