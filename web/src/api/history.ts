import type {
  providerPayoutListSchema,
  receivedUsageReportListSchema,
  walletDepositListSchema,
} from '@contracts/exchange-history.ts';
import type { cancellationQuoteSchema } from '@contracts/exchange-quote.ts';
import type { z } from 'zod';
import { api } from './client.ts';
import { useList } from './lists.ts';
import type { Order } from './exchange.ts';

/** What the exchange's and the wallet's pages look back on: usage reports, payouts, deposits. */

export type ReceivedUsageReport = z.infer<typeof receivedUsageReportListSchema>['items'][number];
export type ProviderPayoutRow = z.infer<typeof providerPayoutListSchema>['items'][number];
export type WalletDepositRow = z.infer<typeof walletDepositListSchema>['items'][number];
export type CancellationQuote = z.infer<typeof cancellationQuoteSchema>;

/** The usage reports received for one order, with the invoice each settled into. */
export function useOrderUsageReports(orderId: string) {
  return useList<{ items: ReceivedUsageReport[] }>(
    ['exchange-usage-reports', orderId],
    `/api/v1/exchange/orders/${orderId}/usage-reports`,
  );
}

/** A provider's exchange payouts, newest first. */
export function useProviderPayouts(providerId: string | undefined) {
  return useList<{ items: ProviderPayoutRow[] }>(
    ['exchange-payouts', providerId],
    `/api/v1/exchange/providers/${providerId ?? ''}/payouts`,
    { enabled: providerId !== undefined },
  );
}

/** An enterprise's wallet deposits, newest first. */
export function useWalletDeposits(enterpriseId: string | undefined) {
  return useList<{ items: WalletDepositRow[] }>(
    ['gateway-wallet-deposits', enterpriseId],
    `/api/v1/enterprises/${enterpriseId ?? ''}/gateway-wallet/deposits`,
    { enabled: enterpriseId !== undefined },
  );
}

/** Cancels an order (its enterprise) by the rule its cancellation quote showed. */
export function cancelOrder(orderId: string): Promise<Order> {
  return api.post<Order>(`/api/v1/exchange/orders/${orderId}/cancel`);
}

/**
 * What cancelling the order now would do — the rule that applies and its figures — decided on
 * the server by the cancellation's own rule; a refusal (the order can no longer be cancelled)
 * is an ApiError with the cancellation's code.
 */
export function quoteCancellation(orderId: string): Promise<CancellationQuote> {
  return api.get<CancellationQuote>(`/api/v1/exchange/orders/${orderId}/cancellation`);
}
