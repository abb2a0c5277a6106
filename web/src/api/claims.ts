import type { createClaimBody } from '@contracts/vouchers.ts';
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { api, uploadFile } from './client.ts';
import type { Attachment, Claim } from './vouchers.ts';

export type CreateClaimBody = z.input<typeof createClaimBody>;
export type EvidenceKind = 'invoice' | 'payment' | 'delivery' | 'contract';
export const evidenceKinds: readonly EvidenceKind[] = [
  'invoice',
  'payment',
  'delivery',
  'contract',
];

export interface Provider {
  id: string;
  uscc: string;
  name: string;
  regionCode: string;
}

export function useClaim(id: string) {
  return useQuery({
    queryKey: ['claims', id],
    queryFn: () => api.get<Claim>(`/api/v1/claims/${id}`),
  });
}

export function useProviders() {
  return useQuery({
    queryKey: ['providers'],
    queryFn: () => api.get<{ items: Provider[] }>('/api/v1/providers', { query: { limit: 200 } }),
    staleTime: 300_000,
  });
}

export function createClaim(body: CreateClaimBody): Promise<Claim> {
  return api.post<Claim>('/api/v1/claims', body);
}

/** One evidence file of a claim; an invoice carries its number and amount, a payment its amount. */
export function uploadEvidence(options: {
  claimId: string;
  file: File;
  kind: EvidenceKind;
  invoiceNumber?: string | undefined;
  amountFen?: string | undefined;
}): Promise<Attachment> {
  return uploadFile<Attachment>(`/api/v1/claims/${options.claimId}/attachments`, options.file, {
    kind: options.kind,
    filename: options.file.name,
    invoiceNumber: options.invoiceNumber,
    amountFen: options.amountFen,
  });
}

export function submitClaim(id: string): Promise<Claim> {
  return api.post<Claim>(`/api/v1/claims/${id}/submit`);
}
