import { describe, expect, it } from 'vitest';
import type { Order } from '../../api/exchange.ts';
import { cancellationOf } from './order-cancellation.ts';

const order = {
  state: 'active',
  cards: 4,
  cardHours: '40',
  amountFen: '40000',
  subsidyFen: '12001',
  window: { from: '2026-03-02T10:00:00.000Z', to: '2026-03-02T20:00:00.000Z' },
} as Order;

describe('cancellationOf', () => {
  it('releases everything before the order starts', () => {
    expect(cancellationOf(order, new Date('2026-03-02T09:59:00.000Z'))).toEqual({
      started: false,
      releasedCardHours: 40n,
      releasedAmountFen: 40000n,
      subsidyFen: 12001n,
    });
  });

  it('after the start, ends at the next whole hour with the subsidy scaled down', () => {
    // 12:30 → ends 13:00: 3 hours × 4 cards kept of 40; 12001 × 12 / 40 = 3600.3 → 3600.
    expect(cancellationOf(order, new Date('2026-03-02T12:30:00.000Z'))).toEqual({
      started: true,
      endsAt: new Date('2026-03-02T13:00:00.000Z'),
      keptCardHours: 12n,
      releasedCardHours: 28n,
      keptSubsidyFen: 3600n,
      subsidyFen: 12001n,
    });
  });

  it('cannot cancel an order that ends by the next hour, or is not active', () => {
    expect(cancellationOf(order, new Date('2026-03-02T19:10:00.000Z'))).toBeNull();
    expect(
      cancellationOf({ ...order, state: 'cancelled' }, new Date('2026-03-02T09:00:00.000Z')),
    ).toBeNull();
  });
});
