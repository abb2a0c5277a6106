import { assert } from '../shared/assert.ts';
import { applyRateBps } from '../shared/money.ts';
import { applyCaps, budget, type CapName } from './caps.ts';
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
import { preparedProgram, type PreparedProgram } from './prepared-program.ts';
import type { ProgramDefinition } from './program.ts';
import { selectRate } from './rates.ts';
import { applyStacking, noCeiling, type StackingCeiling } from './stacking.ts';
import { percentText, traceEntry, yuanText, yuanTextOfDigits, type TraceEntry } from './trace.ts';

/** Who the program's money goes to (see `DisbursementMode`). */
export type Payer = 'enterprise reimbursed' | 'provider paid';

/**
 * How it ended: a subsidy; eligible but a cap or the combined limit left nothing; eligible but the
 * annual budget is spent; or refused by a rule.
 */
export type EvaluationStatus = 'granted' | 'limit-reached' | 'budget-exhausted' | 'refused';

/** The result of one program on one purchase line. */
export interface ProgramEvaluation {
  programId: string;
  version: number;
  eligible: boolean;
  status: EvaluationStatus;
  subsidyFen: bigint;
  /** Rate selected (0 when none applied). */
  rateBps: number;
  /** Combined ceiling this program enforced on the contract (0 when not eligible). */
  combinedRateBps: number;
  payer: Payer;
  /** The annual budget, what was left of it before this purchase, and whether a waiting list exists. */
  budget: { budgetFen: bigint; leftFen: bigint; waitingList: boolean } | null;
  /** Program share (the subsidy) and what the enterprise bears of this line. */
  split: { programFen: bigint; enterpriseFen: bigint };
  trace: TraceEntry[];
}

export interface EvaluateProgramInput {
  program: ProgramDefinition;
  enterprise: EnterpriseProfile;
  purchase: PurchaseLine;
  /** This program's figures before this purchase; zero when absent. */
  yearToDate?: YearToDate;
  /** Other subsidies on the same contract (other programs). */
  otherSubsidies?: readonly OtherSubsidy[];
  /** Evaluation date (ISO), the claim date; defaults to the purchase date. */
  date?: string;
  /** Ceiling set by programs granted earlier in the same evaluation; none when alone. */
  ceiling?: StackingCeiling;
  /** Subsidies already granted on this same line by programs earlier in the evaluation. */
  lineSubsidiesFen?: bigint;
}

/**
 * One program against one purchase line: eligibility, rate, caps, stacking, each step traced and
 * citing its clause, ending with a result line. Pure and deterministic; rounding is down to the
 * fen (stated in the trace).
 *
 * @example
 * const result = evaluateProgram({ program, enterprise, purchase });
 * result.subsidyFen // e.g. 30000000n for 30 % of ¥1,000,000
 */
