import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkMatching } from '../../../../test/support/matching/check-matching.ts';
import {
  generateMarket,
  type MarketShape,
} from '../../../../test/support/matching/generate-market.ts';
import { clearMarket } from './clear-market.ts';
import type { MarketInput, MarketResult } from './types.ts';

/** Small random markets of every flavour: scarce or ample cards, tight or loose budgets, energy on or off. */
const shapes: fc.Arbitrary<MarketShape> = fc.record({
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  requestCount: fc.integer({ min: 0, max: 40 }),
  offerCount: fc.integer({ min: 0, max: 12 }),
  slotCount: fc.integer({ min: 1, max: 12 }),
  nodesPerOfferMax: fc.integer({ min: 1, max: 4 }),
  cardsPerRequestMax: fc.integer({ min: 1, max: 24 }),
  budgetShareBps: fc.integer({ min: 0, max: 12_000 }),
  energyWeightFenPerKwh: fc.constantFrom(0, 50, 400),
  demand: fc.constantFrom('realistic' as const, 'broad' as const),
});

const markets: fc.Arbitrary<MarketInput> = shapes.map(generateMarket);

describe('clearMarket properties', () => {
  it('every result passes the independent checker (capacity per hour, every constraint, budgets, figures)', () => {
    fc.assert(
      fc.property(markets, (input) => {
        expect(checkMatching(input, clearMarket(input))).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('with congestion prices on every market (large ones only by default), every result passes the checker and no unserved request fits', () => {
    fc.assert(
      fc.property(markets, (input) => {
        const result = clearMarket(input, { priceGuidedFromPairs: 0 });
        expect(checkMatching(input, result)).toEqual([]);
        expect(unservedThatFit(input, result)).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it('a domestic-only request never gets imported accelerators', () => {
    fc.assert(
      fc.property(markets, (input) => {
        const origins = new Map(input.offers.map((offer) => [offer.id, offer.origin]));
        const domesticOnly = new Set(
          input.requests.filter((request) => request.domesticOnly).map((request) => request.id),
        );
        for (const assignment of clearMarket(input).assignments) {
          if (domesticOnly.has(assignment.requestId))
            expect(origins.get(assignment.offerId)).toBe('domestic');
        }
      }),
      { numRuns: 100 },
    );
  });

  it('no offer is used beyond its free cards in any hour', () => {
    fc.assert(
      fc.property(markets, (input) => {
        const used = new Map<string, number[]>();
        for (const assignment of clearMarket(input).assignments) {
          const slots = used.get(assignment.offerId) ?? new Array<number>(input.slotCount).fill(0);
          for (let slot = assignment.startSlot; slot < assignment.endSlot; slot += 1)
            slots[slot] = (slots[slot] ?? 0) + assignment.cards;
          used.set(assignment.offerId, slots);
        }
        for (const offer of input.offers) {
          (used.get(offer.id) ?? []).forEach((cards, slot) =>
            expect(cards).toBeLessThanOrEqual(offer.freeCardsBySlot[slot] ?? 0),
          );
        }
      }),
      { numRuns: 100 },
    );
  });

  it('a request that may not be split is served by one offer or not at all', () => {
    fc.assert(
      fc.property(markets, (input) => {
        const result = clearMarket(input);
        for (const request of input.requests.filter(
          (candidate) => !candidate.splittableAcrossOffers,
        )) {
          expect(
            result.assignments.filter((assignment) => assignment.requestId === request.id).length,
          ).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('budgets never go negative: committed subsidy stays within what each program has left', () => {
    fc.assert(
      fc.property(markets, (input) => {
        const result = clearMarket(input);
        for (const program of result.programs) {
          expect(program.remainingFen).toBeGreaterThanOrEqual(0n);
          const charged = result.assignments
            .filter((assignment) => assignment.programId === program.programId)
            .reduce((sum, assignment) => sum + assignment.subsidyFen, 0n);
          expect(charged).toBe(program.committedFen);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('the same input gives the same matching, whatever the order of offers, requests and subsidies', () => {
    fc.assert(
      fc.property(markets, fc.integer({ min: 0, max: 1000 }), (input, rotation) => {
        const rotate = <T>(items: readonly T[]): T[] =>
          items.length === 0
            ? []
            : [...items.slice(rotation % items.length), ...items.slice(0, rotation % items.length)];
        const shuffled = {
          ...input,
          offers: rotate(input.offers).reverse(),
          requests: rotate(input.requests),
          subsidies: rotate(input.subsidies),
        };
        expect(clearMarket(shuffled)).toEqual(clearMarket(input));
      }),
      { numRuns: 60 },
    );
  });

  it('serving wins: no unserved request fits into the cards and budgets the matching left', () => {
    fc.assert(
      fc.property(markets, (input) => {
        expect(unservedThatFit(input, clearMarket(input))).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });
});

/** The unserved requests that, alone in what the result left, would be served. */
function unservedThatFit(input: MarketInput, result: MarketResult): string[] {
  const leftover = leftoverMarket(input, result);
  return result.unservedRequestIds.filter((requestId) => {
    const alone = {
      ...leftover,
      requests: input.requests.filter((request) => request.id === requestId),
      subsidies: input.subsidies.filter((term) => term.requestId === requestId),
    };
    return clearMarket(alone).unservedRequestIds.length === 0;
  });
}

/** The same offers and programs with what the result took subtracted. */
function leftoverMarket(input: MarketInput, result: MarketResult): MarketInput {
  const offers = input.offers.map((offer) => {
    const free = [...offer.freeCardsBySlot];
    for (const assignment of result.assignments.filter((entry) => entry.offerId === offer.id)) {
      for (let slot = assignment.startSlot; slot < assignment.endSlot; slot += 1)
        free[slot] = (free[slot] ?? 0) - assignment.cards;
    }
    return { ...offer, freeCardsBySlot: free };
  });
  const programs = result.programs.map(({ programId, remainingFen }) => ({
    programId,
    remainingFen,
  }));
  return { ...input, offers, programs };
}
