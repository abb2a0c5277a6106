import type { Holding, MatchingState } from './matching-state.ts';
import { blockersOf, tradesCards, type OfferUsers, type WorkBudget } from './offer-holders.ts';

/** A request that would rather hold cards of offer X (pair `cheaper`) than of its pair `dearer`. */
export interface Taker {
  readonly request: number;
  readonly cheaper: number;
  readonly dearer: number;
}

/** A request holding cards of X (pair `onX`) with another pair (`elsewhere`) that may have room. */
export interface Holder {
  readonly request: number;
  readonly onX: number;
  readonly elsewhere: number;
}

/** What the requests a move touched held before it, so that it can be undone exactly. */
class Journal {
  private readonly held = new Map<number, Holding>();
  readonly objectiveBefore: number;

  constructor(private readonly state: MatchingState) {
    this.objectiveBefore = state.objectiveFen;
  }

  touch(request: number): void {
    if (!this.held.has(request)) this.held.set(request, this.state.holdingOf(request));
  }

  rollBack(): void {
    for (const request of this.held.keys()) this.state.remove(request);
    for (const [request, holding] of this.held) this.state.restore(request, holding);
  }
}

/**
 * The exchange move between split card-hour requests (an ejection chain of length two or
 * three): δ cards of the holder move from X to elsewhere and δ cards of the taker from its
 * dearer pair to X. Both demands stay met (for a card-hour request one card is its window's
 * hours on every offer). When elsewhere is full, a third split request holding it is pushed
 * on to its own next pair first. The greedy cannot build these splits in any order, since it
 * fills the cheapest pair to the brim.
 *
 * Every hold is checked against `available` (capacity, node limit, budget); the move is kept
 * only if the objective fell, and otherwise every request it touched gets back what it held.
 */
export function exchangeCards(
  state: MatchingState,
  users: OfferUsers,
  taker: Taker,
  holder: Holder,
  budget: WorkBudget,
): boolean {
  const { market } = state;
  const cost = (pair: number) => market.pairCostFen[pair] ?? 0;
  if (cost(holder.onX) - cost(holder.elsewhere) + cost(taker.dearer) - cost(taker.cheaper) <= 0)
    return false;
  const cards = Math.min(state.pairCards[holder.onX] ?? 0, state.pairCards[taker.dearer] ?? 0);
  if (cards <= 0) return false;
  const journal = new Journal(state);
  journal.touch(taker.request);
  journal.touch(holder.request);
  state.releaseCards(holder.request, holder.onX, cards);
  state.releaseCards(taker.request, taker.dearer, cards);
  const taken = Math.min(cards, state.available(taker.request, taker.cheaper));
  if (taken > 0) state.hold(taker.request, taker.cheaper, taken);
  if (state.available(holder.request, holder.elsewhere) < taken) {
    pushOff(
      state,
      users,
      journal,
      holder.request,
      holder.elsewhere,
      taken - state.available(holder.request, holder.elsewhere),
      budget,
    );
  }
  const moved = Math.min(taken, state.available(holder.request, holder.elsewhere));
  if (taken > moved) state.releaseCards(taker.request, taker.cheaper, taken - moved);
  if (moved > 0) state.hold(holder.request, holder.elsewhere, moved);
  const rest = cards - moved;
  let restFits = rest === 0;
  if (rest > 0 && state.available(holder.request, holder.onX) >= rest) {
    state.hold(holder.request, holder.onX, rest);
    restFits = state.available(taker.request, taker.dearer) >= rest;
    if (restFits) state.hold(taker.request, taker.dearer, rest);
  }
  if (restFits && moved > 0 && state.objectiveFen < journal.objectiveBefore) return true;
  journal.rollBack();
  return false;
}

/**
 * Frees up to `cards` of the pair's offer in `request`'s hours by moving split card-hour requests that
 * hold it there onto their own cheapest other pair with room (one step, no further chain).
 */
function pushOff(
  state: MatchingState,
  users: OfferUsers,
  journal: Journal,
  request: number,
  pairOnOffer: number,
  cards: number,
  budget: WorkBudget,
): void {
  const { market } = state;
  const offer = market.pairOffer[pairOnOffer] ?? 0;
  let left = cards;
  for (const other of blockersOf(state, users, request, pairOnOffer, 8)) {
    if (left <= 0 || budget.attemptsLeft <= 0 || !tradesCards(state, other)) continue;
    budget.attemptsLeft -= 1;
    let held = -1;
    for (
      let pair = market.pairStart[other] ?? 0;
      pair < (market.pairStart[other + 1] ?? 0);
      pair += 1
    ) {
      if ((market.pairOffer[pair] ?? 0) === offer) held = pair;
    }
    for (
      let pair = market.pairStart[other] ?? 0;
      pair < (market.pairStart[other + 1] ?? 0) && left > 0 && held >= 0;
      pair += 1
    ) {
      const moving = Math.min(
        left,
        state.pairCards[held] ?? 0,
        pair === held ? 0 : state.available(other, pair),
      );
      if (moving <= 0) continue;
      journal.touch(other);
      state.releaseCards(other, held, moving);
      state.hold(other, pair, moving);
      left -= moving;
    }
  }
}
