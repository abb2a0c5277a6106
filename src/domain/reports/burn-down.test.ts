import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../shared/calendar.ts';
import { burnDownSeries, type DayMovement } from './burn-down.ts';
import { forecastExhaustion } from './exhaustion-forecast.ts';

const fiscalYear = { from: '2026-01-01', to: '2026-12-31' };

describe('burnDownSeries', () => {
  it('adds up the movements day by day, folding earlier days into the opening figures', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            day: fc.integer({ min: -20, max: 80 }),
            remaining: fc.bigInt({ min: -1_000_000n, max: 1_000_000n }),
            paid: fc.bigInt({ min: 0n, max: 1_000_000n }),
          }),
          { maxLength: 40 },
        ),
        fc.integer({ min: 0, max: 60 }),
        (moves, length) => {
          const from = '2026-02-01';
          const to = addDays(from, length);
          const movements = new Map<string, DayMovement>();
          for (const move of moves) {
            const date = addDays(from, move.day);
            const before = movements.get(date) ?? { remainingDeltaFen: 0n, paidOutDeltaFen: 0n };
            movements.set(date, {
              remainingDeltaFen: before.remainingDeltaFen + move.remaining,
              paidOutDeltaFen: before.paidOutDeltaFen + move.paid,
            });
          }
          const series = burnDownSeries({ from, to, fundedFen: 5_000_000n, fiscalYear, movements });
          expect(series).toHaveLength(length + 1);
          for (const [index, point] of series.entries()) {
            const upTo = addDays(from, index);
            const expected = moves
              .filter((move) => addDays(from, move.day) <= upTo)
              .reduce((sum, move) => ({ r: sum.r + move.remaining, p: sum.p + move.paid }), {
                r: 0n,
                p: 0n,
              });
            expect(point).toMatchObject({
              date: upTo,
              remainingFen: expected.r,
              paidOutFen: expected.p,
            });
            expect(point.idealRemainingFen).toBeGreaterThanOrEqual(0n);
            expect(point.idealRemainingFen).toBeLessThanOrEqual(5_000_000n);
          }
        },
      ),
    );
  });

  it('draws the even burn from the funded amount to zero on the last day, rounded down', () => {
    const series = burnDownSeries({
      from: '2026-01-01',
      to: '2026-12-31',
      fundedFen: 365n * 100n + 1n,
      fiscalYear,
      movements: new Map(),
    });
    expect(series[0]?.idealRemainingFen).toBe(((365n * 100n + 1n) * 364n) / 365n);
    expect(series.at(-1)?.idealRemainingFen).toBe(0n);
  });
});

describe('forecastExhaustion', () => {
  it('finds the day a steady burn empties the budget', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1_000n, max: 10_000_000n }),
        fc.bigInt({ min: 1n, max: 1_000_000_000n }),
        fc.integer({ min: 2, max: 30 }),
        (pace, left, days) => {
          const remainingFen = Array.from(
            { length: days },
            (_, index) => left + pace * BigInt(days - 1 - index),
          );
          const forecast = forecastExhaustion({ today: '2026-06-30', remainingFen });
          expect(forecast.status).toBe('runs-out');
          expect(forecast.paceFenPerDay).toBe(pace);
          // ceil(left / pace) days after today.
          expect(forecast.runsOutOn).toBe(addDays('2026-06-30', Number((left + pace - 1n) / pace)));
        },
      ),
    );
  });

  it('fits only the last days of the window', () => {
    const flatThenBurning = [...Array<bigint>(40).fill(1000n), 900n, 800n, 700n];
    expect(
      forecastExhaustion({ today: '2026-03-10', remainingFen: flatThenBurning, windowDays: 3 }),
    ).toEqual({ status: 'runs-out', runsOutOn: '2026-03-17', paceFenPerDay: 100n, windowDays: 3 });
  });

  it('says when the budget does not fall or is gone', () => {
    expect(
      forecastExhaustion({ today: '2026-03-10', remainingFen: [100n, 100n, 150n] }).status,
    ).toBe('not-burning');
    expect(forecastExhaustion({ today: '2026-03-10', remainingFen: [100n] }).status).toBe(
      'not-burning',
    );
    expect(forecastExhaustion({ today: '2026-03-10', remainingFen: [100n, 0n] }).status).toBe(
      'exhausted',
    );
    expect(forecastExhaustion({ today: '2026-03-10', remainingFen: [] }).status).toBe(
      'not-burning',
    );
  });

  it('never forecasts a day past the calendar for a budget that barely moves', () => {
    const forecast = forecastExhaustion({
      today: '2026-03-10',
      remainingFen: [9_000_000_000_000_001n, 9_000_000_000_000_000n],
    });
    expect(forecast.status).toBe('not-burning');
  });
});
