import { assert } from '../shared/assert.ts';
import { applyRateBps, FULL_RATE_BPS } from '../shared/money.ts';
import { preparedProgram } from './prepared-program.ts';
import { applyCaps } from './caps.ts';
import type { PurchaseFacts } from './conditions.ts';
import { checkEligibility } from './eligibility.ts';
import {
  wholeMonthsBetween,
  zeroYearToDate,
  type EnterpriseProfile,
  type OtherSubsidy,
  type PurchaseLine,
  type YearToDate,
} from './inputs.ts';
import { regionLevel, type ProgramDefinition } from './program.ts';
import { selectRate } from './rates.ts';
import { applyStacking } from './stacking.ts';
import { percentText, traceEntry, yuanText, yuanTextOfDigits, type TraceEntry } from './trace.ts';

/** Who the program's money goes to (see `DisbursementMode`). */
export type Payer = 'enterprise reimbursed' | 'provider paid';

/** The result of one program on one purchase line. */
export interface ProgramEvaluation {
  programId: string;
  version: number;
  eligible: boolean;
  subsidyFen: bigint;
  /** Rate selected (0 when none applied). */
  rateBps: number;
  /** Combined ceiling this program enforced on the contract (0 when not eligible). */
  combinedRateBps: number;
  payer: Payer;
  /** Program share (the subsidy) and what the enterprise bears of this line. */
  split: { programFen: bigint; enterpriseFen: bigint };
  trace: TraceEntry[];
}

