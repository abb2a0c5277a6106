import type { Sql } from '../../db/client.ts';
import {
  cappedRateBps,
  splitSharedBudgets,
  type SharedBudget,
} from '../../domain/exchange/clearing-budgets.ts';
import type {
  MarketOffer,
  MarketRequest,
  ProgramBudget,
  SubsidyTerm,
} from '../../domain/exchange/matching/index.ts';
import { isDomainError } from '../../domain/shared/errors.ts';
import { minFen } from '../../domain/shared/money.ts';
import type { Actor } from '../authz/actor.ts';
import { getGrant, grantBalance, type Grant } from '../vouchers/index.ts';
import {
  evaluatePolicyTerms,
  offerGroupKey,
  type PolicyTerms,
  type SubsidisedOffer,
} from './clearing-policy.ts';
import type { ComputeRequest } from './create-request.ts';
import type { ClearingPolicyInputs } from './order-policy-inputs.ts';
import { orderYearToDate } from './order-year-to-date.ts';

/** The policy's terms of one grant, per offer group (`offerGroupKey`). */
export type GrantTerms = ReadonlyMap<string, PolicyTerms>;

export interface ClearingSubsidies {
  subsidies: SubsidyTerm[];
  programs: ProgramBudget[];
  /** The policy's terms by grant id: the rate an order's claim is made on (`fillRequest`). */
  termsByGrant: ReadonlyMap<string, GrantTerms>;
}

/**
 * The matcher's subsidy input for one clearing run, decided by the policy engine as each order
 * will be (`decideOrderSubsidy`), so that every order made from the clearing gets exactly the
 * subsidy the matcher planned:
 *
 * - **rates**: for each request naming a usable grant, its program's rate for a `compute`
 *   purchase of each offer group (chip origin × provider region); where a per-order cap (per
 *   claim, per contract) could bind on the pair's largest order, the pair's rate is lowered
 *   until it cannot (`cappedRateBps`, rounded down) — an origin term where every offer of the
 *   origin gets one rate, offer terms where they differ;
 * - **budgets**: one per grant (the matcher's `programId` is the grant id here): what the grant
 *   has left (`grantLeftFen`), lowered so that the grants of one enterprise and program stay
 *   within its yearly cap left and the grants of one program within the program's yearly quota
 *   and budget as the order's decision sees them (`orderYearToDate`: the grants already hold
 *   the budget, so it is not counted again) — `splitSharedBudgets`, in proportion, rounded down.
 *
 * A grant that gives nothing (expired, refused, program not in force) gets no term; its request
 * may still be matched, and the order's own decision then refuses it.
 */
export async function clearingSubsidies(options: {
  sql: Sql;
  actor: Actor;
  requests: readonly ComputeRequest[];
  marketRequests: ReadonlyMap<string, MarketRequest>;
  offers: readonly MarketOffer[];
  /** The run's program versions and profiles, shared with its orders' decisions. */
  policy: ClearingPolicyInputs;
}): Promise<ClearingSubsidies> {
  const { sql, actor } = options;
  const today = options.policy.today;
  const groups = offerGroups(options.offers);
  const subsidies: SubsidyTerm[] = [];
  const termsByGrant = new Map<string, Map<string, PolicyTerms>>();
  const grants = new Map<string, Grant>();
  const ownFen = new Map<string, bigint>();
  for (const request of options.requests) {
    const market = options.marketRequests.get(request.id);
    if (request.grantId === null || market === undefined) continue;
    const grant = await usableGrant(sql, actor, request);
    if (grant === null) continue;
    let terms = termsByGrant.get(grant.id);
    if (terms === undefined) {
      // Decided once per grant: a run may hold thousands of requests of few grants.
      terms = new Map();
      const inputs = await options.policy.for(sql, request.enterpriseId);
      const yearToDate = await orderYearToDate(sql, request.enterpriseId, grant.programId);
      for (const offer of groups) {
        const evaluated = await evaluatePolicyTerms({
          programId: grant.programId,
          definitions: inputs.definitions,
          enterprise: inputs.profile,
          yearToDate,
          contractId: `SLX-clearing-${request.id}`,
          offer,
          today,
        });
        if (evaluated !== null) terms.set(offerGroupKey(offer), evaluated);
      }
      termsByGrant.set(grant.id, terms);
      grants.set(grant.id, grant);
      ownFen.set(grant.id, await grantLeftFen(sql, grant));
    }
    subsidies.push(...termsOf(market, grant.id, terms, options.offers));
  }
  const budgets = splitSharedBudgets(ownFen, sharedBudgets(grants, termsByGrant));
  const programs = [...budgets].map(([grantId, remainingFen]) => ({
    programId: grantId,
    remainingFen,
  }));
  return { subsidies, programs, termsByGrant };
}

/**
 * The budgets grants share, from the policy's terms: the yearly cap left of each enterprise and
 * program, and the yearly quota and budget left of each program (the lowest any of its grants'
 * evaluations saw).
 */
