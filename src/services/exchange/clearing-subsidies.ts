import type { Sql } from '../../db/client.ts';
import type {
  AcceleratorOrigin,
  ProgramBudget,
  SubsidyTerm,
} from '../../domain/exchange/matching/index.ts';
import { shanghaiDayOf } from '../../domain/shared/calendar.ts';
import { isDomainError } from '../../domain/shared/errors.ts';
import { minFen } from '../../domain/shared/money.ts';
import type { Actor } from '../authz/actor.ts';
import { calculateSubsidy } from '../programs/index.ts';
import { getCalculatorContext, getGrant, grantBalance, type Grant } from '../vouchers/index.ts';
import type { ComputeRequest } from './create-request.ts';

/** The facts of an offer the policy engine's rate depends on. */
export interface SubsidisedOffer {
  id: string;
  providerId: string;
  origin: AcceleratorOrigin;
  regionCode: string;
}

/**
 * The amount the rate is probed with (¥10 000): a compute rate does not depend on the amount,
 * and the caps that do are applied to each order when it is made (`decideOrderSubsidy`).
 */
const PROBE_AMOUNT_FEN = 1_000_000n;

/**
 * The matcher's subsidy input for one clearing run, decided by the policy engine: for each
 * request naming a grant, the rate its grant's program gives a `compute` purchase of each chip
 * origin (one term per origin, or per offer where the provider's region changes the rate), and
 * one budget per grant — what the grant has left in the ledger, lowered to what the program's
 * annual budget has left — so the matcher never commits more subsidy than is there. The budget
 * (`grantLeftFen`) is keyed by grant id: the matcher's `programId` is the grant here. A grant that gives nothing
 * (expired, refused by the program, program not in force) gets no term; its request may still
 * be matched, and the order's own decision (as for a buy-now) then refuses it.
 */
export async function clearingSubsidies(options: {
  sql: Sql;
  actor: Actor;
  requests: readonly ComputeRequest[];
  offers: readonly SubsidisedOffer[];
  now: Date;
}): Promise<{ subsidies: SubsidyTerm[]; programs: ProgramBudget[] }> {
  const { sql, actor, now } = options;
  const today = shanghaiDayOf(now);
  const groups = offerGroups(options.offers);
  const subsidies: SubsidyTerm[] = [];
  const budgets = new Map<string, bigint>();
  // The rate depends on the grant's program, the enterprise and the offer, not on the request:
  // decided once per grant (a run may hold thousands of requests of few grants).
  const ratesByGrant = new Map<string, Map<SubsidisedOffer, number>>();
  for (const request of options.requests) {
    if (request.grantId === null) continue;
    const grant = await usableGrant(sql, actor, request);
    if (grant === null) continue;
    let rates = ratesByGrant.get(grant.id);
    if (rates === undefined) {
      let remainingFen = await grantLeftFen(sql, grant);
      const context = await getCalculatorContext({
        sql,
        enterpriseId: request.enterpriseId,
        contractId: `SLX-clearing-${request.id}`,
        date: today,
      });
      rates = new Map<SubsidisedOffer, number>();
      for (const group of groups) {
        const evaluation = await evaluateRate(sql, grant.programId, context, request, group, today);
        if (evaluation === null) continue;
        rates.set(group, evaluation.rateBps);
        if (evaluation.leftFen !== null) remainingFen = minFen(remainingFen, evaluation.leftFen);
      }
      ratesByGrant.set(grant.id, rates);
      budgets.set(grant.id, remainingFen < 0n ? 0n : remainingFen);
    }
    subsidies.push(...termsOf(request.id, grant.id, groups, rates, options.offers));
  }
  const programs = [...budgets].map(([programId, remaining]) => ({
    programId,
    remainingFen: remaining,
  }));
  return { subsidies, programs };
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

/** One representative offer per (origin, region): the rate's inputs. */
function offerGroups(offers: readonly SubsidisedOffer[]): SubsidisedOffer[] {
  const groups = new Map<string, SubsidisedOffer>();
  for (const offer of offers) {
    const key = `${offer.origin}/${offer.regionCode}`;
    if (!groups.has(key)) groups.set(key, offer);
  }
  return [...groups.values()];
}

async function evaluateRate(
  sql: Sql,
  programId: string,
  context: Awaited<ReturnType<typeof getCalculatorContext>>,
  request: ComputeRequest,
  offer: SubsidisedOffer,
  today: string,
): Promise<{ rateBps: number; leftFen: bigint | null } | null> {
  try {
    const evaluation = await calculateSubsidy({
      source: { sql },
      programId,
      enterprise: context.profile,
      purchase: {
        kind: 'compute',
        amountFen: PROBE_AMOUNT_FEN,
        chipOrigin: offer.origin,
        providerRegionCode: offer.regionCode,
        contractId: `SLX-clearing-${request.id}`,
        contractAmountFen: PROBE_AMOUNT_FEN,
        contractSignedOn: today,
        providerId: offer.providerId,
        date: today,
      },
      ...(context.yearToDate[programId] === undefined
        ? {}
        : { yearToDate: context.yearToDate[programId] }),
      date: today,
    });
    if (!evaluation.eligible || evaluation.rateBps <= 0) return null;
    return { rateBps: evaluation.rateBps, leftFen: evaluation.budget?.leftFen ?? null };
  } catch (error) {
    if (isDomainError(error)) return null;
    throw error;
  }
}

/** An origin term where every region of the origin gets one rate; offer terms where they differ. */
function termsOf(
  requestId: string,
  grantId: string,
  groups: readonly SubsidisedOffer[],
  rates: ReadonlyMap<SubsidisedOffer, number>,
  offers: readonly SubsidisedOffer[],
): SubsidyTerm[] {
  const terms: SubsidyTerm[] = [];
  for (const origin of ['domestic', 'imported'] as const) {
    const ofOrigin = groups.filter((group) => group.origin === origin);
    const distinct = new Set(ofOrigin.map((group) => rates.get(group) ?? 0));
    const [only] = distinct;
    if (distinct.size === 1 && only !== undefined) {
      if (only > 0)
        terms.push({ requestId, offerId: null, origin, rateBps: only, programId: grantId });
      continue;
    }
    for (const offer of offers.filter((item) => item.origin === origin)) {
      const group = ofOrigin.find((item) => item.regionCode === offer.regionCode);
      const rateBps = group === undefined ? 0 : (rates.get(group) ?? 0);
      if (rateBps > 0)
        terms.push({ requestId, offerId: offer.id, origin: null, rateBps, programId: grantId });
    }
  }
  return terms;
}
