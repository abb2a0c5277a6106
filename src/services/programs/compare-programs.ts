import {
  evaluateProgram,
  evaluatePurchase,
  type ProgramEvaluation,
  type PurchaseEvaluation,
} from '../../domain/policy/evaluate-purchase.ts';
import type {
  EnterpriseProfile,
  OtherSubsidy,
  PurchaseLine,
  YearToDate,
} from '../../domain/policy/inputs.ts';
import { definitionsInForce, type VersionSource } from './versions-source.ts';

/** Which programs qualify for a purchase and what they would give, alone and together. */
export interface ProgramComparison {
  date: string;
  /** Each program evaluated alone; eligible first, by subsidy descending, then by id. */
  ranking: (ProgramEvaluation & { name: { 'zh-CN': string; en: string } })[];
  /** All programs in force stacked on the line (city + district etc.). */
  stacked: PurchaseEvaluation;
}

/**
 * Every program in force on the date against one purchase line: each alone (ranked by subsidy)
 * and all together, stacked by the rules of each program.
 *
 * @example
 * const { ranking, stacked } = await comparePrograms({ source: { sql: db }, enterprise, purchase });
 */
export async function comparePrograms(options: {
  source: VersionSource;
  enterprise: EnterpriseProfile;
  purchase: PurchaseLine;
  yearToDate?: Readonly<Record<string, YearToDate>>;
  otherSubsidies?: readonly OtherSubsidy[];
  date?: string;
}): Promise<ProgramComparison> {
  const date = options.date ?? options.purchase.date;
  const programs = await definitionsInForce(options.source, date);
  const ranking = programs.map((program) => ({
    ...evaluateProgram({
      program,
      enterprise: options.enterprise,
      purchase: options.purchase,
      ...(options.yearToDate?.[program.id] ? { yearToDate: options.yearToDate[program.id] } : {}),
      ...(options.otherSubsidies ? { otherSubsidies: options.otherSubsidies } : {}),
      date,
    }),
    name: program.name,
  }));
  ranking.sort(
    (a, b) =>
      Number(b.eligible) - Number(a.eligible) ||
      (b.subsidyFen > a.subsidyFen ? 1 : b.subsidyFen < a.subsidyFen ? -1 : 0) ||
      (a.programId < b.programId ? -1 : 1),
  );
  const stacked = evaluatePurchase({
    programs,
    enterprise: options.enterprise,
    purchase: options.purchase,
    ...(options.yearToDate ? { yearToDate: options.yearToDate } : {}),
    ...(options.otherSubsidies ? { otherSubsidies: options.otherSubsidies } : {}),
    date,
  });
  return { date, ranking, stacked };
}
