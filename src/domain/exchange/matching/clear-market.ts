import { buildResult } from './build-result.ts';
import { insertInOrder, regretOrder, seededRandom } from './construct.ts';
import { DEFAULT_IMPROVE_LIMITS, improveMatching } from './improve-matching.ts';
import { pairsByOffer } from './offer-holders.ts';
import { ruinAndRecreate } from './improve-ruin.ts';
import { MatchingState } from './matching-state.ts';
import { congestionPrices, reducedCosts } from './congestion-prices.ts';
import { priceGuidedConstruction } from './price-guided.ts';
import { prepareMarket } from './prepare-market.ts';
import type { MarketInput, MarketResult } from './types.ts';

const SEARCH_SEED = 20_260_101;

/**
 * Work the extra search (restarts, ruin and recreate) may spend, in pair-visits: plenty on a
 * small market, where it finds the last tenths of a percent, none on one of bench size, where
 * the construction and the local search already take most of the time allowed.
 */
const RESTART_WORK_PAIRS = 50_000;
const RESTARTS_MAX = 16;
const RUIN_WORK_PAIRS = 400_000;
const RUIN_ROUNDS_MAX = 2000;
/** Fewer rounds than this are not worth a second local search. */
const RUIN_ROUNDS_MIN = 10;
/**
 * The Polyak target as a share of the plain construction's objective: the construction is
 * 2–3 % above the optimum on a market of bench size, and a target nearer the optimum takes
 * shorter, better steps (on the bench market 0.985–0.99 gave a matching 0.03–0.06 % cheaper
 * than 1). Where the construction is already within 1.5 % of the bound (small markets) a
 * target below the bound makes the steps 0: the prices stay where they are, which is harmless.
 */
export const POLYAK_TARGET_SHARE = 0.985;
/** Markets up to this many pairs get the thorough fills of split requests (MatchingState). */
const THOROUGH_PAIRS_MAX = 2_000;

export interface ClearingOptions {
  /** Markets with at least this many usable pairs get the price-guided construction. */
  readonly priceGuidedFromPairs: number;
}

/**
 * A small market's restarts and ruins already come within 0.1 % of the optimum (and keep the
 * HiGHS tests' results and time as they were); the congestion prices are for the markets where
 * the search alone cannot reach the global reassignments. Tests set 0 to check the guided path
 * on small markets too.
 */
export const DEFAULT_CLEARING_OPTIONS: ClearingOptions = {
  priceGuidedFromPairs: THOROUGH_PAIRS_MAX + 1,
};

/**
 * Clears the compute exchange once (docs/exchange-matching.md): open requests against offers,
 * every hard constraint respected (capacity in every hour of a request's window, accelerator,
 * origin, region, minimum term, node size, split or not, maximum price after subsidy, program
 * budgets), minimising what enterprises pay after subsidy plus the energy term plus a penalty
 * for each unserved request that exceeds the cost of serving it (so every request that fits is
 * served). Pure and deterministic: the same input (in any order) gives the same result.
 *
 * @example
 * const result = clearMarket({ slotCount: 24, offers, requests, subsidies, programs, energyWeightFenPerKwh: 0 });
 * result.assignments[0] // { requestId: 'r1', offerId: 'o7', cards: 8, startSlot: 0, endSlot: 24, subsidyFen: 432000n, … }
 */
export function clearMarket(
  input: MarketInput,
  options: ClearingOptions = DEFAULT_CLEARING_OPTIONS,
): MarketResult {
  const market = prepareMarket(input);
  const thorough = market.pairOffer.length <= THOROUGH_PAIRS_MAX;
  const state = new MatchingState(market, thorough);
  insertInOrder(state, regretOrder(market));
  if (market.pairOffer.length >= options.priceGuidedFromPairs) {
    // The prices' Polyak steps aim a little below the plain construction's objective.
    const prices = congestionPrices(market, state.objectiveFen * POLYAK_TARGET_SHARE);
    priceGuidedConstruction(
      market,
      reducedCosts(market, prices.slotPrice, prices.budgetPrice),
      state,
    );
    insertInOrder(state, regretOrder(market));
  }
  improveMatching(state);
  const pairCount = Math.max(1, market.pairOffer.length);
  const random = seededRandom(SEARCH_SEED);
  restart(state, Math.min(RESTARTS_MAX, Math.floor(RESTART_WORK_PAIRS / pairCount)), random);
  const rounds = Math.min(RUIN_ROUNDS_MAX, Math.floor(RUIN_WORK_PAIRS / pairCount));
  if (rounds >= RUIN_ROUNDS_MIN) {
    ruinAndRecreate(
      state,
      pairsByOffer(market),
      random,
      { rounds, clusterMax: 4 },
      { attemptsLeft: rounds * 8 },
    );
    improveMatching(state);
  }
  serveWhatFits(state);
  return buildResult(input, state);
}

/** Constructions from perturbed regret orders, each improved; the best one is kept in `state`. */
function restart(state: MatchingState, restarts: number, random: () => number): void {
  if (restarts <= 0) return;
  const trial = new MatchingState(state.market, state.thorough);
  for (let attempt = 0; attempt < restarts; attempt += 1) {
    trial.reset();
    insertInOrder(trial, regretOrder(state.market, random));
    // A restart's search gets ten attempts per request: enough for a small market.
    improveMatching(trial, {
      ...DEFAULT_IMPROVE_LIMITS,
      attemptsMax: 10 * state.market.requests.length,
    });
    if (trial.objectiveFen < state.objectiveFen) state.copyFrom(trial);
  }
}

/** Whatever still fits is served: its penalty exceeds its cost, so this only lowers the objective. */
function serveWhatFits(state: MatchingState): void {
  const { market } = state;
  for (let request = 0; request < market.requests.length; request += 1) {
    const hasPairs = (market.pairStart[request + 1] ?? 0) > (market.pairStart[request] ?? 0);
    if (state.served[request] === 0 && hasPairs) state.insertCheapest(request);
  }
}
