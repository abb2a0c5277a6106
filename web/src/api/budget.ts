import type { budgetLeftSchema } from '@contracts/program-api.ts';
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from './client.ts';

export type BudgetLeft = z.infer<typeof budgetLeftSchema>;

/** Funded and remaining of a program's budget (public). */
export function useBudgetLeft(programId: string) {
  return useQuery({
    queryKey: ['budget-left', programId],
    queryFn: () =>
      api.get<BudgetLeft>(`/api/v1/programs/${encodeURIComponent(programId)}/budget-left`),
  });
}
