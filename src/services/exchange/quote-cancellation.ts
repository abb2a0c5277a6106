import type { Sql } from '../../db/client.ts';
import {
  planCancellation,
  type CancellationPlan,
} from '../../domain/exchange/order-cancellation.ts';
import type { Actor } from '../authz/actor.ts';
import { authorize } from '../authz/authorize.ts';
import { loadOrder } from './rows.ts';

/**
 * What cancelling the order now would do (`planCancellation`, the rule `cancelOrder` applies),
 * or its refusal (INVALID_STATE_TRANSITION), reading only: the dialog shows the server's rule
 * and figures, so they cannot drift from the cancellation. The enterprise quotes its own
 * orders, operator staff any.
 *
 * @example
 * const plan = await quoteCancellation({ sql: db, actor, orderId, now });
 * plan.subsidyFen // the subsidy the order would keep
 */
export async function quoteCancellation(options: {
  sql: Sql;
  actor: Actor;
  orderId: string;
  now: Date;
}): Promise<CancellationPlan> {
  const { actor } = options;
  authorize(actor, 'order.quoteCancel');
  const order = await loadOrder(options.sql, options.orderId);
  authorize(actor, 'order.quoteCancel', { tenantId: order.enterpriseId });
  return planCancellation(order, options.now);
}
