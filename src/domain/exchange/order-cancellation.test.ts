import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../shared/errors.ts';
import { planCancellation, type CancellableOrder } from './order-cancellation.ts';

const HOUR_MS = 3_600_000;
const order: CancellableOrder = {
  state: 'active',
  cards: 4,
  startsAt: new Date('2026-03-02T10:00:00.000Z'),
  endsAt: new Date('2026-03-02T20:00:00.000Z'),
  cardHours: 40n,
  pricePerCardHourFen: 1000n,
  amountFen: 40_000n,
  subsidyFen: 12_001n,
  settledCardHours: 0n,
};

describe('planCancellation', () => {
  it('releases everything before the order starts', () => {
    expect(planCancellation(order, new Date('2026-03-02T09:59:00.000Z'))).toEqual({
      started: false,
      keptUntil: order.startsAt,
      endsAt: order.endsAt,
      keptCardHours: 0n,
      releasedCardHours: 40n,
      amountFen: 40_000n,
      subsidyFen: 0n,
      releasedSubsidyFen: 12_001n,
      state: 'cancelled',
    });
  });

  it('after the start, ends at the next whole hour with the subsidy scaled down', () => {
    // 12:30 → ends 13:00: 3 hours × 4 cards kept of 40; 12001 × 12 / 40 = 3600.3 → 3600.
    expect(planCancellation(order, new Date('2026-03-02T12:30:00.000Z'))).toMatchObject({
      started: true,
      endsAt: new Date('2026-03-02T13:00:00.000Z'),
      keptCardHours: 12n,
      releasedCardHours: 28n,
      amountFen: 12_000n,
      subsidyFen: 3600n,
      releasedSubsidyFen: 8401n,
      state: 'active',
    });
  });

  it('cannot cancel an order that ends by the next hour, or is not active', () => {
    const refusal = { code: 'INVALID_STATE_TRANSITION' };
    expect(() => planCancellation(order, new Date('2026-03-02T19:10:00.000Z'))).toThrow(
      expect.objectContaining(refusal),
    );
    expect(() =>
      planCancellation({ ...order, state: 'cancelled' }, new Date('2026-03-02T09:00:00.000Z')),
    ).toThrow(expect.objectContaining(refusal));
  });

  it('keeps and releases what the order had, never more subsidy than scaled down', () => {
    fc.assert(
      fc.property(
        fc.record({
          cards: fc.integer({ min: 1, max: 64 }),
          hours: fc.integer({ min: 1, max: 200 }),
          price: fc.bigInt({ min: 1n, max: 1_000_000n }),
          rateBps: fc.integer({ min: 0, max: 10_000 }),
          nowMinutes: fc.integer({ min: -120, max: 200 * 60 }),
        }),
        ({ cards, hours, price, rateBps, nowMinutes }) => {
          const cardHours = BigInt(cards * hours);
          const amountFen = cardHours * price;
          const subject: CancellableOrder = {
            ...order,
            cards,
            endsAt: new Date(order.startsAt.getTime() + hours * HOUR_MS),
            cardHours,
            pricePerCardHourFen: price,
            amountFen,
            subsidyFen: (amountFen * BigInt(rateBps)) / 10_000n,
          };
          const now = new Date(order.startsAt.getTime() + nowMinutes * 60_000);
          let plan;
          try {
            plan = planCancellation(subject, now);
          } catch (error) {
            expect(error).toBeInstanceOf(DomainError);
            expect(Math.ceil(now.getTime() / HOUR_MS) * HOUR_MS).toBeGreaterThanOrEqual(
              subject.endsAt.getTime(),
            );
            return;
          }
          expect(plan.keptCardHours + plan.releasedCardHours).toBe(cardHours);
          expect(plan.subsidyFen + plan.releasedSubsidyFen).toBe(subject.subsidyFen);
          expect(plan.subsidyFen * cardHours).toBeLessThanOrEqual(
            subject.subsidyFen * plan.keptCardHours,
          );
          expect(plan.subsidyFen).toBeGreaterThanOrEqual(0n);
          expect(plan.amountFen).toBe(
            plan.started ? plan.keptCardHours * price : subject.amountFen,
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