function sharedBudgets(
  grants: ReadonlyMap<string, Grant>,
  termsByGrant: ReadonlyMap<string, GrantTerms>,
): SharedBudget[] {
  const shared = new Map<string, { limitFen: bigint; grantIds: string[] }>();
  const add = (key: string, limitFen: bigint | null, grantId: string): void => {
    if (limitFen === null) return;
    const group = shared.get(key);
    if (group === undefined) shared.set(key, { limitFen, grantIds: [grantId] });
    else {
      group.limitFen = minFen(group.limitFen, limitFen);
      if (!group.grantIds.includes(grantId)) group.grantIds.push(grantId);
    }
  };
  for (const [grantId, grant] of grants) {
    for (const terms of termsByGrant.get(grantId)?.values() ?? []) {
      add(`program:${grant.programId}`, terms.programLeftFen, grantId);
      add(
        `enterprise-year:${grant.enterpriseId}/${grant.programId}`,
        terms.enterpriseYearLeftFen,
        grantId,
      );
    }
  }
  return [...shared].map(([key, group]) => ({ key, ...group }));
}

/**
 * What a grant has left for new orders: its committed balance in the ledger, less the subsidy
 * recorded on its reimbursement orders that no claim has reserved yet (the enterprise will claim
 * it; until then the ledger does not show it).
 */
async function grantLeftFen(sql: Sql, grant: Grant): Promise<bigint> {
  const { committedFen } = await grantBalance(sql, grant);
  const [recorded] = await sql.query<{ fen: bigint }>(
    `select coalesce(sum(o.subsidy_fen), 0)::int8 as fen from exchange_orders o
      where o.grant_id = $1 and o.subsidy_mode = 'reimburse-enterprise' and o.state <> 'cancelled'
        and not exists (select 1 from voucher_claims c
                         where c.grant_id = o.grant_id and c.contract_id = o.contract_number
                           and c.state not in ('draft', 'rejected'))`,
    [grant.id],
  );
  return committedFen - (recorded?.fen ?? 0n);
}

async function usableGrant(sql: Sql, actor: Actor, request: ComputeRequest): Promise<Grant | null> {
  try {
    const { grant } = await getGrant({ sql, actor, grantId: request.grantId ?? '' });
    return grant.enterpriseId === request.enterpriseId ? grant : null;
  } catch (error) {
    if (isDomainError(error)) return null;
    throw error;
  }
}

/** One representative offer per (origin, region): the policy's inputs. */
function offerGroups(offers: readonly SubsidisedOffer[]): SubsidisedOffer[] {
  const groups = new Map<string, SubsidisedOffer>();
  for (const offer of offers) {
    const key = offerGroupKey(offer);
    if (!groups.has(key)) groups.set(key, offer);
  }
  return [...groups.values()];
}

/**
 * The most card-hours one order of the request may take on the offer: the cards serving all of
 * it (rounded up, as the matcher does), at most a node's cards when a job may not span nodes,
 * over the request's window.
 */
function cardHoursMax(request: MarketRequest, offer: MarketOffer): bigint {
  const hours = request.endSlot - request.startSlot;
  const perCard = request.amount.unit === 'card-hours' ? hours : hours * offer.fp16DenseTflops;
  const demand =
    request.amount.unit === 'card-hours' ? request.amount.cardHours : request.amount.milliScu;
  const cardsForAll = Math.ceil(demand / Math.max(1, perCard));
  const cards = offer.splittableAcrossNodes
    ? cardsForAll
    : Math.min(cardsForAll, offer.cardsPerNode);
  return BigInt(Math.max(1, cards) * Math.max(1, hours));
}

/** An origin term where every offer of the origin gets one rate; offer terms where they differ. */
function termsOf(
  request: MarketRequest,
  grantId: string,
  terms: GrantTerms,
  offers: readonly MarketOffer[],
): SubsidyTerm[] {
  const subsidies: SubsidyTerm[] = [];
  for (const origin of ['domestic', 'imported'] as const) {
    const rates = offers
      .filter((offer) => offer.origin === origin)
      .map((offer) => ({ offer, rateBps: pairRateBps(request, offer, terms) }));
    const distinct = new Set(rates.map((item) => item.rateBps));
    const [only] = distinct;
    if (distinct.size === 1 && only !== undefined) {
      if (only > 0) {
        subsidies.push({
          requestId: request.id,
          offerId: null,
          origin,
          rateBps: only,
          programId: grantId,
        });
      }
      continue;
    }
    for (const { offer, rateBps } of rates) {
      if (rateBps > 0) {
        subsidies.push({
          requestId: request.id,
          offerId: offer.id,
          origin: null,
          rateBps,
          programId: grantId,
        });
      }
    }
  }
  return subsidies;
}

function pairRateBps(request: MarketRequest, offer: MarketOffer, terms: GrantTerms): number {
  const policy = terms.get(offerGroupKey(offer));
  if (policy === undefined || offer.priceFenPerCardHour <= 0n) return 0;
  return cappedRateBps({
    priceFen: offer.priceFenPerCardHour,
    rateBps: policy.rateBps,
    perOrderCapFen: policy.perOrderCapFen,
    cardHoursMax: cardHoursMax(request, offer),
  });
}
