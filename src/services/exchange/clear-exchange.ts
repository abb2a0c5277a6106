import { performance } from 'node:perf_hooks';
import type { Database, Sql } from '../../db/client.ts';
import { nextWholeHour } from '../../domain/exchange/hours.ts';
import { shanghaiDayOf } from '../../domain/shared/calendar.ts';
import {
  clearMarket,
  marketInputProblem,
  type MarketAssignment,
  type MarketOffer,
  type MarketResult,
} from '../../domain/exchange/matching/index.ts';
import { assert } from '../../domain/shared/assert.ts';
import { isDomainError } from '../../domain/shared/errors.ts';
import type { Actor } from '../authz/actor.ts';
import { authorize } from '../authz/authorize.ts';
import {
  clearingHorizon,
  clearingOffers,
  marketRequestOf,
  requestOutsideHorizon,
  slotStart,
  type ClearingHorizon,
} from './clearing-market.ts';
import { storeClearingExplanations } from './clearing-explanations.ts';
import { offerGroupKey } from './clearing-policy.ts';
import { clearingSubsidies, type ClearingSubsidies } from './clearing-subsidies.ts';
import { loadOpenRequests, type ComputeRequest } from './create-request.ts';
import { fillRequest, type ClearingAssignment } from './fill-request.ts';
import { ClearingPolicyInputs } from './order-policy-inputs.ts';
import { platformActorFor } from './platform-actor.ts';
import { loadAccelerators, type Order } from './rows.ts';

export { CLEARING_OFFERS_MAX } from './clearing-market.ts';

/** Most open requests one clearing run considers (the rest wait for the next). */
export const CLEARING_REQUESTS_MAX = 10_000;

/**
 * Fen per kWh of non-green energy the matcher adds to what enterprises pay (PUE and green share
 * of the offer's data centre). 0: the clearing minimises what enterprises pay only; an operator
 * who wants greener matches passes a weight (`energyWeightFenPerKwh`).
 */
export const DEFAULT_ENERGY_WEIGHT_FEN_PER_KWH = 0;

export interface ClearingReport {
  requestsConsidered: number;
  ordersCreated: Order[];
  /** The subsidy the matcher planned for each order created, by order id: what it got. */
  plannedSubsidyFen: Map<string, bigint>;
  unmatched: { requestId: string; reason: string }[];
  /**
   * Wall time of each phase (for the logs and the benchmark): loading the market and the
   * policy's terms, the matcher, making the orders, storing the explanations.
   */
  durationsMs: { load: number; match: number; fill: number; explain: number };
}

/**
 * One clearing run (periodic, or on demand by an operator). The open requests and the open
 * offers' free cards per hour from the next whole hour on, the subsidy rate of each request's
 * grant for each chip origin (the policy engine, `clearingSubsidies`) and each grant's budget
 * left in the ledger go to the matcher (`clearMarket`, src/domain/exchange/matching), which
 * never commits more subsidy than a budget has left. Each request's assignments then become
 * orders in one transaction per request, as a buy-now makes them: capacity taken per hour, the
 * subsidy decided under the request's grant (reserved in the ledger for a pay-the-provider
 * program), the order written and audited, the request marked matched. A request whose orders
 * cannot all be made (capacity taken meanwhile, the policy refusing, a grant spent by a claim
 * meanwhile) stays open, nothing of it kept, and is reported unmatched with the reason. The
 * matcher's explanations (binding constraint, next-best offer and its price) are stored on
 * each request and offer for their views.
 *
 * @example
 * const report = await clearExchange({ db, actor: systemActor, now });
 */
