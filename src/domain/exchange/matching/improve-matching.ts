import type { Holding, MatchingState } from './matching-state.ts';
import type { PreparedMarket } from './prepare-market.ts';

/**
 * Local search after the construction. Two moves, each kept only when it lowers the objective
 * (and undone exactly otherwise):
 *
 * - reinsert: take a served request out and serve it again the cheapest way (capacity freed by
 *   earlier moves may now be free);
 * - eject: for a request that is unserved or off a cheaper offer, take out one request holding
 *   cards of that offer in an overlapping hour, serve the first one, then serve the ejected one
 *   again wherever it fits (or leave it unserved if that is still cheaper overall).
 *
 * Passes repeat until one changes nothing or `passesMax` is reached; every loop is bounded.
 */
export interface ImproveLimits {
  readonly passesMax: number;
  /** Cheapest pairs of a request tried as targets of an ejection. */
  readonly targetsMax: number;
  /** Holders of a target offer tried for ejection. */
  readonly blockersMax: number;
}

export const DEFAULT_IMPROVE_LIMITS: ImproveLimits = { passesMax: 4, targetsMax: 4, blockersMax: 8 };

export function improveMatching(state: MatchingState, limits: ImproveLimits = DEFAULT_IMPROVE_LIMITS): void {
  const users = pairsByOffer(state.market);
  for (let pass = 0; pass < limits.passesMax; pass += 1) {
    let improved = false;
    COUNTS.passes += 1;
    for (let request = 0; request < state.market.requests.length; request += 1) {
      if (!hasCheaperPair(state, request)) continue;
      if (state.served[request] === 1 && reinsert(state, request)) improved = true;
      else if (state.served[request] === 0 && state.insertCheapest(request)) improved = true;
      else if (eject(state, users, request, limits)) improved = true;
    }
    if (!improved) return;
  }
}

/** Offer → the pairs that use it (CSR), to find who holds an offer's cards. */
interface OfferUsers {
  readonly start: Int32Array;
  readonly pairs: Int32Array;
  readonly requestOfPair: Int32Array;
}

function pairsByOffer(market: PreparedMarket): OfferUsers {
  const offerCount = market.offers.length;
  const start = new Int32Array(offerCount + 1);
  for (const offer of market.pairOffer) start[offer + 1] = (start[offer + 1] ?? 0) + 1;
  for (let offer = 0; offer < offerCount; offer += 1) start[offer + 1] = (start[offer + 1] ?? 0) + (start[offer] ?? 0);
  const next = start.slice(0, offerCount);
  const pairs = new Int32Array(market.pairOffer.length);
  const requestOfPair = new Int32Array(market.pairOffer.length);
  for (let request = 0; request < market.requests.length; request += 1) {
    for (let pair = market.pairStart[request] ?? 0; pair < (market.pairStart[request + 1] ?? 0); pair += 1) {
      requestOfPair[pair] = request;
      const offer = market.pairOffer[pair] ?? 0;
      pairs[next[offer] ?? 0] = pair;
      next[offer] = (next[offer] ?? 0) + 1;
    }
  }
  return { start, pairs, requestOfPair };
}

/** Unserved with some usable pair, or served while a cheaper pair of its own is not full. */
function hasCheaperPair(state: MatchingState, request: number): boolean {
  const { market } = state;
  const first = market.pairStart[request] ?? 0;
  const last = market.pairStart[request + 1] ?? 0;
  if (state.served[request] === 0) return last > first;
  let lastUsed = first;
  for (let pair = first; pair < last; pair += 1) if ((state.pairCards[pair] ?? 0) > 0) lastUsed = pair;
  for (let pair = first; pair < lastUsed; pair += 1) {
    if ((state.pairCards[pair] ?? 0) < (market.pairMaxCards[pair] ?? 0)) return true;
  }
  return false;
}

