import type { Sql } from '../../db/client.ts';
import type { Actor } from '../authz/actor.ts';
import { authorize, listScope } from '../authz/authorize.ts';
import { loadOrder, ORDER_COLUMNS, toOrder, type Order, type OrderRow } from './rows.ts';

/** One order, for its enterprise, its provider and operator staff (404 for anyone else). */
export async function getOrder(options: {
  sql: Sql;
  actor: Actor;
  orderId: string;
}): Promise<Order> {
  authorize(options.actor, 'order.read');
  const order = await loadOrder(options.sql, options.orderId);
  authorize(options.actor, 'order.read', { tenantId: [order.enterpriseId, order.providerId] });
  return order;
}

export const ORDER_PAGE_MAX = 200;

/** Orders within the caller's reach (its enterprise's or provider's; staff: all), newest first. */
export async function listOrders(options: {
  sql: Sql;
  actor: Actor;
  state?: Order['state'] | undefined;
  limit: number;
}): Promise<Order[]> {
  const scope = listScope(options.actor, 'order.list');
  const rows = await options.sql.query<OrderRow>(
    `select ${ORDER_COLUMNS} from exchange_orders
      where ($1::uuid is null or enterprise_id = $1 or provider_id = $1)
        and ($2::text is null or state = $2)
      order by created_at desc, id desc limit $3`,
    [scope.tenantId, options.state ?? null, Math.min(Math.max(options.limit, 1), ORDER_PAGE_MAX)],
  );
  return rows.map(toOrder);
}