export async function clearExchange(options: {
  db: Database;
  actor: Actor;
  now: Date;
  energyWeightFenPerKwh?: number;
}): Promise<ClearingReport> {
  const { db, actor, now } = options;
  authorize(actor, 'exchange.clear');
  const runStarted = performance.now();
  // Authorised to clear, the operator's run acts for the platform (grants, orders, claims).
  const platform = platformActorFor(actor);
  const from = nextWholeHour(now);
  const open = (await loadOpenRequests(db, CLEARING_REQUESTS_MAX)).filter(
    (request) => request.window.to.getTime() > from.getTime(),
  );
  const horizon = clearingHorizon(from, open);
  const report: ClearingReport = {
    requestsConsidered: open.length,
    ordersCreated: [],
    plannedSubsidyFen: new Map(),
    unmatched: [],
    durationsMs: { load: 0, match: 0, fill: 0, explain: 0 },
  };
  const requests: ComputeRequest[] = [];
  for (const request of open) {
    const reason = requestOutsideHorizon(horizon, request);
    if (reason === null) requests.push(request);
    else report.unmatched.push({ requestId: request.id, reason });
  }
  const policy = new ClearingPolicyInputs(shanghaiDayOf(now));
  const { result, offers, termsByGrant } = await matchMarket(
    db,
    platform,
    horizon,
    requests,
    { ...options, policy },
    report.durationsMs,
  );
  const accelerators = await loadAccelerators(db);
  let started = performance.now();
  report.durationsMs.load = started - runStarted - report.durationsMs.match;
  const offerGroups = new Map(offers.map((offer) => [offer.id, offerGroupKey(offer)]));
  const refusals = new Map<string, string>();
  for (const request of requests) {
    const assignments = result.assignments.filter((item) => item.requestId === request.id);
    if (assignments.length === 0) continue;
    try {
      const terms = request.grantId === null ? undefined : termsByGrant.get(request.grantId);
      const windows = assignments.map((item) =>
        assignmentOf(horizon, item, terms?.get(offerGroups.get(item.offerId) ?? '')?.rateBps ?? 0),
      );
      const orders = await fillRequest({
        db,
        actor: platform,
        request,
        assignments: windows,
        now,
        accelerators,
        policy: await policy.for(db, request.enterpriseId),
      });
      orders.forEach((order, index) => {
        report.plannedSubsidyFen.set(order.id, windows[index]?.promise.subsidyFen ?? 0n);
      });
      report.ordersCreated.push(...orders);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      refusals.set(request.id, `${error.code}: ${error.message}`);
    }
  }
  for (const request of result.requests) {
    const refusal = refusals.get(request.requestId);
    if (refusal !== undefined)
      report.unmatched.push({ requestId: request.requestId, reason: refusal });
    else if (!request.served) {
      report.unmatched.push({
        requestId: request.requestId,
        reason: unservedReason(request.binding),
      });
    }
  }
  report.durationsMs.fill = performance.now() - started;
  started = performance.now();
  await storeClearingExplanations({ sql: db, result, refusals, now });
  report.durationsMs.explain = performance.now() - started;
  return report;
}

/** The matcher's input from the database and the policy engine, and its result. */
async function matchMarket(
  sql: Sql,
  actor: Actor,
  horizon: ClearingHorizon,
  requests: readonly ComputeRequest[],
  options: { now: Date; energyWeightFenPerKwh?: number; policy: ClearingPolicyInputs },
  durationsMs: ClearingReport['durationsMs'],
): Promise<{
  result: MarketResult;
  offers: MarketOffer[];
  termsByGrant: ClearingSubsidies['termsByGrant'];
}> {
  const offers = await clearingOffers(sql, horizon);
  const regions = await enterpriseRegions(sql, requests);
  const marketRequests = requests.map((request) =>
    marketRequestOf(horizon, request, regions.get(request.enterpriseId) ?? ''),
  );
  const { subsidies, programs, termsByGrant } = await clearingSubsidies({
    sql,
    actor,
    requests,
    marketRequests: new Map(marketRequests.map((request) => [request.id, request])),
    offers,
    policy: options.policy,
  });
  const input = {
    slotCount: horizon.slotCount,
    offers,
    requests: marketRequests,
    subsidies,
    programs,
    energyWeightFenPerKwh: options.energyWeightFenPerKwh ?? DEFAULT_ENERGY_WEIGHT_FEN_PER_KWH,
  };
  // The services check requests and offers at their own boundary: a problem here is a bug.
  const problem = marketInputProblem(input);
  assert(problem === null, `clearExchange: the market input is invalid: ${problem ?? ''}`);
  const matching = performance.now();
  const result = clearMarket(input);
  durationsMs.match = performance.now() - matching;
  return { result, offers, termsByGrant };
}

function assignmentOf(
  horizon: ClearingHorizon,
  assignment: MarketAssignment,
  policyRateBps: number,
): ClearingAssignment {
  return {
    offerId: assignment.offerId,
    cards: assignment.cards,
    window: {
      from: slotStart(horizon, assignment.startSlot),
      to: slotStart(horizon, assignment.endSlot),
    },
    promise: { subsidyFen: assignment.subsidyFen, policyRateBps },
  };
}

function unservedReason(binding: MarketResult['requests'][number]['binding']): string {
  if (binding === null) return 'not served';
  switch (binding.kind) {
    case 'budget':
      return 'the subsidy budget of its grant is too small for any offer within its maximum price';
    case 'maximum-price':
      return `the cheapest fitting offer costs ${binding.enterpriseFenPerCardHour} fen per card-hour after subsidy, above its maximum`;
    case 'capacity':
      return 'no offer has enough free cards in every hour of its window';
    case 'no-single-offer-big-enough':
      return `it may not be split and no single offer has ${binding.neededCards} cards free (largest ${binding.largestCards})`;
    default:
      return `no offer fits its constraints (${binding.kind})`;
  }
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
