import type { programDetailSchema, programSummarySchema } from '@contracts/program-api.ts';
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from './client.ts';

export type ProgramSummary = z.infer<typeof programSummarySchema>;
export type ProgramDetail = z.infer<typeof programDetailSchema>;

/** Every program with the version in force today (Shanghai). Public. */
export function usePrograms() {
  return useQuery({
    queryKey: ['programs'],
    queryFn: () => api.get<{ items: ProgramSummary[] }>('/api/v1/programs'),
    staleTime: 60_000,
  });
}

/** One program with all its published versions. Public. */
export function useProgram(id: string) {
  return useQuery({
    queryKey: ['programs', id],
    queryFn: () => api.get<ProgramDetail>(`/api/v1/programs/${encodeURIComponent(id)}`),
    staleTime: 60_000,
  });
}
