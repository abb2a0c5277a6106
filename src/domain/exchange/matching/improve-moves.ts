import { exchangeCards } from './improve-exchange.ts';
import type { Holding, MatchingState } from './matching-state.ts';
import { blockersOf, tradesCards, type OfferUsers, type WorkBudget } from './offer-holders.ts';

/**
 * The local search's moves (see improve-matching.ts). Each returns true when it lowered the
 * objective and otherwise leaves the state exactly as it found it. Every attempt spends one
 * unit of the shared work budget, so the search is bounded and deterministic.
 */

/** How many of a request's cheapest pairs and of an offer's holders a move looks at. */
export interface MoveLimits {
  readonly targetsMax: number;
  readonly blockersMax: number;
}

/** Unserved with some usable pair, or served while a cheaper pair of its own is not full. */
export function hasCheaperPair(state: MatchingState, request: number): boolean {
  const { market } = state;
  const first = market.pairStart[request] ?? 0;
  const last = market.pairStart[request + 1] ?? 0;
  if (state.served[request] === 0) return last > first;
  const lastUsed = Math.max(first, state.lastHeldPair(request));
  for (let pair = first; pair < lastUsed; pair += 1) {
    if ((state.pairCards[pair] ?? 0) < (market.pairMaxCards[pair] ?? 0)) return true;
  }
  return false;
}

export function reinsert(state: MatchingState, request: number, budget: WorkBudget): boolean {
  budget.attemptsLeft -= 1;
  const before = state.objectiveFen;
  const held = state.remove(request);
  if (state.insertCheapest(request) && state.objectiveFen < before) return true;
  state.remove(request);
  state.restore(request, held);
  return false;
}

export function eject(
  state: MatchingState,
  users: OfferUsers,
  request: number,
  limits: MoveLimits,
  budget: WorkBudget,
): boolean {
  const { market } = state;
  const first = market.pairStart[request] ?? 0;
  const last = Math.min(market.pairStart[request + 1] ?? 0, first + limits.targetsMax);
  for (let pair = first; pair < last; pair += 1) {
    if ((state.pairCards[pair] ?? 0) >= (market.pairMaxCards[pair] ?? 0)) continue;
    const gain = gainBound(state, request, pair);
    const heldPairs: number[] = [];
    const blockers = blockersOf(state, users, request, pair, limits.blockersMax, heldPairs);
    for (let index = 0; index < blockers.length; index += 1) {
      const blocker = blockers[index] ?? 0;
      if (lossBound(state, blocker, heldPairs[index] ?? 0) >= gain) continue;
      if (budget.attemptsLeft <= 0) return false;
      budget.attemptsLeft -= 1;
      if (tryEjection(state, request, blocker)) return true;
    }
  }
  return false;
}

/**
 * At most what moving the request onto the pair could save: its present cost (or its penalty
 * when unserved) minus the cost of all its demand at the pair's rate per unit.
 */
function gainBound(state: MatchingState, request: number, pair: number): number {
  const { market } = state;
  const demand = market.requestDemand[request] ?? 0;
  const target = ((market.pairCostFen[pair] ?? 0) * demand) / (market.pairUnits[pair] ?? 1);
  if (state.served[request] === 0) return (market.requestPenaltyFen[request] ?? 0) - target;
  let present = 0;
  // Every pair it holds lies in heldFrom … heldTo − 1; the others add 0 × cost = 0, exactly.
  for (let other = state.heldFrom[request] ?? 0; other < (state.heldTo[request] ?? 0); other += 1) {
    present += (state.pairCards[other] ?? 0) * (market.pairCostFen[other] ?? 0);
  }
  return present - target;
}

/**
 * At least what the blocker loses by leaving the offer: the cards it holds there, valued at the
 * difference per unit between its cheapest pair on another offer (capacity ignored, so this
 * under-estimates) and its pair on this offer; its penalty-free alternative may be cheaper
 * (then the bound is negative and the ejection is tried).
 */
