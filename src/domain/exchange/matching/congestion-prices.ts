import { RelaxedRequests, windowPrefixSums } from './relaxed-requests.ts';
import type { PreparedMarket } from './prepare-market.ts';

/**
 * Lagrangian congestion prices (docs/exchange-matching.md, "The algorithm"): the capacity rows
 * (per offer and slot) and the budget rows (per program) are relaxed with multipliers λ_oh ≥ 0
 * (fen per card held in slot h of offer o) and μ_p ≥ 0 (fen per fen of program p's subsidy).
 * The relaxed problem falls apart by request: each takes its cheapest serving at the reduced
 * cost `cost + Σ_{h ∈ window} λ_oh + μ_p · subsidy` per card, or stays unserved at its penalty.
 * A subgradient method (Polyak step towards the best primal objective known) moves the prices
 * towards what the competition for each offer-hour and budget is worth; the construction then
 * serves requests at those prices (price-guided.ts), which is what lets requests step aside for
 * others — the chains a single-request move cannot find.
 *
 * The iterations are counted, never timed, so the prices are deterministic. Every iteration is
 * one pass over the pairs (a prefix sum of λ per offer gives a window's sum in O(1)).
 */
export interface CongestionPrices {
  /** λ per offer × slot (offer-major, `slotCount` per offer). */
  readonly slotPrice: Float64Array;
  /** μ per program. */
  readonly budgetPrice: Float64Array;
  /**
   * The largest Lagrangian dual value seen: a lower bound on every matching's objective (each
   * request's subproblem is bounded below by its fractional greedy fill), for the bench to
   * compare with HiGHS's LP bound.
   */
  readonly dualBoundFen: number;
}

/**
 * Weight of the previous direction in the next (a deflected subgradient): it damps the zig-zag
 * of prices between offers that trade the same requests back and forth. 0.7 reached a better
 * bound in 60 iterations than 0, 0.3 or 0.5 on the bench market.
 */
const DEFLECTION = 0.7;

export interface PriceSchedule {
  readonly iterations: number;
  /** Polyak step factor at the start; halved after `patience` iterations without a better bound. */
  readonly stepFactor: number;
  readonly patience: number;
}

/**
 * 100 iterations: on the bench market 60 left the matcher 0.54–0.57 % above the LP bound,
 * 80–120 0.48–0.50 % (the primal is sensitive to small changes of the prices), 150 no better.
 */
export const DEFAULT_PRICE_SCHEDULE: PriceSchedule = {
  iterations: 100,
  stepFactor: 1,
  patience: 2,
};

/** Per card, over the pair's window, at the given prices: cost + Σ λ + μ · subsidy. */
export function reducedCosts(
  market: PreparedMarket,
  slotPrice: Float64Array,
  budgetPrice: Float64Array,
  into: Float64Array = new Float64Array(market.pairOffer.length),
): Float64Array {
  const slots = market.slotCount;
  const prefix = windowPrefixSums(market, slotPrice);
  for (let request = 0; request < market.requests.length; request += 1) {
    const start = market.requestStartSlot[request] ?? 0;
    const end = market.requestEndSlot[request] ?? 0;
    for (
      let pair = market.pairStart[request] ?? 0;
      pair < (market.pairStart[request + 1] ?? 0);
      pair += 1
    ) {
      const base = (market.pairOffer[pair] ?? 0) * (slots + 1);
      const program = market.pairProgram[pair] ?? -1;
      into[pair] =
        (market.pairCostFen[pair] ?? 0) +
        (prefix[base + end] ?? 0) -
        (prefix[base + start] ?? 0) +
        (program >= 0 ? (budgetPrice[program] ?? 0) * (market.pairSubsidyFen[pair] ?? 0) : 0);
    }
  }
  return into;
}

