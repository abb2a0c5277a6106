import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateMarket } from '../../../../test/support/matching/generate-market.ts';
import { CardHoldings } from './card-holdings.ts';
import { prepareMarket, type PreparedMarket } from './prepare-market.ts';
import { exactSplitFill } from './split-fill-exact.ts';

/**
 * The exact fill of a split request (split-fill-exact.ts) against enumeration of every card
 * count on every pair: on one-request markets of up to five offers with budgets from none to
 * ample, its fill meets the demand within capacity and budget, and nothing costs less.
 */
function cheapestByEnumeration(market: PreparedMarket): number {
  const first = market.pairStart[0] ?? 0;
  const pairs = Array.from({ length: (market.pairStart[1] ?? 0) - first }, (_, at) => first + at);
  const demand = market.requestDemand[0] ?? 0;
  const start = market.requestStartSlot[0] ?? 0;
  const end = market.requestEndSlot[0] ?? 0;
  const limits = pairs.map((pair) => {
    const offer = market.pairOffer[pair] ?? 0;
    const free = Array.from(
      { length: end - start },
      (_, at) => market.initialFree[offer * market.slotCount + start + at] ?? 0,
    );
    return Math.min(...free, market.pairMaxCards[pair] ?? 0);
  });
  let best = Infinity;
  const visit = (index: number, cards: number[]): void => {
    if (index === pairs.length) {
      const units = cards.reduce(
        (sum, n, at) => sum + n * (market.pairUnits[pairs[at] ?? 0] ?? 0),
        0,
      );
      const spent = new Map<number, number>();
      cards.forEach((n, at) => {
        const program = market.pairProgram[pairs[at] ?? 0] ?? -1;
        if (program >= 0)
          spent.set(
            program,
            (spent.get(program) ?? 0) + n * (market.pairSubsidyFen[pairs[at] ?? 0] ?? 0),
          );
      });
      const withinBudgets = [...spent].every(
        ([program, fen]) => fen <= (market.initialBudgetFen[program] ?? 0),
      );
      if (units >= demand && withinBudgets)
        best = Math.min(
          best,
          cards.reduce((sum, n, at) => sum + n * (market.pairCostFen[pairs[at] ?? 0] ?? 0), 0),
        );
      return;
    }
    for (let n = 0; n <= (limits[index] ?? 0); n += 1) visit(index + 1, [...cards, n]);
  };
  visit(0, []);
  return best;
}

describe('exactSplitFill', () => {
  it('finds the cheapest fill within capacity and budgets, as enumeration does', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.integer({ min: 0, max: 12_000 }),
        (seed, budgetShareBps) => {
          const generated = generateMarket({
            seed,
            requestCount: 1,
            offerCount: 5,
            slotCount: 4,
            nodesPerOfferMax: 1,
            cardsPerRequestMax: 8,
            budgetShareBps,
            energyWeightFenPerKwh: 50,
            demand: 'broad',
          });
          const input = {
            ...generated,
            requests: generated.requests.map((request) => ({
              ...request,
              splittableAcrossOffers: true,
            })),
          };
          const market = prepareMarket(input);
          const state = new CardHoldings(market);
          const fill = exactSplitFill(state, 0, 1_000_000);
          const cheapest = cheapestByEnumeration(market);
          if (fill === null) {
            expect(cheapest).toBe(Infinity);
            return;
          }
          let units = 0;
          for (let at = 0; at < fill.length; at += 2) {
            state.hold(0, fill[at] ?? 0, fill[at + 1] ?? 0); // asserts capacity and budgets
            units += (fill[at + 1] ?? 0) * (market.pairUnits[fill[at] ?? 0] ?? 0);
          }
          expect(units).toBeGreaterThanOrEqual(market.requestDemand[0] ?? 0);
          expect(state.objectiveFen - (market.requestPenaltyFen[0] ?? 0)).toBe(cheapest);
        },
      ),
      { numRuns: 200 },
    );
  });
});
