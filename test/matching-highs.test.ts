import { describe, expect, it } from 'vitest';
import { clearMarket } from '../src/domain/exchange/matching/clear-market.ts';
import { checkMatching } from './support/matching/check-matching.ts';
import { generateMarket } from './support/matching/generate-market.ts';
import { solveWithHighs } from './support/matching/highs-reference.ts';

/**
 * Quality against the exact reference (issue 15): HiGHS solves small random markets to proven
 * optimality (mixed-integer, one column per (request, offer) pair, rows per offer and hour,
 * test/support/matching/highs-reference.ts), and the matcher's objective is compared with it.
 *
 * Forty markets of 12 requests, 5 offers and 6 hourly slots with national latency (every
 * request has a few offers to fight over), half the program budgets, energy weighted: seeds
 * 1–40, none left out. The matcher must never beat a proven optimum (that would mean it broke
 * a constraint the checker missed), must be within 0.1 % on at least 95 % of them and within
 * 1 % on all. Measured on seeds 1–100: 96 within 0.1 %, the worst 0.73 % (docs/exchange-matching.md).
 */
const SEEDS = Array.from({ length: 40 }, (_, index) => index + 1);

describe('matcher against HiGHS on small random markets', () => {
  it('is within 0.1 % of the proven optimum on at least 95 % of them, within 1 % on all', async () => {
    const gaps: { seed: number; gap: number }[] = [];
    for (const seed of SEEDS) {
      const input = generateMarket({
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
    const within = gaps.filter(({ gap }) => gap <= 0.001).length;
    expect(
      within / gaps.length,
      JSON.stringify(gaps.filter(({ gap }) => gap > 0.001)),
    ).toBeGreaterThanOrEqual(0.95);
    expect(Math.max(...gaps.map(({ gap }) => gap))).toBeLessThanOrEqual(0.01);
  });

  it('stays above the LP relaxation bound, which stays below the optimum', async () => {
    for (const seed of SEEDS.slice(0, 10)) {
      const input = generateMarket({
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
      const bound = await solveWithHighs(input, { relaxed: true, timeLimitSeconds: 60 });
      const optimum = await solveWithHighs(input, { relaxed: false, timeLimitSeconds: 60 });
      expect(bound.objectiveFen, `seed ${seed}`).toBeLessThanOrEqual(
        optimum.objectiveFen + 1e-6 * Math.abs(optimum.objectiveFen) + 1,
      );
      expect(Number(clearMarket(input).objective.totalFen)).toBeGreaterThanOrEqual(
        Math.floor(bound.objectiveFen),
      );
    }
  });
});
