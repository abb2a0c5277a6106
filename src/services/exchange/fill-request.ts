import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../../db/client.ts';
import type { Accelerator } from '../../domain/exchange/accelerators.ts';
import { hoursOf, type HourWindow } from '../../domain/exchange/hours.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import type { Actor } from '../authz/actor.ts';
import type { ComputeRequest } from './create-request.ts';
import { insertOrder } from './insert-order.ts';
import { takeOfferHours } from './offer-capacity.ts';
import { decideOrderSubsidy, NO_SUBSIDY, type ClearingPromise } from './order-subsidy.ts';
import type { OrderPolicyInputs } from './order-policy-inputs.ts';
import { loadOffer, type Order } from './rows.ts';

/** Cards of one offer for a window: one order, with the subsidy the matcher planned for it. */
export interface ClearingAssignment {
  offerId: string;
  cards: number;
  window: HourWindow;
  /**
   * The matcher's subsidy (per-card-hour floor × card-hours, within its grant's budget) and the
   * policy's rate it was priced at: the order gets exactly it, or the request stays open.
   */
  promise: ClearingPromise;
}

/**
 * Turns one request's assignments into orders in one transaction, each as a buy-now makes it:
 * the cards taken in every hour (CAPACITY_EXHAUSTED if an hour is short now), the subsidy
 * decided by the policy engine under the request's grant — exactly what the matcher planned,
 * else POLICY_REJECTED (a pay-the-provider program reserves it in the ledger through a claim; a
 * reimbursement program records it) — the order written and audited; then the request is marked matched. Any
 * refusal rolls the whole request back. A request no longer open (cancelled meanwhile) gets
 * no orders.
 */
export async function fillRequest(options: {
  db: Database;
  actor: Actor;
  request: ComputeRequest;
  assignments: readonly ClearingAssignment[];
  now: Date;
  /** The catalog, loaded once per run. */
  accelerators: readonly Accelerator[];
  /** The run's program versions and the enterprise's profile (`ClearingPolicyInputs`). */
  policy: OrderPolicyInputs;
}): Promise<Order[]> {
  const { actor, request, assignments, now, policy } = options;
  const accelerators = new Map(options.accelerators.map((item) => [item.id, item]));
  return options.db.transaction(async (tx) => {
    const [open] = await tx.query(
      `select 1 from exchange_requests where id = $1 and state = 'open' for update`,
      [request.id],
    );
    if (open === undefined) return [];
    const orders: Order[] = [];
    for (const assignment of assignments) {
      const offer = await loadOffer(tx, assignment.offerId, true);
      if (offer.state !== 'open') {
        throw new DomainError('INVALID_STATE_TRANSITION', 'the offer was withdrawn', {
          field: 'offerId',
          state: offer.state,
        });
      }
      const accelerator = accelerators.get(offer.acceleratorId);
      if (accelerator === undefined) continue; // the foreign key makes this impossible
      await takeOfferHours(tx, offer.id, assignment.window, assignment.cards);
      const cardHours = BigInt(assignment.cards) * hoursOf(assignment.window);
      const amountFen = cardHours * offer.pricePerCardHourFen;
      const id = uuidv7();
      const contractNumber = `SLX-${id}`;
      const subsidy =
        request.grantId === null
          ? NO_SUBSIDY
          : await decideOrderSubsidy({
              tx,
              actor,
              grantId: request.grantId,
              purchase: {
                enterpriseId: request.enterpriseId,
                providerId: offer.providerId,
                contractNumber,
                amountFen,
                chipOrigin: accelerator.origin,
                regionCode: offer.regionCode,
                startsAt: assignment.window.from,
                endsAt: assignment.window.to,
              },
              now,
              promise: assignment.promise,
              policy,
            });
      orders.push(
        await insertOrder({
          tx,
          actor,
          now,
          order: {
            id,
            contractNumber,
            enterpriseId: request.enterpriseId,
            providerId: offer.providerId,
            offerId: offer.id,
            requestId: request.id,
            acceleratorId: accelerator.id,
            chipOrigin: accelerator.origin,
            cards: assignment.cards,
            window: assignment.window,
            cardHours,
            pricePerCardHourFen: offer.pricePerCardHourFen,
            amountFen,
            subsidy,
          },
        }),
      );
    }
    await tx.query(`update exchange_requests set state = 'matched' where id = $1`, [request.id]);
    return orders;
  });
}
