import { assert } from '../shared/assert.ts';
import { evaluateProgram, type ProgramEvaluation } from './evaluate-program.ts';
import {
  zeroYearToDate,
  type EnterpriseProfile,
  type OtherSubsidy,
  type PurchaseLine,
  type YearToDate,
} from './inputs.ts';
import { regionLevel, type ProgramDefinition } from './program.ts';
import { noCeiling, type StackingCeiling } from './stacking.ts';
import { traceEntry, yuanTextOfDigits, type TraceEntry } from './trace.ts';

export {
  evaluateProgram,
  type EvaluateProgramInput,
  type EvaluationStatus,
  type Payer,
  type ProgramEvaluation,
} from './evaluate-program.ts';

/** The result of all programs in force on one purchase line, stacked. */
export interface PurchaseEvaluation {
  /** One result per program, in stacking order (see `stackingOrder`). */
  programs: ProgramEvaluation[];
  /** Program ids in the order they were stacked. */
  order: string[];
  totalSubsidyFen: bigint;
  /** What the enterprise bears in the end: amount − total subsidy. */
  enterpriseShareFen: bigint;
  /** Who pays what: programs paying the provider at sale, then reimbursements to the enterprise. */
  payments: {
    enterprisePaysProviderFen: bigint;
    programsPayProviderFen: bigint;
    programsReimburseEnterpriseFen: bigint;
  };
}

const levelOrder = { province: 0, city: 1, district: 2 } as const;

/**
 * The stated stacking order: by what each program gives on the line **alone**, highest first;
 * ties go to the higher government (province, city, district), then to the id. The first program
 * then pays exactly what it pays alone, so a stack never pays less than the best single program,
 * and a program that refuses to stack (Beijing: no other subsidy on the contract) cannot take the
 * place of a better one.
 */
export function stackingOrder(
  programs: readonly ProgramDefinition[],
  aloneFen: ReadonlyMap<string, bigint> = new Map(),
): ProgramDefinition[] {
  // Each program's level is worked out once, not in every comparison (once per purchase).
  const ranked = programs.map((program) => ({
    program,
    fen: aloneFen.get(program.id) ?? 0n,
    level: levelOrder[regionLevel(program.regionCode)],
  }));
  ranked.sort(
    (a, b) =>
      (b.fen > a.fen ? 1 : b.fen < a.fen ? -1 : 0) ||
      a.level - b.level ||
      (a.program.id < b.program.id ? -1 : a.program.id > b.program.id ? 1 : 0),
  );
  return ranked.map((entry) => entry.program);
}

export interface EvaluatePurchaseInput {
  /** The versions in force (one per program). */
  programs: readonly ProgramDefinition[];
  enterprise: EnterpriseProfile;
  purchase: PurchaseLine;
  /** Per program id; zero when absent. */
  yearToDate?: Readonly<Record<string, YearToDate>>;
  /** Subsidies already granted on the same contract by programs outside this evaluation. */
  otherSubsidies?: readonly OtherSubsidy[];
  date?: string;
}

/**
 * Every program in force against one purchase line, stacked in the order `stackingOrder` states:
 * each program sees the subsidies granted before it on the contract and never exceeds the
 * combined ceiling of any program already granted, so city + district together stay within the
 * city's stacking rate. Each program's trace says where it stood in the order and why.
 *
 * @example
 * const { totalSubsidyFen, programs, order } = evaluatePurchase({ programs: inForce, enterprise, purchase });
 */
export function evaluatePurchase(input: EvaluatePurchaseInput): PurchaseEvaluation {
  const { purchase, enterprise } = input;
  const date = input.date ?? purchase.date;
  const outside = input.otherSubsidies ?? [];
  const count = input.programs.length;
  // Each program alone first: what decides the order, and the answer for most programs.
  const aloneFen = new Map<string, bigint>();
  const alone = new Map<string, ProgramEvaluation>();
  for (let index = 0; index < count; index += 1) {
    const program = input.programs[index] as ProgramDefinition;
    const result = evaluateProgram({
      program,
      enterprise,
      purchase,
      yearToDate: input.yearToDate?.[program.id] ?? zeroYearToDate,
      otherSubsidies: outside,
      date,
    });
    alone.set(program.id, result);
    aloneFen.set(program.id, result.subsidyFen);
  }
  const ordered = stackingOrder(input.programs, aloneFen);
  const others: OtherSubsidy[] = [...outside];
  let ceiling: StackingCeiling = noCeiling;
  let lineSubsidiesFen = 0n;
  let totalSubsidyFen = 0n;
  let programsPayProviderFen = 0n;
  const results: ProgramEvaluation[] = [];
  for (let index = 0; index < ordered.length; index += 1) {
    const program = ordered[index] as ProgramDefinition;
    const aloneResult = alone.get(program.id) as ProgramEvaluation;
    // Alone is the answer when nothing was granted before it in this evaluation (the first
    // program), and when it refused alone: more subsidies on the contract never lift a refusal.
    const result =
      lineSubsidiesFen === 0n || !aloneResult.eligible
        ? aloneResult
        : evaluateProgram({
            program,
            enterprise,
            purchase,
            yearToDate: input.yearToDate?.[program.id] ?? zeroYearToDate,
            otherSubsidies: others,
            date,
            ceiling,
            lineSubsidiesFen,
          });
    result.trace.splice(
      result.trace.length - 1,
      0,
      orderEntry(index, ordered.length, aloneResult.subsidyFen),
    );
    results.push(result);
    if (result.subsidyFen > 0n) {
      others.push({ programId: program.id, subsidyFen: result.subsidyFen });
      if (result.combinedRateBps < ceiling.rateBps)
        ceiling = { rateBps: result.combinedRateBps, setBy: program.id };
      lineSubsidiesFen += result.subsidyFen;
      totalSubsidyFen += result.subsidyFen;
      if (result.payer === 'provider paid') programsPayProviderFen += result.subsidyFen;
    }
  }
  const bestAloneFen = ordered.length === 0 ? 0n : (aloneFen.get(ordered[0]?.id ?? '') ?? 0n);
  assert(totalSubsidyFen <= purchase.amountFen, 'evaluatePurchase: subsidies exceed the purchase');
  assert(totalSubsidyFen >= bestAloneFen, 'evaluatePurchase: the stack pays less than one program');
  return {
    programs: results,
    order: ordered.map((program) => program.id),
    totalSubsidyFen,
    enterpriseShareFen: purchase.amountFen - totalSubsidyFen,
    payments: {
      enterprisePaysProviderFen: purchase.amountFen - programsPayProviderFen,
      programsPayProviderFen,
      programsReimburseEnterpriseFen: totalSubsidyFen - programsPayProviderFen,
    },
  };
}

/** Where a program stood in the stacking order, before its result line. */
function orderEntry(index: number, count: number, aloneFen: bigint): TraceEntry {
  const digits = aloneFen.toString();
  const alone = yuanTextOfDigits(digits);
  return traceEntry(
    'stacking.order',
    'info',
    { position: String(index + 1), programs: String(count), aloneFen: digits },
    `叠加顺序第 ${index + 1}/${count} 位：按各项目单独计算的补贴从高到低（本项目单独 ${alone}），相同时上级政府在先`,
    `stacked ${index + 1} of ${count}: programs go by what each gives alone, highest first (this one alone: ${alone}); ties go to the higher government`,
  );
}
