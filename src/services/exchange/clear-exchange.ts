import { v7 as uuidv7 } from 'uuid';
import type { Database, Sql } from '../../db/client.ts';
import {
  firstFitClearing,
  type ClearingAssignment,
  type ClearingOffer,
  type ClearMarket,
} from '../../domain/exchange/clearing.ts';
import { hoursOf, nextWholeHour } from '../../domain/exchange/hours.ts';
import { isDomainError } from '../../domain/shared/errors.ts';
import type { Actor } from '../authz/actor.ts';
import { authorize } from '../authz/authorize.ts';
import { loadOpenRequests, type ComputeRequest } from './create-request.ts';
import { insertOrder } from './insert-order.ts';
import { takeOfferHours } from './offer-capacity.ts';
import { decideOrderSubsidy, NO_SUBSIDY } from './order-subsidy.ts';
import { platformActorFor } from './platform-actor.ts';
import {
  loadAccelerators,
  loadOffer,
  OFFER_COLUMNS,
  toOffer,
  type Order,
  type OfferRow,
} from './rows.ts';

/** Most open requests and offers one clearing run considers (the rest wait for the next). */
export const CLEARING_REQUESTS_MAX = 10_000;
export const CLEARING_OFFERS_MAX = 1_000;

export interface ClearingReport {
  requestsConsidered: number;
  ordersCreated: Order[];
  unmatched: { requestId: string; reason: string }[];
}

/**
 * One clearing run (periodic, or on demand by an operator): the open requests and the open
 * offers' free cards from the next whole hour on go to `clearMarket` (default: the reference
 * `firstFitClearing`; the optimising matcher plugs in here), and each request's assignments
 * become orders in one transaction per request — capacity taken per hour as a buy-now takes it,
 * the subsidy decided under the request's grant, the request marked matched. A request whose
 * orders cannot all be made (capacity taken meanwhile, the policy refusing) stays open and is
 * reported unmatched with the reason; nothing of it is kept.
 *
 * @example
 * const report = await clearExchange({ db, actor: systemActor, now });
 */
export async function clearExchange(options: {
  db: Database;
  actor: Actor;
  now: Date;
  clearMarket?: ClearMarket;
}): Promise<ClearingReport> {
  const { db, actor, now } = options;
  authorize(actor, 'exchange.clear');
  const from = nextWholeHour(now);
  const requests = (await loadOpenRequests(db, CLEARING_REQUESTS_MAX)).filter(
    (request) => request.window.to.getTime() > from.getTime(),
  );
  const offers = await clearingOffers(db, from);
  const regions = await enterpriseRegions(db, requests);
  const result = (options.clearMarket ?? firstFitClearing)({
    requests: requests.map((request) => ({
      ...request,
      enterpriseRegionCode: regions.get(request.enterpriseId) ?? '',
      window: {
        from: new Date(Math.max(request.window.from.getTime(), from.getTime())),
        to: request.window.to,
      },
    })),
    offers,
  });
  const report: ClearingReport = {
    requestsConsidered: requests.length,
    ordersCreated: [],
    unmatched: [...result.unmatched],
  };
  for (const request of requests) {
    const assignments = result.assignments.filter((item) => item.requestId === request.id);
    if (assignments.length === 0) continue;
    try {
      // Authorised to clear, the operator's run acts for the platform (orders, claims).
      const platform = platformActorFor(actor);
      report.ordersCreated.push(...(await fillRequest(db, platform, request, assignments, now)));
    } catch (error) {
      if (!isDomainError(error)) throw error;
      report.unmatched.push({ requestId: request.id, reason: `${error.code}: ${error.message}` });
    }
  }
  return report;
}

async function fillRequest(
  db: Database,
  actor: Actor,
  request: ComputeRequest,
  assignments: readonly ClearingAssignment[],
  now: Date,
): Promise<Order[]> {
  return db.transaction(async (tx) => {
    const [open] = await tx.query(
      `select 1 from exchange_requests where id = $1 and state = 'open' for update`,
      [request.id],
    );
    if (open === undefined) return [];
    const accelerators = new Map((await loadAccelerators(tx)).map((item) => [item.id, item]));
    const orders: Order[] = [];
    for (const assignment of assignments) {
      const offer = await loadOffer(tx, assignment.offerId, true);
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

/** The registered region of each requesting enterprise. */
async function enterpriseRegions(
  sql: Sql,
  requests: readonly ComputeRequest[],
): Promise<Map<string, string>> {
  const ids = [...new Set(requests.map((request) => request.enterpriseId))];
  const rows = await sql.query<{ id: string; region_code: string }>(
    'select id, region_code from enterprises where id = any($1::uuid[])',
    [ids],
  );
  return new Map(rows.map((row) => [row.id, row.region_code]));
}

/** Open offers with their free cards per hour from `from` on. */
async function clearingOffers(sql: Sql, from: Date): Promise<ClearingOffer[]> {
  const rows = await sql.query<OfferRow & { free: number[] }>(
    `select ${OFFER_COLUMNS}, array(select h.cards_free from exchange_offer_hours h
              where h.offer_id = o.id and h.hour_start >= $1 order by h.hour_start) as free
       from exchange_offers o
      where o.state = 'open' and o.available_to > $1
      order by o.id limit $2`,
    [from, CLEARING_OFFERS_MAX],
  );
  const accelerators = new Map((await loadAccelerators(sql)).map((item) => [item.id, item]));
  return rows.flatMap((row) => {
    const offer = toOffer(row);
    const accelerator = accelerators.get(offer.acceleratorId);
    if (accelerator === undefined) return [];
    const start = new Date(Math.max(offer.availableFrom.getTime(), from.getTime()));
    // The rows hold the hours from `start` (the later of the offer's start and `from`) on.
    const freeCards = row.free;
    return [
      {
        id: offer.id,
        providerId: offer.providerId,
        acceleratorId: offer.acceleratorId,
        origin: accelerator.origin,
        fp16DenseTflops: accelerator.fp16DenseTflops,
        regionCode: offer.regionCode,
        pricePerCardHourFen: offer.pricePerCardHourFen,
        pueMilli: offer.pueMilli,
        greenShareBps: offer.greenShareBps,
        window: { from: start, to: offer.availableTo },
        minTermHours: offer.minTermHours,
        splittable: offer.splittable,
        cardsPerNode: offer.cardsPerNode,
        freeCards,
      },
    ];
  });
}