/** The result of all programs in force on one purchase line, stacked. */
export interface PurchaseEvaluation {
  /** One result per program, in stacking order (province → city → district, then id). */
  programs: ProgramEvaluation[];
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

export interface EvaluateProgramInput {
  program: ProgramDefinition;
  enterprise: EnterpriseProfile;
  purchase: PurchaseLine;
  /** This program's figures before this purchase; zero when absent. */
  yearToDate?: YearToDate;
  /** Other subsidies on the same contract (other programs). */
  otherSubsidies?: readonly OtherSubsidy[];
  /** Evaluation date (ISO); defaults to the purchase date. */
  date?: string;
  /** Ceiling set by programs granted earlier in the same evaluation; 100 % when alone. */
  ceilingRateBps?: number;
  /** Subsidies already granted on this same line by programs earlier in the evaluation. */
  lineSubsidiesFen?: bigint;
}

/**
 * One program against one purchase line: eligibility, rate, caps, stacking, each step traced.
 * Pure and deterministic; rounding is down to the fen (stated in the trace).
 *
 * @example
 * const result = evaluateProgram({ program, enterprise, purchase });
 * result.subsidyFen // e.g. 30000000n for 30 % of ¥1,000,000
 */
export function evaluateProgram(input: EvaluateProgramInput): ProgramEvaluation {
  const { enterprise, purchase } = input;
  const { program, eligibility } = preparedProgram(input.program);
  assert(purchase.amountFen > 0n, 'evaluateProgram: purchase amount must be positive');
  const date = input.date ?? purchase.date;
  const yearToDate = input.yearToDate ?? zeroYearToDate;
  const otherSubsidies = input.otherSubsidies ?? [];
  const facts: PurchaseFacts = {
    enterprise,
    purchase,
    enterpriseAgeMonths: wholeMonthsBetween(enterprise.foundedOn, date),
  };
  const trace: TraceEntry[] = [];
  const payer: Payer =
    program.disbursement === 'pay-provider' ? 'provider paid' : 'enterprise reimbursed';
  if (
    !checkEligibility(
      { program, prepared: eligibility, facts, yearToDate, otherSubsidies, date },
      trace,
    )
  ) {
    return refusedEvaluation(program, purchase, payer, trace);
  }
  const rate = selectRate(program.rates, facts, trace);
  if (rate === null) return refusedEvaluation(program, purchase, payer, trace);
  const baseFen = applyRateBps(purchase.amountFen, rate.rateBps);
  traceRateApplied(trace, purchase.amountFen, rate.rateBps, baseFen);
  const cappedFen = applyCaps({
    amountFen: baseFen,
    caps: program.caps,
    budgetFen: program.budgetFen,
    yearToDate,
    trace,
  });
  let othersFen = yearToDate.contractSubsidyFen;
  for (const other of otherSubsidies)
    if (other.programId !== program.id) othersFen += other.subsidyFen;
  const stacked = applyStacking({
    amountFen: cappedFen,
    ownRateBps: rate.rateBps,
    rules: program.stacking,
    facts,
    contractSubsidiesFen: othersFen,
    ceilingRateBps: input.ceilingRateBps ?? FULL_RATE_BPS,
    trace,
  });
  const subsidyFen = withinLine(
    stacked.amountFen,
    purchase.amountFen,
    input.lineSubsidiesFen ?? 0n,
    trace,
  );
  assert(
    subsidyFen >= 0n && subsidyFen <= purchase.amountFen,
    'evaluateProgram: subsidy out of range',
  );
  traceResult(trace, subsidyFen, purchase.amountFen - subsidyFen, payer);
  return {
    programId: program.id,
    version: program.version,
    eligible: true,
    subsidyFen,
    rateBps: rate.rateBps,
    combinedRateBps: stacked.combinedRateBps,
    payer,
    split: { programFen: subsidyFen, enterpriseFen: purchase.amountFen - subsidyFen },
    trace,
  };
}

/** `amount × rate = base`, each BigInt turned into decimal once. */
function traceRateApplied(
  trace: TraceEntry[],
  amountFen: bigint,
  rateBps: number,
  baseFen: bigint,
): void {
  const amount = amountFen.toString();
  const base = baseFen.toString();
  const product = `${yuanTextOfDigits(amount)} × ${percentText(rateBps)} = ${yuanTextOfDigits(base)}`;
  trace.push(
    traceEntry(
      'rate.apply',
      'applied',
      { amountFen: amount, rateBps: String(rateBps), subsidyFen: base },
      `${product}（向下取整到分）`,
      `${product} (rounded down to the fen)`,
    ),
  );
}

/** The last entry: the subsidy and who receives it. */
function traceResult(
  trace: TraceEntry[],
  subsidyFen: bigint,
  enterpriseFen: bigint,
  payer: Payer,
): void {
  const subsidy = subsidyFen.toString();
  const subsidyYuan = yuanTextOfDigits(subsidy);
  const providerPaid = payer === 'provider paid';
  trace.push(
    traceEntry(
      'result',
      'info',
      { subsidyFen: subsidy, enterpriseFen: enterpriseFen.toString() },
      `补贴 ${subsidyYuan}，${providerPaid ? '由项目在结算时直接支付给服务商' : '企业全额付款后由项目报销'}`,
      `subsidy ${subsidyYuan}, ${providerPaid ? 'paid by the program to the provider at sale' : 'reimbursed to the enterprise after it paid in full'}`,
    ),
  );
}

/** The result of a program that refused the purchase (the trace says why). */
function refusedEvaluation(
  program: ProgramDefinition,
  purchase: PurchaseLine,
  payer: Payer,
  trace: TraceEntry[],
): ProgramEvaluation {
  return {
    programId: program.id,
    version: program.version,
    eligible: false,
    subsidyFen: 0n,
    rateBps: 0,
    combinedRateBps: 0,
    payer,
    split: { programFen: 0n, enterpriseFen: purchase.amountFen },
    trace,
  };
}

/** Programs together never pay more than the line itself. */
function withinLine(
  amountFen: bigint,
  lineFen: bigint,
  lineSubsidiesFen: bigint,
  trace: TraceEntry[],
): bigint {
  if (lineSubsidiesFen === 0n) return amountFen;
  const roomFen = lineFen > lineSubsidiesFen ? lineFen - lineSubsidiesFen : 0n;
  if (roomFen >= amountFen) return amountFen;
  trace.push(
    traceEntry(
      'stacking.purchase-amount',
      'applied',
      {
        amountFen: lineFen.toString(),
        otherSubsidiesFen: lineSubsidiesFen.toString(),
        roomFen: roomFen.toString(),
      },
      `各项目补贴合计不超过采购金额 ${yuanText(lineFen)}：补贴降至 ${yuanText(roomFen)}`,
      `subsidies together never exceed the purchase amount ${yuanText(lineFen)}: subsidy lowered to ${yuanText(roomFen)}`,
    ),
  );
  return roomFen;
}

const levelOrder = { province: 0, city: 1, district: 2 } as const;

/** Stacking order: higher government first (province, city, district), then by id. */
export function stackingOrder(programs: readonly ProgramDefinition[]): ProgramDefinition[] {
  // Each program's level is worked out once, not in every comparison (once per purchase).
  const ranked = programs.map((program) => ({
    program,
    level: levelOrder[regionLevel(program.regionCode)],
  }));
  ranked.sort(
    (a, b) =>
      a.level - b.level || (a.program.id < b.program.id ? -1 : a.program.id > b.program.id ? 1 : 0),
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
 * Every program in force against one purchase line, stacked: each program sees the subsidies
 * granted before it on the contract and never exceeds the combined ceiling of any program already
 * granted, so city + district together stay within the city's stacking rate.
 *
 * @example
 * const { totalSubsidyFen, programs } = evaluatePurchase({ programs: inForce, enterprise, purchase });
 */
export function evaluatePurchase(input: EvaluatePurchaseInput): PurchaseEvaluation {
  const { purchase } = input;
  const others: OtherSubsidy[] = [...(input.otherSubsidies ?? [])];
  let ceilingRateBps = FULL_RATE_BPS;
  let lineSubsidiesFen = 0n;
  const results: ProgramEvaluation[] = [];
  for (const program of stackingOrder(input.programs)) {
    const result = evaluateProgram({
      program,
      enterprise: input.enterprise,
      purchase,
      yearToDate: input.yearToDate?.[program.id] ?? zeroYearToDate,
      otherSubsidies: others,
      date: input.date ?? purchase.date,
      ceilingRateBps,
      lineSubsidiesFen,
    });
    results.push(result);
    if (result.eligible && result.subsidyFen > 0n) {
      others.push({ programId: program.id, subsidyFen: result.subsidyFen });
      ceilingRateBps = Math.min(ceilingRateBps, result.combinedRateBps);
      lineSubsidiesFen += result.subsidyFen;
    }
  }
  let totalSubsidyFen = 0n;
  let programsPayProviderFen = 0n;
  for (const result of results) {
    totalSubsidyFen += result.subsidyFen;
    if (result.payer === 'provider paid') programsPayProviderFen += result.subsidyFen;
  }
  assert(totalSubsidyFen <= purchase.amountFen, 'evaluatePurchase: subsidies exceed the purchase');
  return {
    programs: results,
    totalSubsidyFen,
    enterpriseShareFen: purchase.amountFen - totalSubsidyFen,
    payments: {
      enterprisePaysProviderFen: purchase.amountFen - programsPayProviderFen,
      programsPayProviderFen,
      programsReimburseEnterpriseFen: totalSubsidyFen - programsPayProviderFen,
    },
  };
}
