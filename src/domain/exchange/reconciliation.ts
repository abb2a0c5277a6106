/**
 * "The ledger says what the exchange's records say": pure comparisons of each provider's and
 * enterprise's exchange accounts with the invoice records and payouts behind them, and of each
 * order's settled totals with its invoices. A finding names the party or order and how far off.
 */
export interface ExchangeFinding {
  entity: 'provider' | 'enterprise' | 'order';
  id: string;
  expectedFen: bigint;
  actualFen: bigint;
  message: string;
}

/** A provider's records and its two accounts' posted balances (credits − debits). */
export interface ProviderHoldings {
  providerId: string;
  invoicedEnterpriseFen: bigint;
  paidOutFen: bigint;
  payableBalanceFen: bigint;
  paidOutBalanceFen: bigint;
}

/** The payable holds what was invoiced less what was paid; the paid-out account what was paid. */
export function reconcileProvider(holdings: ProviderHoldings): ExchangeFinding[] {
  const findings: ExchangeFinding[] = [];
  const expectedPayable = holdings.invoicedEnterpriseFen - holdings.paidOutFen;
  if (holdings.payableBalanceFen !== expectedPayable) {
    findings.push({
      entity: 'provider',
      id: holdings.providerId,
      expectedFen: expectedPayable,
      actualFen: holdings.payableBalanceFen,
      message: `provider ${holdings.providerId}: payable holds ${holdings.payableBalanceFen} fen, invoices less payouts say ${expectedPayable}`,
    });
  }
  if (holdings.paidOutBalanceFen !== holdings.paidOutFen) {
    findings.push({
      entity: 'provider',
      id: holdings.providerId,
      expectedFen: holdings.paidOutFen,
      actualFen: holdings.paidOutBalanceFen,
      message: `provider ${holdings.providerId}: paid out ${holdings.paidOutBalanceFen} fen, payouts say ${holdings.paidOutFen}`,
    });
  }
  return findings;
}

/** An enterprise's receivable owes (debits − credits) what its invoices put on it. */
export function reconcileEnterprise(
  enterpriseId: string,
  invoicedFen: bigint,
  owedFen: bigint,
): ExchangeFinding[] {
  if (invoicedFen === owedFen) return [];
  return [
    {
      entity: 'enterprise',
      id: enterpriseId,
      expectedFen: invoicedFen,
      actualFen: owedFen,
      message: `enterprise ${enterpriseId}: receivable owes ${owedFen} fen, its invoices say ${invoicedFen}`,
    },
  ];
}

/** An order's settled amount and subsidy are the sums of its invoices. */
export function reconcileOrder(
  orderId: string,
  settled: { amountFen: bigint; subsidyFen: bigint },
  invoiced: { amountFen: bigint; subsidyFen: bigint },
): ExchangeFinding[] {
  const findings: ExchangeFinding[] = [];
  for (const key of ['amountFen', 'subsidyFen'] as const) {
    if (settled[key] === invoiced[key]) continue;
    findings.push({
      entity: 'order',
      id: orderId,
      expectedFen: invoiced[key],
      actualFen: settled[key],
      message: `order ${orderId}: settled ${key === 'amountFen' ? 'amount' : 'subsidy'} ${settled[key]} fen, its invoices say ${invoiced[key]}`,
    });
  }
  return findings;
}
