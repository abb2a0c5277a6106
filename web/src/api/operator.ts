import type { programPreviewSchema, previewProgramBody } from '@contracts/program-preview.ts';
import type { budgetDashboardSchema, ledgerVerificationSchema } from '@contracts/reports.ts';
import type { reviewItemSchema, reviewQueueSchema } from '@contracts/review.ts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from './client.ts';

/** The operator console's reads and actions (budget dashboard, review queue, ledger, editor). */

export type BudgetDashboard = z.infer<typeof budgetDashboardSchema>;
export type ReviewQueue = z.infer<typeof reviewQueueSchema>;
export type ReviewItem = z.infer<typeof reviewItemSchema>;
export type ReviewKind = ReviewItem['kind'];
export type LedgerVerification = z.infer<typeof ledgerVerificationSchema>;
export type ProgramPreview = z.infer<typeof programPreviewSchema>;
export type PreviewRequest = z.input<typeof previewProgramBody>;

export function useBudgetDashboard(programId: string | undefined) {
  return useQuery({
    queryKey: ['dashboard', programId],
    queryFn: () =>
      api.get<BudgetDashboard>(`/api/v1/programs/${encodeURIComponent(programId ?? '')}/dashboard`),
    enabled: programId !== undefined,
  });
}

/** Entries per page of the review queue's table. */
export const REVIEW_PAGE_SIZE = 50;

/** One page (from 1) of the review queue, with the queue's total. */
export function useReviewQueue(kind: ReviewKind, page: number) {
  return useQuery({
    queryKey: ['review-queue', kind, 'page', page],
    queryFn: () =>
      api.get<ReviewQueue>('/api/v1/review-queue', {
        query: { kind, page, limit: REVIEW_PAGE_SIZE },
      }),
    placeholderData: keepPreviousData,
  });
}

export function useReviewItem(kind: ReviewKind, id: string | undefined) {
  return useQuery({
    queryKey: ['review-queue', kind, id],
    queryFn: () => api.get<ReviewItem>(`/api/v1/review-queue/${kind}/${id ?? ''}`),
    enabled: id !== undefined,
  });
}

export function runLedgerVerification(): Promise<LedgerVerification> {
  return api.get<LedgerVerification>('/api/v1/ledger/verification');
}

export function previewProgram(body: PreviewRequest): Promise<ProgramPreview> {
  return api.post<ProgramPreview>('/api/v1/programs/versions/preview', body);
}

export interface VoucherProgram {
  programId: string;
  budgetFen: string | null;
  allocation: string;
  disbursement: string;
  activatedAt: string;
}

/** The programs opened under the signed-in operator tenant (newest first). */
export function useVoucherPrograms() {
  return useQuery({
    queryKey: ['voucher-programs'],
    queryFn: () => api.get<{ items: VoucherProgram[] }>('/api/v1/voucher-programs'),
    staleTime: 60_000,
  });
}

/** A 公示 list as the operator's publication routes return it (schemas in src/http). */
export interface Publication {
  id: string;
  source: 'claims' | 'grants';
  programId: string;
  period: string;
  title: string;
  state: 'draft' | 'published' | 'closed';
  objectionWindowDays: number;
  entryCount: number;
  totalFen: string;
  createdAt: string;
  publishedAt: string | null;
  objectionWindowClosesAt: string | null;
  closedAt: string | null;
}

export interface Objection {
  id: string;
  publicationId: string;
  entryId: string | null;
  body: string;
  contact: string | null;
  state: 'open' | 'upheld' | 'dismissed';
  submittedAt: string;
  resolvedAt: string | null;
  resolutionNote: string | null;
}

export function usePublications(programId: string | undefined) {
  return useQuery({
    queryKey: ['publications', programId],
    queryFn: () =>
      api.get<{ items: Publication[]; nextCursor: string | null }>('/api/v1/publications', {
        query: { programId, limit: 200 },
      }),
    enabled: programId !== undefined,
  });
}

export function useObjections(publicationId: string | undefined) {
  return useQuery({
    queryKey: ['objections', publicationId],
    queryFn: () =>
      api.get<{ items: Objection[] }>(`/api/v1/publications/${publicationId ?? ''}/objections`),
    enabled: publicationId !== undefined,
  });
}

/** An event of the hash-chained audit log (schema in src/http/api/audit-routes.ts). */
export interface AuditEvent {
  seq: string;
  id: string;
  occurredAt: string;
  actor: { userId: string | null; tenantId: string | null; via: string };
  action: string;
  entity: { type: string; id: string; tenantId: string | null };
  before: unknown;
  after: unknown;
  redactedFields: string[];
  requestId: string | null;
}
