import type { MatchingState } from './matching-state.ts';
import {
  eject,
  ejectForBudget,
  exchange,
  hasCheaperPair,
  reinsert,
  type MoveLimits,
} from './improve-moves.ts';
import { forcePlacement } from './improve-forced.ts';
import { shiftWithin } from './improve-shift.ts';
import { pairsByOffer, type WorkBudget } from './offer-holders.ts';

/**
 * Local search after the construction. Moves, each kept only when it lowers the objective (and
 * undone exactly otherwise), tried on every request that is unserved or off a cheaper pair of
 * its own — unserved ones first (largest penalty first), then served ones by how much they pay
 * above their cheapest pair:
 *
 * - reinsert: take a served request out and serve it again the cheapest way (capacity freed by
 *   earlier moves may now be free);
 * - shift: move cards of a split request from a dearer pair to a cheaper one of its own;
 * - eject: take out one request holding cards of a cheaper offer in an overlapping hour, serve
 *   this one, then serve the ejected one again wherever it fits (or leave it unserved when that
 *   is still cheaper overall);
 * - exchange: two split card-hour requests trade cards of one offer (improve-exchange.ts);
 * - eject for budget (small markets): take out a request spending the same program's subsidy;
 * - forced placement (small markets): an unsplittable request onto a cheaper pair that is not
 *   its cheapest, making way by taking out a holder (improve-forced.ts).
 *
 * Passes repeat until one changes nothing, `passesMax` is reached or the work budget (one unit
 * per attempted move) runs out: bounded, and deterministic because the budget counts attempts,
 * not time.
 */
export interface ImproveLimits extends MoveLimits {
  readonly passesMax: number;
  readonly attemptsMax: number;
}

export const DEFAULT_IMPROVE_LIMITS: ImproveLimits = {
  passesMax: 6,
  targetsMax: 4,
  blockersMax: 8,
  attemptsMax: 100_000,
};

export function improveMatching(
  state: MatchingState,
  limits: ImproveLimits = DEFAULT_IMPROVE_LIMITS,
): void {
  const users = pairsByOffer(state.market);
  const budget: WorkBudget = { attemptsLeft: limits.attemptsMax };
  for (let pass = 0; pass < limits.passesMax && budget.attemptsLeft > 0; pass += 1) {
    let improved = false;
    for (const request of candidates(state)) {
      if (budget.attemptsLeft <= 0) break;
      if (!hasCheaperPair(state, request)) continue;
      const served = state.served[request] === 1;
      if (
        served
          ? reinsert(state, request, budget) || shiftWithin(state, request, budget)
          : state.insertCheapest(request)
      )
        improved = true;
      else if (eject(state, users, request, limits, budget)) improved = true;
      else if (exchange(state, users, request, limits, budget)) improved = true;
      else if (ejectForBudget(state, request, limits, budget)) improved = true;
      else if (forcePlacement(state, users, request, limits, budget)) improved = true;
    }
    if (!improved) return;
  }
}

/**
 * The requests worth a move, most promising first: unserved (penalty, descending), then served
 * by what they pay above their cheapest pair's rate (descending); ties by request index.
 */
function candidates(state: MatchingState): Int32Array {
  const { market } = state;
  const priority = new Float64Array(market.requests.length);
  const chosen: number[] = [];
  for (let request = 0; request < market.requests.length; request += 1) {
    if (!hasCheaperPair(state, request)) continue;
    chosen.push(request);
    const penalty = market.requestPenaltyFen[request] ?? 0;
    if (state.served[request] === 0) {
      priority[request] = Number.MAX_SAFE_INTEGER / 2 + penalty;
      continue;
    }
    const first = market.pairStart[request] ?? 0;
    let paid = 0;
    // Every pair it holds lies in heldFrom … heldTo − 1; the others add 0 × cost = 0, exactly.
    for (let pair = state.heldFrom[request] ?? 0; pair < (state.heldTo[request] ?? 0); pair += 1)
      paid += (state.pairCards[pair] ?? 0) * (market.pairCostFen[pair] ?? 0);
    const cheapest =
      ((market.pairCostFen[first] ?? 0) * (market.requestDemand[request] ?? 0)) /
      (market.pairUnits[first] ?? 1);
    priority[request] = paid - cheapest;
  }
  chosen.sort((a, b) => (priority[b] ?? 0) - (priority[a] ?? 0) || a - b);
  return Int32Array.from(chosen);
}