/** The subgradient method; `upperBoundFen` is a feasible matching's objective (the Polyak target). */
export function congestionPrices(
  market: PreparedMarket,
  upperBoundFen: number,
  schedule: PriceSchedule = DEFAULT_PRICE_SCHEDULE,
): CongestionPrices {
  const slots = market.slotCount;
  const slotPrice = new Float64Array(market.offers.length * slots);
  const budgetPrice = new Float64Array(market.programIds.length);
  const relaxed = new RelaxedRequests(market);
  // A budget row counts fen, a capacity row cards: each budget row is divided by its program's
  // mean subsidy per card so that one Polyak step suits both (μ is then per "card of subsidy").
  const budgetScale = meanSubsidyPerCard(market);
  const scaledBudgetPrice = new Float64Array(market.programIds.length);
  const slotDirection = new Float64Array(slotPrice.length);
  const budgetDirection = new Float64Array(budgetPrice.length);
  // The best prices so far, copied into buffers of their own (no allocation per iteration).
  const best = {
    slotPrice: new Float64Array(slotPrice.length),
    budgetPrice: new Float64Array(budgetPrice.length),
    bound: -Infinity,
  };
  let stepFactor = schedule.stepFactor;
  let sinceBetter = 0;
  for (let iteration = 0; iteration < schedule.iterations; iteration += 1) {
    const bound = relaxed.solve(slotPrice, budgetPrice);
    if (bound > best.bound) {
      best.slotPrice.set(slotPrice);
      best.budgetPrice.set(budgetPrice);
      best.bound = bound;
      sinceBetter = 0;
    } else if (++sinceBetter >= schedule.patience) {
      stepFactor /= 2;
      sinceBetter = 0;
    }
    // Subgradient: use minus what is there, deflected by the previous direction (damps the
    // zig-zag between offers that trade the same requests back and forth); a price at 0 whose
    // direction points down stays at 0 (projection).
    const slotGradient = relaxed.slotExcess(market.initialFree);
    const budgetGradient = relaxed.budgetExcess(market.initialBudgetFen);
    let norm = 0;
    for (let cell = 0; cell < slotDirection.length; cell += 1) {
      let direction = (slotGradient[cell] ?? 0) + DEFLECTION * (slotDirection[cell] ?? 0);
      if (direction < 0 && (slotPrice[cell] ?? 0) <= 0) direction = 0;
      slotDirection[cell] = direction;
      norm += direction * direction;
    }
    for (let program = 0; program < budgetDirection.length; program += 1) {
      let direction =
        (budgetGradient[program] ?? 0) / (budgetScale[program] ?? 1) +
        DEFLECTION * (budgetDirection[program] ?? 0);
      if (direction < 0 && (budgetPrice[program] ?? 0) <= 0) direction = 0;
      budgetDirection[program] = direction;
      norm += direction * direction;
    }
    if (norm === 0) break; // the relaxed solution is feasible: these prices are optimal
    const step = (stepFactor * Math.max(0, upperBoundFen - bound)) / norm;
    for (let cell = 0; cell < slotPrice.length; cell += 1)
      slotPrice[cell] = Math.max(0, (slotPrice[cell] ?? 0) + step * (slotDirection[cell] ?? 0));
    for (let program = 0; program < budgetPrice.length; program += 1) {
      const scaled = Math.max(
        0,
        (scaledBudgetPrice[program] ?? 0) + step * (budgetDirection[program] ?? 0),
      );
      scaledBudgetPrice[program] = scaled;
      budgetPrice[program] = scaled / (budgetScale[program] ?? 1);
    }
  }
  return { slotPrice: best.slotPrice, budgetPrice: best.budgetPrice, dualBoundFen: best.bound };
}

/** Per program: the mean subsidy per card of the pairs charging it (1 when none does). */
function meanSubsidyPerCard(market: PreparedMarket): Float64Array {
  const total = new Float64Array(market.programIds.length);
  const count = new Float64Array(market.programIds.length);
  for (let pair = 0; pair < market.pairOffer.length; pair += 1) {
    const program = market.pairProgram[pair] ?? -1;
    if (program < 0) continue;
    total[program] = (total[program] ?? 0) + (market.pairSubsidyFen[pair] ?? 0);
    count[program] = (count[program] ?? 0) + 1;
  }
  return Float64Array.from(total, (sum, program) =>
    (count[program] ?? 0) > 0 && sum > 0 ? sum / (count[program] ?? 1) : 1,
  );
}