function lossBound(state: MatchingState, blocker: number, held: number): number {
  const { market } = state;
  // The blocker's cheapest pair on another offer: its first pair, or its second when the first
  // is the one held (a request has one pair per offer).
  const first = market.pairStart[blocker] ?? 0;
  const alternative =
    first !== held ? first : first + 1 < (market.pairStart[blocker + 1] ?? 0) ? first + 1 : -1;
  const units = (state.pairCards[held] ?? 0) * (market.pairUnits[held] ?? 0);
  const heldRate = (market.pairCostFen[held] ?? 0) / (market.pairUnits[held] ?? 1);
  if (alternative < 0)
    return (
      (market.requestPenaltyFen[blocker] ?? 0) -
      (state.pairCards[held] ?? 0) * (market.pairCostFen[held] ?? 0)
    );
  const alternativeRate =
    (market.pairCostFen[alternative] ?? 0) / (market.pairUnits[alternative] ?? 1);
  return units * (alternativeRate - heldRate);
}

export function exchange(
  state: MatchingState,
  users: OfferUsers,
  request: number,
  limits: MoveLimits,
  budget: WorkBudget,
): boolean {
  if (!tradesCards(state, request)) return false;
  const { market } = state;
  const first = market.pairStart[request] ?? 0;
  const dearer = state.lastHeldPair(request);
  for (let cheaper = first; cheaper < Math.min(dearer, first + limits.targetsMax); cheaper += 1) {
    const offer = market.pairOffer[cheaper] ?? 0;
    for (const holder of blockersOf(state, users, request, cheaper, limits.blockersMax)) {
      if (!tradesCards(state, holder)) continue;
      const holderFirst = market.pairStart[holder] ?? 0;
      const holderLast = Math.min(
        market.pairStart[holder + 1] ?? 0,
        holderFirst + limits.targetsMax + 1,
      );
      let onX = -1;
      for (let pair = holderFirst; pair < (market.pairStart[holder + 1] ?? 0); pair += 1)
        if ((market.pairOffer[pair] ?? 0) === offer) onX = pair;
      for (let elsewhere = holderFirst; elsewhere < holderLast && onX >= 0; elsewhere += 1) {
        if (elsewhere === onX) continue;
        if (budget.attemptsLeft <= 0) return false;
        budget.attemptsLeft -= 1;
        if (
          exchangeCards(
            state,
            users,
            { request, cheaper, dearer },
            { request: holder, onX, elsewhere },
            budget,
          )
        )
          return true;
      }
    }
  }
  return false;
}

/**
 * For an unserved request a program's budget stops (thorough states, i.e. small markets): take
 * out one request holding subsidy of the same program — any offer, any hour — serve this one,
 * then the other again if it still fits. Two requests that never share an offer-hour compete
 * for a budget, which `eject` does not see.
 */
export function ejectForBudget(
  state: MatchingState,
  request: number,
  limits: MoveLimits,
  budget: WorkBudget,
): boolean {
  const { market } = state;
  if (!state.thorough || state.served[request] === 1) return false;
  const programs = new Set<number>();
  const first = market.pairStart[request] ?? 0;
  const last = Math.min(market.pairStart[request + 1] ?? 0, first + limits.targetsMax);
  for (let pair = first; pair < last; pair += 1) {
    const program = market.pairProgram[pair] ?? -1;
    if (program >= 0) programs.add(program);
  }
  if (programs.size === 0) return false;
  for (let holder = 0; holder < market.requests.length; holder += 1) {
    if (holder === request || state.served[holder] === 0) continue;
    let charges = false;
    for (
      let pair = market.pairStart[holder] ?? 0;
      pair < (market.pairStart[holder + 1] ?? 0) && !charges;
      pair += 1
    )
      charges = (state.pairCards[pair] ?? 0) > 0 && programs.has(market.pairProgram[pair] ?? -1);
    if (!charges) continue;
    if (budget.attemptsLeft <= 0) return false;
    budget.attemptsLeft -= 1;
    if (tryEjection(state, request, holder)) return true;
  }
  return false;
}

/** Serves `request` first and `blocker` after; keeps it only if the objective fell. */
function tryEjection(state: MatchingState, request: number, blocker: number): boolean {
  const before = state.objectiveFen;
  const blockerHeld: Holding = state.remove(blocker);
  const requestHeld: Holding = state.remove(request);
  const requestServed = state.insertCheapest(request);
  state.insertCheapest(blocker);
  if (requestServed && state.objectiveFen < before) return true;
  state.remove(request);
  state.remove(blocker);
  state.restore(blocker, blockerHeld);
  state.restore(request, requestHeld);
  return false;
}
