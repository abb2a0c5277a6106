import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scaledSubsidy, settleUsage, type SettlableOrder, type SubsidyMode } from './settlement.ts';

/** An order and a sequence of usage reports that together use at most the order's card-hours. */
const orderWithReports = fc
  .record({
    cardHours: fc.bigInt({ min: 1n, max: 100_000n }),
    pricePerCardHourFen: fc.bigInt({ min: 1n, max: 1_000_000n }),
    subsidyPerMille: fc.integer({ min: 0, max: 1000 }),
    subsidyMode: fc.constantFrom<SubsidyMode>('none', 'pay-provider', 'reimburse-enterprise'),
    cuts: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 20 }),
    useAll: fc.boolean(),
  })
  .map(({ cardHours, pricePerCardHourFen, subsidyPerMille, subsidyMode, cuts, useAll }) => {
    const amountFen = cardHours * pricePerCardHourFen;
    const subsidyFen = subsidyMode === 'none' ? 0n : (amountFen * BigInt(subsidyPerMille)) / 1000n;
    // Report boundaries: sorted cut points of the order's card-hours, without empty reports.
    const points = [
      ...new Set([
        ...cuts.map((cut) => BigInt(Math.floor(cut * Number(cardHours)))),
        ...(useAll ? [cardHours] : []),
      ]),
    ]
      .filter((point) => point > 0n && point <= cardHours)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const reports = points.map(
      (point, index) => point - (index === 0 ? 0n : (points[index - 1] ?? 0n)),
    );
    return { cardHours, pricePerCardHourFen, subsidyFen, subsidyMode, reports };
  });

describe('settleUsage: the money of usage reports', () => {
  it('splits every report exactly, never pays more subsidy than decided, and reaches it on full use', () => {
    fc.assert(
      fc.property(orderWithReports, ({ reports, ...terms }) => {
        let order: SettlableOrder = { ...terms, settledCardHours: 0n, settledSubsidyFen: 0n };
        let enterpriseTotalFen = 0n;
        for (const cardHours of reports) {
          const split = settleUsage(order, cardHours);
          expect(split.amountFen).toBe(cardHours * order.pricePerCardHourFen);
          expect(split.subsidyFen).toBeGreaterThanOrEqual(0n);
          expect(split.enterpriseFen).toBeGreaterThanOrEqual(0n);
          // Pay-the-provider: the two shares make the amount; otherwise the enterprise pays it all.
          expect(split.enterpriseFen).toBe(
            order.subsidyMode === 'pay-provider'
              ? split.amountFen - split.subsidyFen
              : split.amountFen,
          );
          order = {
            ...order,
            settledCardHours: order.settledCardHours + cardHours,
            settledSubsidyFen: order.settledSubsidyFen + split.subsidyFen,
          };
          enterpriseTotalFen += split.enterpriseFen;
          // The running total is the decided subsidy pro rata, rounded down.
          expect(order.settledSubsidyFen).toBe(
            (order.subsidyFen * order.settledCardHours) / order.cardHours,
          );
          expect(order.settledSubsidyFen).toBeLessThanOrEqual(order.subsidyFen);
        }
        if (order.settledCardHours === order.cardHours) {
          expect(order.settledSubsidyFen).toBe(order.subsidyFen);
          const amountFen = order.cardHours * order.pricePerCardHourFen;
          expect(enterpriseTotalFen).toBe(
            order.subsidyMode === 'pay-provider' ? amountFen - order.subsidyFen : amountFen,
          );
        }
      }),
      { numRuns: 500 },
    );
  });

  it('refuses (as a bug) a report beyond the order', () => {
    const order: SettlableOrder = {
      cardHours: 10n,
      pricePerCardHourFen: 100n,
      subsidyFen: 300n,
      subsidyMode: 'pay-provider',
      settledCardHours: 8n,
      settledSubsidyFen: 240n,
    };
    expect(() => settleUsage(order, 3n)).toThrow(/beyond the order/u);
    expect(settleUsage(order, 2n)).toEqual({
      amountFen: 200n,
      subsidyFen: 60n,
      enterpriseFen: 140n,
    });
  });

  it('scales a cancelled order’s subsidy down to the hours kept', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.bigInt({ min: 1n, max: 100_000n }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (subsidyFen, ordered, share) => {
          const kept = BigInt(Math.floor(share * Number(ordered)));
          const scaled = scaledSubsidy(subsidyFen, ordered, kept);
          expect(scaled).toBeLessThanOrEqual(subsidyFen);
          expect(scaled * ordered).toBeLessThanOrEqual(subsidyFen * kept);
          expect((scaled + 1n) * ordered).toBeGreaterThan(subsidyFen * kept);
        },
      ),
    );
  });
});