function reinsert(state: MatchingState, request: number): boolean {
  const before = state.objectiveFen;
  const held = state.remove(request);
  if (state.insertCheapest(request) && state.objectiveFen < before) return true;
  state.remove(request);
  state.restore(request, held);
  return false;
}

/** The requests (other than `request`) holding cards of the pair's offer in its window. */
function blockersOf(state: MatchingState, users: OfferUsers, request: number, pair: number, max: number): number[] {
  const { market } = state;
  const offer = market.pairOffer[pair] ?? 0;
  const start = market.requestStartSlot[request] ?? 0;
  const end = market.requestEndSlot[request] ?? 0;
  const found: number[] = [];
  for (let at = users.start[offer] ?? 0; at < (users.start[offer + 1] ?? 0) && found.length < max; at += 1) {
    const other = users.pairs[at] ?? 0;
    const holder = users.requestOfPair[other] ?? 0;
    if (holder === request || (state.pairCards[other] ?? 0) === 0) continue;
    if ((market.requestStartSlot[holder] ?? 0) < end && (market.requestEndSlot[holder] ?? 0) > start) found.push(holder);
  }
  return found;
}

function eject(state: MatchingState, users: OfferUsers, request: number, limits: ImproveLimits): boolean {
  const { market } = state;
  const first = market.pairStart[request] ?? 0;
  const last = Math.min(market.pairStart[request + 1] ?? 0, first + limits.targetsMax);
  for (let pair = first; pair < last; pair += 1) {
    if ((state.pairCards[pair] ?? 0) >= (market.pairMaxCards[pair] ?? 0)) continue;
    const gain = gainBound(state, request, pair);
    for (const blocker of blockersOf(state, users, request, pair, limits.blockersMax)) {
      if (lossBound(state, blocker, market.pairOffer[pair] ?? 0) >= gain) continue;
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
  for (let other = market.pairStart[request] ?? 0; other < (market.pairStart[request + 1] ?? 0); other += 1) {
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
function lossBound(state: MatchingState, blocker: number, offer: number): number {
  const { market } = state;
  let held = -1;
  let alternative = -1;
  for (let pair = market.pairStart[blocker] ?? 0; pair < (market.pairStart[blocker + 1] ?? 0); pair += 1) {
    if ((market.pairOffer[pair] ?? 0) === offer) held = pair;
    else if (alternative < 0) alternative = pair;
  }
  if (held < 0) return 0;
  const units = (state.pairCards[held] ?? 0) * (market.pairUnits[held] ?? 0);
  const heldRate = (market.pairCostFen[held] ?? 0) / (market.pairUnits[held] ?? 1);
  if (alternative < 0) return (market.requestPenaltyFen[blocker] ?? 0) - (state.pairCards[held] ?? 0) * (market.pairCostFen[held] ?? 0);
  const alternativeRate = (market.pairCostFen[alternative] ?? 0) / (market.pairUnits[alternative] ?? 1);
  return units * (alternativeRate - heldRate);
}

/** Serves `request` first and `blocker` after; keeps it only if the objective fell. */
export const COUNTS = { attempts: 0, successes: 0, servedAttempts: 0, servedSuccesses: 0, passes: 0 };
function tryEjection(state: MatchingState, request: number, blocker: number): boolean {
  COUNTS.attempts += 1;
  if (state.served[request] === 1) COUNTS.servedAttempts += 1;
  const wasServed = state.served[request] === 1;
  const before = state.objectiveFen;
  const blockerHeld: Holding = state.remove(blocker);
  const requestHeld: Holding = state.remove(request);
  const requestServed = state.insertCheapest(request);
  state.insertCheapest(blocker);
  if (requestServed && state.objectiveFen < before) { COUNTS.successes += 1; if (wasServed) COUNTS.servedSuccesses += 1; return true; }
  state.remove(request);
  state.remove(blocker);
  state.restore(blocker, blockerHeld);
  state.restore(request, requestHeld);
  return false;
}