export function evaluateProgram(input: EvaluateProgramInput): ProgramEvaluation {
  const { enterprise, purchase } = input;
  const prepared = preparedProgram(input.program);
  const { program, eligibility } = prepared;
  assert(purchase.amountFen > 0n, 'evaluateProgram: purchase amount must be positive');
  const date = input.date ?? purchase.date;
  const yearToDate = input.yearToDate ?? zeroYearToDate;
  const otherSubsidies = input.otherSubsidies ?? [];
  const facts: PurchaseFacts = {
    enterprise,
    purchase,
    enterpriseAgeMonths: wholeMonthsBetween(enterprise.foundedOn, date),
    yearToDate,
  };
  const trace: TraceEntry[] = [];
  const payer: Payer =
    program.disbursement === 'pay-provider' ? 'provider paid' : 'enterprise reimbursed';
  const budgetState =
    program.budgetFen === undefined
      ? null
      : {
          budgetFen: program.budgetFen,
          leftFen:
            program.budgetFen > yearToDate.programYearCommittedFen
              ? program.budgetFen - yearToDate.programYearCommittedFen
              : 0n,
          waitingList: program.waitingList,
        };
  const base = { programId: program.id, version: program.version, payer, budget: budgetState };
  if (!checkEligibility({ program, prepared: eligibility, facts, otherSubsidies, date }, trace)) {
    return refused(base, purchase, trace);
  }
  const rate = selectRate(prepared.rates, facts, trace);
  if (rate === null) return refused(base, purchase, trace);
  const baseFen = applyRateBps(purchase.amountFen, rate.rateBps);
  traceRateApplied(trace, purchase.amountFen, rate.rateBps, baseFen);
  const capped = applyCaps(baseFen, prepared.caps, yearToDate, trace);
  let othersFen = yearToDate.contractSubsidyFen;
  for (const other of otherSubsidies)
    if (other.programId !== program.id) othersFen += other.subsidyFen;
  const stacked = applyStacking({
    amountFen: capped.amountFen,
    ownRateBps: rate.rateBps,
    rules: prepared.stacking,
    facts,
    contractSubsidiesFen: othersFen,
    ceiling: input.ceiling ?? noCeiling,
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
  const status: EvaluationStatus =
    subsidyFen > 0n
      ? 'granted'
      : capped.exhaustedBy === budget
        ? 'budget-exhausted'
        : 'limit-reached';
  const enterpriseFen = purchase.amountFen - subsidyFen;
  trace.push(
    resultLine(
      status,
      subsidyFen,
      enterpriseFen,
      payer,
      capped.exhaustedBy,
      budgetState,
      prepared.budget,
    ),
  );
  return {
    programId: base.programId,
    version: base.version,
    eligible: true,
    status,
    subsidyFen,
    rateBps: rate.rateBps,
    combinedRateBps: stacked.combinedRateBps,
    payer: base.payer,
    budget: base.budget,
    split: { programFen: subsidyFen, enterpriseFen },
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

/**
 * The last entry of an eligible result: the subsidy and who receives it; or, when nothing is
 * left, which limit took it — the budget (with the waiting list, if the program keeps one) or a
 * cap or the combined limit.
 */
function resultLine(
  status: EvaluationStatus,
  subsidyFen: bigint,
  enterpriseFen: bigint,
  payer: Payer,
  exhaustedBy: CapName | null,
  budgetState: ProgramEvaluation['budget'],
  budgetTexts: PreparedProgram['budget'],
): TraceEntry {
  const subsidy = subsidyFen.toString();
  const numbers = { subsidyFen: subsidy, enterpriseFen: enterpriseFen.toString(), status };
  if (status === 'budget-exhausted' && budgetState !== null && budgetTexts !== undefined) {
    const total = budgetTexts.yuan;
    const waiting = budgetState.waitingList;
    return traceEntry(
      'result',
      'info',
      // Written out rather than spread from `numbers`: a spread copies slowly.
      {
        subsidyFen: subsidy,
        enterpriseFen: numbers.enterpriseFen,
        status,
        budgetFen: budgetTexts.fen,
        budgetLeftFen: '0',
      },
      `符合条件，但预算已用完：年度预算 ${total} 余 ¥0.00，本次无补贴；${waiting ? '可登记候补名单，预算释放时按登记顺序补发' : '本项目不设候补名单'}`,
      `eligible, budget exhausted: ¥0.00 left of the ${total} annual budget, no subsidy now; ${waiting ? 'the purchase may join the waiting list, served in order as budget is released' : 'the program keeps no waiting list'}`,
    );
  }
  if (status === 'limit-reached') {
    const limitZh = exhaustedBy?.zh ?? '叠加上限';
    const limitEn = exhaustedBy?.en ?? 'combined limit on the contract';
    return traceEntry(
      'result',
      'info',
      numbers,
      `符合条件，但${limitZh}已用完：本次无补贴`,
      `eligible, but the ${limitEn} is used up: no subsidy`,
    );
  }
  const subsidyYuan = yuanTextOfDigits(subsidy);
  const providerPaid = payer === 'provider paid';
  return traceEntry(
    'result',
    'info',
    numbers,
    `补贴 ${subsidyYuan}，${providerPaid ? '由项目在结算时直接支付给服务商' : '企业全额付款后由项目报销'}`,
    `subsidy ${subsidyYuan}, ${providerPaid ? 'paid by the program to the provider at sale' : 'reimbursed to the enterprise after it paid in full'}`,
  );
}

/** The result of a program that refused the purchase: the trace ends saying which rules refused. */
function refused(
  base: Pick<ProgramEvaluation, 'programId' | 'version' | 'payer' | 'budget'>,
  purchase: PurchaseLine,
  trace: TraceEntry[],
): ProgramEvaluation {
  let rules = '';
  for (const entry of trace) {
    if (entry.outcome === 'refused') rules = rules === '' ? entry.rule : `${rules}, ${entry.rule}`;
  }
  trace.push(
    traceEntry(
      'result',
      'refused',
      { subsidyFen: '0', enterpriseFen: purchase.amountFen.toString(), status: 'refused' },
      `不符合条件（${rules}）：无补贴`,
      `not eligible (${rules}): no subsidy`,
    ),
  );
  // Every result is built with the same keys in the same order (one hidden class).
  return {
    programId: base.programId,
    version: base.version,
    eligible: false,
    status: 'refused',
    subsidyFen: 0n,
    rateBps: 0,
    combinedRateBps: 0,
    payer: base.payer,
    budget: base.budget,
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
