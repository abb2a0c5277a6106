import type {
  providerPayoutListSchema,
  receivedUsageReportListSchema,
  walletDepositListSchema,
} from '@contracts/exchange-history.ts';
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from './client.ts';
import type { Order } from './exchange.ts';

/** What the exchange's and the wallet's pages look back on: usage reports, payouts, deposits. */

export type ReceivedUsageReport = z.infer<typeof receivedUsageReportListSchema>['items'][number];
export type ProviderPayoutRow = z.infer<typeof providerPayoutListSchema>['items'][number];
export type WalletDepositRow = z.infer<typeof walletDepositListSchema>['items'][number];

/** The usage reports received for one order, with the invoice each settled into. */
export function useOrderUsageReports(orderId: string) {
  return useQuery({
    queryKey: ['exchange-usage-reports', orderId],
    queryFn: () =>
      api.get<{ items: ReceivedUsageReport[] }>(`/api/v1/exchange/orders/${orderId}/usage-reports`),
  });
}

/** A provider's exchange payouts, newest first. */
export function useProviderPayouts(providerId: string | undefined) {
  return useQuery({
    queryKey: ['exchange-payouts', providerId],
    queryFn: () =>
      api.get<{ items: ProviderPayoutRow[] }>(
        `/api/v1/exchange/providers/${providerId ?? ''}/payouts`,
        { query: { limit: 200 } },
      ),
    enabled: providerId !== undefined,
  });
}

/** An enterprise's wallet deposits, newest first. */
export function useWalletDeposits(enterpriseId: string | undefined) {
  return useQuery({
    queryKey: ['gateway-wallet-deposits', enterpriseId],
    queryFn: () =>
      api.get<{ items: WalletDepositRow[] }>(
        `/api/v1/enterprises/${enterpriseId ?? ''}/gateway-wallet/deposits`,
        { query: { limit: 200 } },
      ),
    enabled: enterpriseId !== undefined,
  });
}

/** Cancels an order (its enterprise); the server applies the rules `cancellationOf` shows. */
export function cancelOrder(orderId: string): Promise<Order> {
  return api.post<Order>(`/api/v1/exchange/orders/${orderId}/cancel`);
}
