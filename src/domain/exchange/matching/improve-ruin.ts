import type { Holding, MatchingState } from './matching-state.ts';
import { shiftWithin } from './improve-shift.ts';
import { blockersOf, type OfferUsers, type WorkBudget } from './offer-holders.ts';

/**
 * Ruin and recreate (a large-neighbourhood search): take out a small cluster of requests that
 * compete for the same offers — a request and some holders of its cheapest offers — serve them
 * again in a seeded random order, and keep the result only if the objective fell. It reaches
 * combinations the single moves cannot (three requests each moving a little). Rounds and the
 * cluster size are bounded; the generator is seeded, so the result is deterministic.
 */
export interface RuinLimits {
  readonly rounds: number;
  readonly clusterMax: number;
}

export function ruinAndRecreate(
  state: MatchingState,
  users: OfferUsers,
  random: () => number,
  limits: RuinLimits,
  budget: WorkBudget,
): void {
  const { market } = state;
  const active: number[] = [];
  for (let request = 0; request < market.requests.length; request += 1) {
    if ((market.pairStart[request + 1] ?? 0) > (market.pairStart[request] ?? 0))
      active.push(request);
  }
  if (active.length < 2) return;
  for (let round = 0; round < limits.rounds && budget.attemptsLeft > 0; round += 1) {
    budget.attemptsLeft -= 1;
    const seed = active[Math.floor(random() * active.length)] ?? 0;
    const cluster = clusterAround(state, users, seed, random, limits.clusterMax);
    const before = state.objectiveFen;
    const held = new Map<number, Holding>(
      cluster.map((request) => [request, state.remove(request)]),
    );
    for (let index = cluster.length - 1; index > 0; index -= 1) {
      const other = Math.floor(random() * (index + 1));
      [cluster[index], cluster[other]] = [cluster[other] ?? 0, cluster[index] ?? 0];
    }
    for (const request of cluster) {
      if (state.insertCheapest(request)) shiftWithin(state, request, budget);
    }
    if (state.objectiveFen < before) continue;
    for (const request of cluster) state.remove(request);
    for (const [request, holding] of held) state.restore(request, holding);
  }
}

/** The seed and up to `clusterMax − 1` requests holding cards of its cheapest offers in its hours. */
function clusterAround(
  state: MatchingState,
  users: OfferUsers,
  seed: number,
  random: () => number,
  clusterMax: number,
): number[] {
  const { market } = state;
  const cluster = [seed];
  const first = market.pairStart[seed] ?? 0;
  const last = Math.min(market.pairStart[seed + 1] ?? 0, first + 3);
  const neighbours: number[] = [];
  for (let pair = first; pair < last; pair += 1) {
    for (const holder of blockersOf(state, users, seed, pair, 8))
      if (!neighbours.includes(holder)) neighbours.push(holder);
  }
  while (cluster.length < clusterMax && neighbours.length > 0) {
    const [picked] = neighbours.splice(Math.floor(random() * neighbours.length), 1);
    if (picked !== undefined) cluster.push(picked);
  }
  return cluster;
}
