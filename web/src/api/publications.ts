import { useQuery } from '@tanstack/react-query';
import { api } from './client.ts';
import type { Page } from './vouchers.ts';

/** A published recipient list (公示) as the public sees it. */
export interface PublicPublication {
  id: string;
  source: string;
  programId: string;
  period: string;
  title: string;
  state: string;
  objectionWindowDays: number;
  entryCount: number;
  totalFen: string;
  publishedAt: string | null;
  objectionWindowClosesAt: string | null;
  closedAt: string | null;
}

export interface PublicEntry {
  id: string;
  position: number;
  recipientName: string;
  uscc: string;
  regionCode: string;
  amountFen: string;
  purpose: string;
  withdrawn: boolean;
}

export function usePublicPublications() {
  return useQuery({
    queryKey: ['public-publications'],
    queryFn: () =>
      api.get<Page<PublicPublication>>('/api/v1/public/publications', { query: { limit: 100 } }),
  });
}

export function usePublicPublication(id: string) {
  return useQuery({
    queryKey: ['public-publications', id],
    queryFn: () =>
      api.get<{ publication: PublicPublication; entries: PublicEntry[] }>(
        `/api/v1/public/publications/${id}`,
      ),
  });
}

/** Files an objection (异议) while the window is open; no login, the filer is not identified. */
export function fileObjection(
  publicationId: string,
  body: { entryId?: string; body: string; contact?: string },
): Promise<{ id: string }> {
  return api.post(`/api/v1/public/publications/${publicationId}/objections`, body);
}
