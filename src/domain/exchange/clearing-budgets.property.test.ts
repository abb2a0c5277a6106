import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyRateBps } from '../shared/money.ts';
import { cappedRateBps, splitSharedBudgets, subsidisedPartFen } from './clearing-budgets.ts';

const grantIds = ['g1', 'g2', 'g3', 'g4', 'g5'];

/** Own remainders of a few grants and shared budgets over random subsets of them. */
const budgetInput = fc.record({
  own: fc.array(fc.bigInt({ min: -5n, max: 10_000_000n }), { minLength: 5, maxLength: 5 }),
  shared: fc.array(
    fc.record({
      key: fc.constantFrom('program:a', 'program:b', 'enterprise:x/a', 'enterprise:y/a'),
      limitFen: fc.bigInt({ min: -5n, max: 20_000_000n }),
      grantIds: fc.subarray(grantIds),
    }),
    { maxLength: 4 },
  ),
});

describe('splitSharedBudgets', () => {
  it('keeps every grant within its own remainder and every shared budget within its limit', () => {
    fc.assert(
      fc.property(budgetInput, ({ own, shared }) => {
        const ownFen = new Map(grantIds.map((id, index) => [id, own[index] ?? 0n]));
        const budgets = splitSharedBudgets(ownFen, shared);
        for (const [id, fen] of budgets) {
          const mine = ownFen.get(id) ?? 0n;
          expect(fen).toBeGreaterThanOrEqual(0n);
          expect(fen).toBeLessThanOrEqual(mine > 0n ? mine : 0n);
        }
        for (const group of shared) {
          const members = [...new Set(group.grantIds)];
          const total = members.reduce((sum, id) => sum + (budgets.get(id) ?? 0n), 0n);
          expect(total).toBeLessThanOrEqual(group.limitFen > 0n ? group.limitFen : 0n);
        }
        // Deterministic, whatever the order the shared budgets come in.
        expect(splitSharedBudgets(ownFen, [...shared].reverse())).toEqual(budgets);
      }),
    );
  });

  it('leaves grants alone when their shared budget holds them all', () => {
    const own = new Map([
      ['a', 300n],
      ['b', 200n],
    ]);
    expect(splitSharedBudgets(own, [{ key: 'p', limitFen: 500n, grantIds: ['a', 'b'] }])).toEqual(
      own,
    );
    expect(splitSharedBudgets(own, [{ key: 'p', limitFen: 250n, grantIds: ['a', 'b'] }])).toEqual(
      new Map([
        ['a', 150n],
        ['b', 100n],
      ]),
    );
  });
});

describe('cappedRateBps and subsidisedPartFen', () => {
  const pair = fc.record({
    priceFen: fc.bigInt({ min: 1n, max: 5_000_000n }),
    rateBps: fc.integer({ min: 1, max: 10_000 }),
    perOrderCapFen: fc.option(fc.bigInt({ min: 0n, max: 100_000_000n }), { nil: null }),
    cardHoursMax: fc.bigInt({ min: 1n, max: 100_000n }),
    cardHoursFraction: fc.double({ min: 0, max: 1, noNaN: true }),
  });

  it('promises no order more than the policy gives on its amount, nor more than the cap', () => {
    fc.assert(
      fc.property(pair, (input) => {
        const rate = cappedRateBps(input);
        expect(rate).toBeGreaterThanOrEqual(0);
        expect(rate).toBeLessThanOrEqual(input.rateBps);
        // Any order of the pair: at most the card-hours the cap was worked out for.
        const cardHours =
          1n + BigInt(Math.floor(input.cardHoursFraction * Number(input.cardHoursMax - 1n)));
        const promised = applyRateBps(input.priceFen, rate) * cardHours;
        const amount = input.priceFen * cardHours;
        expect(promised).toBeLessThanOrEqual(applyRateBps(amount, input.rateBps));
        if (input.perOrderCapFen !== null) {
          expect(promised).toBeLessThanOrEqual(input.perOrderCapFen);
        }
        if (promised > 0n) {
          // The claim's part of the order: within the amount, and the rate gives the promise.
          const part = subsidisedPartFen(promised, input.rateBps);
          expect(part).toBeLessThanOrEqual(amount);
          expect(applyRateBps(part, input.rateBps)).toBe(promised);
        }
      }),
    );
  });

  it('keeps the policy rate when the cap cannot bind', () => {
    expect(
      cappedRateBps({ priceFen: 1000n, rateBps: 5000, perOrderCapFen: 20_000n, cardHoursMax: 40n }),
    ).toBe(5000);
    expect(
      cappedRateBps({ priceFen: 1000n, rateBps: 5000, perOrderCapFen: 10_000n, cardHoursMax: 40n }),
    ).toBe(2500);
  });
});
