import { evaluateProgram, type ProgramEvaluation } from '../../domain/policy/evaluate-purchase.ts';
import type {
  EnterpriseProfile,
  OtherSubsidy,
  PurchaseLine,
  YearToDate,
} from '../../domain/policy/inputs.ts';
import { notInForce } from './program-coverage.ts';
import { definitionsInForce, type VersionSource } from './versions-source.ts';

/**
 * The subsidy one program gives one purchase line, with the version in force on the date
 * (default: the purchase date) and its trace. Throws PROGRAM_NOT_FOUND for an unknown program,
 * PROGRAM_NOT_IN_FORCE (with the periods it covers) when no version of it covers the date. Year-to-date figures default to zero (a calculator's view);
 * the voucher module passes the real ones.
 *
 * @example
 * const result = await calculateSubsidy({ source: { sql: db }, programId: 'beijing-compute', enterprise, purchase });
 * result.subsidyFen; result.trace;
 */
export async function calculateSubsidy(options: {
  source: VersionSource;
  programId: string;
  enterprise: EnterpriseProfile;
  purchase: PurchaseLine;
  yearToDate?: YearToDate;
  otherSubsidies?: readonly OtherSubsidy[];
  date?: string;
}): Promise<ProgramEvaluation> {
  const date = options.date ?? options.purchase.date;
  const inForce = await definitionsInForce(options.source, date);
  const program = inForce.find((definition) => definition.id === options.programId);
  if (!program) throw await notInForce(options.source, options.programId, date);
  return evaluateProgram({
    program,
    enterprise: options.enterprise,
    purchase: options.purchase,
    ...(options.yearToDate ? { yearToDate: options.yearToDate } : {}),
    ...(options.otherSubsidies ? { otherSubsidies: options.otherSubsidies } : {}),
    date,
  });
}
