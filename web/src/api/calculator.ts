import type { programComparisonSchema, programEvaluationSchema } from '@contracts/program-api.ts';
import type { chipOriginSchema, purchaseKindSchema } from '@contracts/vouchers.ts';
import type { z } from 'zod';
import { api } from './client.ts';

export type ProgramEvaluation = z.infer<typeof programEvaluationSchema>;
export type ProgramComparison = z.infer<typeof programComparisonSchema>;
export type TraceEntry = ProgramEvaluation['trace'][number];

/** The enterprise the calculator evaluates; left out when a signed-in enterprise asks. */
export interface CalculatorEnterprise {
  id: string;
  usccRegionCode: string;
  size: 'micro' | 'small' | 'medium' | 'large';
  foundedOn: string;
}

/** The purchase line the calculator evaluates (fen as decimal strings, dates as YYYY-MM-DD). */
export interface CalculatorPurchase {
  kind: z.infer<typeof purchaseKindSchema>;
  amountFen: string;
  contractId: string;
  contractAmountFen: string;
  contractSignedOn: string;
  providerId: string;
  chipOrigin?: z.infer<typeof chipOriginSchema> | undefined;
  filedModel?: boolean | undefined;
  providerRegionCode?: string | undefined;
  date: string;
}

export type Comparison = ProgramComparison & { profileSource: 'session' | 'body' };

/**
 * Every program in force on the purchase date, ranked by what each gives, and the stack of
 * them, with the trace of each. Public; a signed-in enterprise may leave out `enterprise`.
 */
export function comparePrograms(body: {
  enterprise?: CalculatorEnterprise;
  purchase: CalculatorPurchase;
}): Promise<Comparison> {
  return api.post<Comparison>('/api/v1/programs/calculate', body);
}
