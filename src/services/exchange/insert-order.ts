import type { Sql } from '../../db/client.ts';
import type { HourWindow } from '../../domain/exchange/hours.ts';
import { assert } from '../../domain/shared/assert.ts';
import { contractKey } from '../../domain/vouchers/contract-identity.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Actor } from '../authz/actor.ts';
import type { OrderSubsidy } from './order-subsidy.ts';
import { ORDER_COLUMNS, toOrder, type Order, type OrderRow } from './rows.ts';

/** An order about to be written: capacity taken, subsidy decided. */
export type NewOrder = Pick<
  Order,
  | 'id'
  | 'contractNumber'
  | 'enterpriseId'
  | 'providerId'
  | 'offerId'
  | 'requestId'
  | 'acceleratorId'
  | 'chipOrigin'
  | 'cards'
  | 'cardHours'
  | 'pricePerCardHourFen'
  | 'amountFen'
> & { window: HourWindow; subsidy: OrderSubsidy };

/**
 * Writes an order (a buy-now's or a match's) and its audit event in the caller's transaction.
 * The contract key is the one voucher claims compare contracts by, so a claim naming the order's
 * contract number finds it.
 */
export async function insertOrder(options: {
  tx: Sql;
  actor: Actor;
  order: NewOrder;
  now: Date;
}): Promise<Order> {
  const { tx, order, now } = options;
  assert(order.subsidy.subsidyFen <= order.amountFen, 'insertOrder: subsidy within the amount');
  const [row] = await tx.query<OrderRow>(
    `insert into exchange_orders (id, contract_number, contract_key, enterprise_id, provider_id,
       offer_id, request_id, accelerator_id, chip_origin, cards, starts_at, ends_at, card_hours,
       price_per_card_hour_fen, amount_fen, subsidy_mode, program_id, grant_id, claim_id,
       subsidy_fen, policy_trace, state, created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19,
       $20, $21::jsonb, 'active', $22, $22)
     returning ${ORDER_COLUMNS}`,
    [
      order.id,
      order.contractNumber,
      contractKey(order.contractNumber),
      order.enterpriseId,
      order.providerId,
      order.offerId,
      order.requestId,
      order.acceleratorId,
      order.chipOrigin,
      order.cards,
      order.window.from,
      order.window.to,
      order.cardHours,
      order.pricePerCardHourFen,
      order.amountFen,
      order.subsidy.mode,
      order.subsidy.programId,
      order.subsidy.grantId,
      order.subsidy.claimId,
      order.subsidy.subsidyFen,
      JSON.stringify(order.subsidy.trace),
      now,
    ],
  );
  assert(row !== undefined, 'insertOrder: insert returned no row');
  const stored = toOrder(row);
  await recordAudit({
    sql: tx,
    actor: options.actor,
    action: 'exchangeOrder.create',
    entity: { type: 'exchangeOrder', id: stored.id, tenantId: stored.enterpriseId },
    after: auditView(stored),
    requestId: options.actor.requestId,
    now,
  });
  return stored;
}

/** What the audit log keeps of an order (amounts as strings, no trace). */
export function auditView(order: Order): Record<string, unknown> {
  return {
    contractNumber: order.contractNumber,
    enterpriseId: order.enterpriseId,
    providerId: order.providerId,
    offerId: order.offerId,
    requestId: order.requestId,
    cards: order.cards,
    startsAt: order.startsAt.toISOString(),
    endsAt: order.endsAt.toISOString(),
    cardHours: order.cardHours.toString(),
    amountFen: order.amountFen.toString(),
    subsidyMode: order.subsidyMode,
    subsidyFen: order.subsidyFen.toString(),
    claimId: order.claimId,
    state: order.state,
    settledCardHours: order.settledCardHours.toString(),
    settledFen: order.settledFen.toString(),
  };
}
