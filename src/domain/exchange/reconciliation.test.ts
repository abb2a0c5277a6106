import { describe, expect, it } from 'vitest';
import { reconcileEnterprise, reconcileOrder, reconcileProvider } from './reconciliation.ts';

describe('exchange reconciliation', () => {
  it('finds nothing when the accounts hold what the invoices and payouts say', () => {
    expect(
      reconcileProvider({
        providerId: 'p',
        invoicedEnterpriseFen: 700n,
        paidOutFen: 500n,
        payableBalanceFen: 200n,
        paidOutBalanceFen: 500n,
      }),
    ).toEqual([]);
    expect(reconcileEnterprise('e', 700n, 700n)).toEqual([]);
    expect(
      reconcileOrder('o', { amountFen: 9n, subsidyFen: 3n }, { amountFen: 9n, subsidyFen: 3n }),
    ).toEqual([]);
  });

  it('names the party or order and how far off it is', () => {
    const [payable, paidOut] = reconcileProvider({
      providerId: 'p',
      invoicedEnterpriseFen: 700n,
      paidOutFen: 500n,
      payableBalanceFen: 201n,
      paidOutBalanceFen: 499n,
    });
    expect(payable).toMatchObject({
      entity: 'provider',
      id: 'p',
      expectedFen: 200n,
      actualFen: 201n,
    });
    expect(paidOut).toMatchObject({ expectedFen: 500n, actualFen: 499n });
    expect(reconcileEnterprise('e', 700n, 600n)[0]?.message).toBe(
      'enterprise e: receivable owes 600 fen, its invoices say 700',
    );
    expect(
      reconcileOrder('o', { amountFen: 9n, subsidyFen: 4n }, { amountFen: 9n, subsidyFen: 3n }),
    ).toEqual([expect.objectContaining({ entity: 'order', expectedFen: 3n, actualFen: 4n })]);
  });
});
