import type {
  createGatewayKeyBody,
  createdGatewayKeySchema,
  gatewayKeySchema,
} from '@contracts/gateway-keys.ts';
import type { gatewayModelSchema, gatewayPriceSchema } from '@contracts/gateway-catalog.ts';
import type { usageRecordsSchema, usageSummarySchema } from '@contracts/gateway-usage.ts';
import type { gatewayBalancesSchema, walletDepositSchema } from '@contracts/gateway-wallet.ts';
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from './client.ts';
import { createOnce, useList } from './lists.ts';
import type { Page } from './vouchers.ts';

/** The MaaS gateway's management API as the console uses it (docs/gateway.md, gateway-money.md). */

export type GatewayKey = z.infer<typeof gatewayKeySchema>;
export type CreatedGatewayKey = z.infer<typeof createdGatewayKeySchema>;
export type CreateGatewayKeyBody = z.input<typeof createGatewayKeyBody>;
export type GatewayModel = z.infer<typeof gatewayModelSchema>;
export type GatewayPrice = z.infer<typeof gatewayPriceSchema>;
export type GatewayBalances = z.infer<typeof gatewayBalancesSchema>;
export type UsageSummary = z.infer<typeof usageSummarySchema>;
export type UsageRecords = z.infer<typeof usageRecordsSchema>;
export type UsageGrouping = UsageSummary['by'];

/** Balances move while calls run: the wallet page asks again this often. */
export const BALANCE_REFRESH_MS = 3_000;

export function useGatewayKeys() {
  return useList<Page<GatewayKey>>(['gateway-keys'], '/api/v1/gateway/keys');
}

export function createGatewayKey(
  body: CreateGatewayKeyBody,
  idempotencyKey: string,
): Promise<CreatedGatewayKey> {
  return createOnce<CreatedGatewayKey>('/api/v1/gateway/keys', body, idempotencyKey);
}

export function revokeGatewayKey(id: string): Promise<GatewayKey> {
  return api.delete<GatewayKey>(`/api/v1/gateway/keys/${id}`);
}

/** The catalog's offerings (a provider: its own; operator staff: all, or one provider's). */
export function useGatewayModels(providerId?: string) {
  return useList<Page<GatewayModel>>(['gateway-models', providerId], '/api/v1/gateway/models', {
    query: { providerId },
  });
}

/** The public price list: every active model's prices, 备案 and chip origin. */
export function useGatewayPrices() {
  return useQuery({
    queryKey: ['gateway-prices'],
    queryFn: () => api.get<{ items: GatewayPrice[] }>('/api/v1/gateway/prices'),
    staleTime: 60_000,
  });
}

/** Wallet and model-voucher balances, refreshed every few seconds while the page is open. */
export function useGatewayBalances(enterpriseId: string | undefined) {
  return useQuery({
    queryKey: ['gateway-wallet', enterpriseId],
    queryFn: () =>
      api.get<GatewayBalances>(`/api/v1/enterprises/${enterpriseId ?? ''}/gateway-wallet`),
    enabled: enterpriseId !== undefined,
    refetchInterval: BALANCE_REFRESH_MS,
  });
}

export interface UsagePeriod {
  from: string;
  to: string;
}

/** Usage summed by one grouping over a period (an enterprise sees its own; staff any). */
export function useUsageSummary(by: UsageGrouping, period: UsagePeriod, enterpriseId?: string) {
  return useQuery({
    queryKey: ['gateway-usage-summary', by, period, enterpriseId],
    queryFn: () =>
      api.get<UsageSummary>('/api/v1/gateway-usage/summary', {
        query: { by, ...period, enterpriseId },
      }),
    refetchInterval: BALANCE_REFRESH_MS,
  });
}

/** The enterprise's latest calls, one record each. */
export function useUsageRecords(enterpriseId: string | undefined, period: UsagePeriod) {
  return useQuery({
    queryKey: ['gateway-usage-records', enterpriseId, period],
    queryFn: () =>
      api.get<UsageRecords>(`/api/v1/enterprises/${enterpriseId ?? ''}/gateway-usage`, {
        query: { ...period, limit: 50 },
      }),
    enabled: enterpriseId !== undefined,
    refetchInterval: BALANCE_REFRESH_MS,
  });
}

export function depositToWallet(
  enterpriseId: string,
  body: { amountFen: string; reference: string },
  idempotencyKey: string,
): Promise<z.infer<typeof walletDepositSchema>> {
  return createOnce(
    `/api/v1/enterprises/${enterpriseId}/gateway-wallet/deposits`,
    body,
    idempotencyKey,
  );
}
