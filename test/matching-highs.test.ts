import { describe, expect, it } from 'vitest';
import { clearMarket } from '../src/domain/exchange/matching/clear-market.ts';
import type { MarketInput } from '../src/domain/exchange/matching/types.ts';
import { BENCHMARK_SHAPE } from './support/matching/benchmark-shape.ts';
import { checkMatching } from './support/matching/check-matching.ts';
import { generateMarket } from './support/matching/generate-market.ts';
import { solveWithHighs } from './support/matching/highs-reference.ts';

/**
 * Quality against the exact reference (issue 15): HiGHS solves small random markets to proven
 * optimality (mixed-integer, one column per (request, offer) pair, rows per offer and hour,
 * test/support/matching/highs-model.ts), and the matcher's objective is compared with it.
 *
 * A hundred markets of 12 requests, 5 offers and 6 hourly slots with national latency (every
 * request has a few offers to fight over), half the program budgets, energy weighted: seeds
 * 1–100, none left out. The matcher must never beat a proven optimum (that would mean it broke
 * a constraint the checker missed) and must be within 0.1 % of it on every one (the issue's
 * target). Seeds 101–200 are not part of it: three of them are 0.19–0.55 % above
 * (docs/exchange-matching.md).
 */
const SEEDS = Array.from({ length: 100 }, (_, index) => index + 1);

const smallMarket = (seed: number): MarketInput =>
  generateMarket({
    seed,
    requestCount: 12,
    offerCount: 5,
    slotCount: 6,
    nodesPerOfferMax: 3,
    cardsPerRequestMax: 10,
    budgetShareBps: 5000,
    energyWeightFenPerKwh: 50,
    demand: 'broad',
  });

describe('matcher against HiGHS on small random markets', () => {
  it('is within 0.1 % of the proven optimum on every one of them', async () => {
    const gaps: { seed: number; gap: number }[] = [];
    for (const seed of SEEDS) {
      const input = smallMarket(seed);
      const result = clearMarket(input);
      expect(checkMatching(input, result), `seed ${seed}`).toEqual([]);
      const optimum = await solveWithHighs(input, { relaxed: false, timeLimitSeconds: 60 });
      if (optimum.status === 'empty') {
        expect(result.objective.totalFen, `seed ${seed}: nothing to match`).toBe(
          BigInt(Math.round(optimum.objectiveFen)),
        );
        continue;
      }
      expect(optimum.status, `seed ${seed}`).toBe('optimal');
      const matcher = Number(result.objective.totalFen);
      expect(matcher, `seed ${seed}: below a proven optimum`).toBeGreaterThanOrEqual(
        Math.round(optimum.objectiveFen),
      );
      gaps.push({ seed, gap: (matcher - optimum.objectiveFen) / optimum.objectiveFen });
    }
    expect(gaps.filter(({ gap }) => gap > 0.001)).toEqual([]);
  });

  it('stays above the LP relaxation bounds, the strengthened one between the basic one and the optimum', async () => {
    for (const seed of SEEDS.slice(0, 10)) {
      const input = smallMarket(seed);
      const basic = await solveWithHighs(input, {
        relaxed: true,
        timeLimitSeconds: 60,
        formulation: 'basic',
      });
      const strengthened = await solveWithHighs(input, { relaxed: true, timeLimitSeconds: 60 });
      const optimum = await solveWithHighs(input, { relaxed: false, timeLimitSeconds: 60 });
      const slack = 1e-6 * Math.abs(optimum.objectiveFen) + 1;
      expect(basic.objectiveFen, `seed ${seed}`).toBeLessThanOrEqual(
        strengthened.objectiveFen + slack,
      );
      expect(strengthened.objectiveFen, `seed ${seed}`).toBeLessThanOrEqual(
        optimum.objectiveFen + slack,
      );
      expect(Number(clearMarket(input).objective.totalFen)).toBeGreaterThanOrEqual(
        Math.floor(strengthened.objectiveFen),
      );
    }
  });
});

/**
 * The strengthened formulation (highs-model.ts) must be the same problem: its valid inequalities
 * cut fractional points only, so the integer optimum is unchanged — on small markets and on a
 * medium one of the benchmark's shape (400 requests × 40 offers, solved in about a second).
 */
describe('strengthened formulation', () => {
  it('has the same integer optimum as the basic one', async () => {
    const markets = [
      ...SEEDS.slice(0, 20).map(smallMarket),
      generateMarket({ ...BENCHMARK_SHAPE, seed: 5, requestCount: 400, offerCount: 40 }),
    ];
    for (const input of markets) {
      const basic = await solveWithHighs(input, {
        relaxed: false,
        timeLimitSeconds: 60,
        formulation: 'basic',
      });
      const strengthened = await solveWithHighs(input, { relaxed: false, timeLimitSeconds: 60 });
      expect(strengthened.status).toBe(basic.status);
      expect(Math.round(strengthened.objectiveFen)).toBe(Math.round(basic.objectiveFen));
    }
  });
});
