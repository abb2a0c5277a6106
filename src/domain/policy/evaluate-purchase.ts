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
  const fen = programs.map((program) => aloneFen.get(program.id) ?? 0n);
  return stackingIndexes(programs, fen).map((index) => programs[index] as ProgramDefinition);
}

/**
 * `stackingOrder` as positions in `programs`, given what each gives alone (`aloneFen[i]` for
 * `programs[i]`): what `evaluatePurchase` needs, without maps keyed by id.
 */
function stackingIndexes(
  programs: readonly ProgramDefinition[],
  aloneFen: readonly bigint[],
): number[] {
  // Each program's level is worked out once, not in every comparison (once per purchase).
  const levels = programs.map((program) => levelOrder[regionLevel(program.regionCode)]);
  const goesBefore = (a: number, b: number): boolean => {
    const fenA = aloneFen[a] as bigint;
    const fenB = aloneFen[b] as bigint;
    if (fenA !== fenB) return fenA > fenB;
    const levelA = levels[a] as number;
    const levelB = levels[b] as number;
    if (levelA !== levelB) return levelA < levelB;
    return (programs[a] as ProgramDefinition).id < (programs[b] as ProgramDefinition).id;
  };
  // An insertion sort (stable, like Array#sort): a catalog has tens of programs, too few for
  // Array#sort's set-up and its calls of a comparator to pay off.
  const indexes: number[] = [];
  for (let index = 0; index < programs.length; index += 1) {
    let at = indexes.length;
    indexes.push(index);
    for (; at > 0 && goesBefore(index, indexes[at - 1] as number); at -= 1) {
      indexes[at] = indexes[at - 1] as number;
    }
    indexes[at] = index;
  }
  return indexes;
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
  const alone: ProgramEvaluation[] = [];
  const aloneFen: bigint[] = [];
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
    alone.push(result);
    aloneFen.push(result.subsidyFen);
  }
  const ordered = stackingIndexes(input.programs, aloneFen);
  const others: OtherSubsidy[] = [...outside];
  let ceiling: StackingCeiling = noCeiling;
  let lineSubsidiesFen = 0n;
  let totalSubsidyFen = 0n;
  let programsPayProviderFen = 0n;
  const results: ProgramEvaluation[] = [];
  const order: string[] = [];
  for (let position = 0; position < count; position += 1) {
    const index = ordered[position] as number;
    const program = input.programs[index] as ProgramDefinition;
    const aloneResult = alone[index] as ProgramEvaluation;
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
    // Before the result line (the last entry); pop and push rather than splice, which copies.
    const resultLine = result.trace.pop() as TraceEntry;
    result.trace.push(orderEntry(position, count, aloneResult.subsidyFen), resultLine);
    results.push(result);
    order.push(program.id);
    if (result.subsidyFen > 0n) {
      others.push({ programId: program.id, subsidyFen: result.subsidyFen });
      if (result.combinedRateBps < ceiling.rateBps)
        ceiling = { rateBps: result.combinedRateBps, setBy: program.id };
      lineSubsidiesFen += result.subsidyFen;
      totalSubsidyFen += result.subsidyFen;
      if (result.payer === 'provider paid') programsPayProviderFen += result.subsidyFen;
    }
  }
  const bestAloneFen = count === 0 ? 0n : (aloneFen[ordered[0] as number] as bigint);
  assert(totalSubsidyFen <= purchase.amountFen, 'evaluatePurchase: subsidies exceed the purchase');
  assert(totalSubsidyFen >= bestAloneFen, 'evaluatePurchase: the stack pays less than one program');
  return {
    programs: results,
    order,
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
  // The position is joined to the long text after it before the short head: V8 copies every
  // intermediate string shorter than 13 characters (and widens it, the head being Chinese).
  const position = `${index + 1}/${count}`;
  const zhRest = ` 位：按各项目单独计算的补贴从高到低（本项目单独 ${alone}），相同时上级政府在先`;
  return traceEntry(
    'stacking.order',
    'info',
    { position: String(index + 1), programs: String(count), aloneFen: digits },
    '叠加顺序第 ' + (position + zhRest),
    `stacked ${index + 1} of ${count}: programs go by what each gives alone, highest first (this one alone: ${alone}); ties go to the higher government`,
  );
}
