import type {
  applicationSchema,
  attachmentSchema,
  balancesSchema,
  claimSchema,
  grantSchema,
} from '@contracts/vouchers.ts';
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from './client.ts';

export type Application = z.infer<typeof applicationSchema>;
export type Grant = z.infer<typeof grantSchema>;
export type Claim = z.infer<typeof claimSchema>;
export type Attachment = z.infer<typeof attachmentSchema>;
export type Balances = z.infer<typeof balancesSchema>;

/** A page of a voucher list, as the API returns it. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Settled, in flight and committed per grant and in total, for one enterprise. */
export function useBalances(enterpriseId: string | undefined) {
  return useQuery({
    queryKey: ['balances', enterpriseId],
    queryFn: () => api.get<Balances>(`/api/v1/enterprises/${enterpriseId ?? ''}/balances`),
    enabled: enterpriseId !== undefined,
  });
}

/** The claims the caller may see (an enterprise: its own; a provider: those that pay it). */
export function useClaims(filter: { programId?: string; state?: string } = {}) {
  return useQuery({
    queryKey: ['claims', filter],
    queryFn: () => api.get<Page<Claim>>('/api/v1/claims', { query: { limit: 200, ...filter } }),
  });
}

/** The applications the caller may see. */
export function useApplications() {
  return useQuery({
    queryKey: ['applications'],
    queryFn: () => api.get<Page<Application>>('/api/v1/applications', { query: { limit: 200 } }),
  });
}
