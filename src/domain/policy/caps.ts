import type { YearToDate } from './inputs.ts';
import type { Caps } from './program.ts';
import { maxFen } from '../shared/money.ts';
import { limitText, traceEntry, yuanTextOfDigits, type TraceEntry } from './trace.ts';

/** What the caps left, and which cap left nothing (the result line says so). */
export interface CappedAmount {
  amountFen: bigint;
  /** The cap that brought the subsidy to zero, e.g. `cap.budget`; null when something is left. */
  exhaustedBy: CapName | null;
  /** What is left of the annual budget before this purchase; null when there is no budget. */
  budgetLeftFen: bigint | null;
}

/**
 * Lowers `amountFen` to what every cap still allows: per claim, per contract (minus what this
 * program already gave on it), per project (over all its contracts), per enterprise-year, the
 * program-year quota and the budget (minus what is committed). A cap that binds is traced
 * `applied`; one that does not is `info`. Each cites `clause` (the caps' clause; the budget's).
 */
export function applyCaps(options: {
  amountFen: bigint;
  caps: Caps;
  budgetFen: bigint | undefined;
  yearToDate: YearToDate;
  trace: TraceEntry[];
  clauses: { caps: string | undefined; budget: string | undefined };
}): CappedAmount {
  const { caps, yearToDate, trace } = options;
  const clause = options.clauses.caps;
  // One call per cap in a fixed order (no array of checks built per evaluation).
  const state: CappedAmount = {
    amountFen: options.amountFen,
    exhaustedBy: null,
    budgetLeftFen: null,
  };
  if (caps.perClaimFen !== undefined) step(trace, state, perClaim, caps.perClaimFen, 0n, clause);
  if (caps.perContractFen !== undefined) {
    step(trace, state, perContract, caps.perContractFen, yearToDate.contractSubsidyFen, clause);
  }
  if (caps.perProjectFen !== undefined) {
    const usedFen = yearToDate.projectSubsidyFen ?? 0n;
    step(trace, state, perProject, caps.perProjectFen, usedFen, clause);
  }
  if (caps.perEnterpriseYearFen !== undefined) {
    const usedFen = yearToDate.enterpriseYearSubsidyFen;
    step(trace, state, perEnterpriseYear, caps.perEnterpriseYearFen, usedFen, clause);
  }
  if (caps.perProgramYearFen !== undefined) {
    const usedFen = yearToDate.programYearCommittedFen;
    step(trace, state, perProgramYear, caps.perProgramYearFen, usedFen, clause);
  }
  if (options.budgetFen !== undefined) {
    const usedFen = yearToDate.programYearCommittedFen;
    state.budgetLeftFen = maxFen(0n, options.budgetFen - usedFen);
    step(trace, state, budget, options.budgetFen, usedFen, options.clauses.budget);
  }
  return state;
}

/** One cap applied to `state`, noting it when it takes the last fen. */
function step(
  trace: TraceEntry[],
  state: CappedAmount,
  name: CapName,
  limitFen: bigint,
  usedFen: bigint,
  clause: string | undefined,
): void {
  const before = state.amountFen;
  state.amountFen = applyCap(trace, before, name, limitFen, usedFen, clause);
  if (before > 0n && state.amountFen === 0n) state.exhaustedBy = name;
}

/** How one cap is named in the trace. */
export interface CapName {
  rule: string;
  zh: string;
  en: string;
}

const perClaim: CapName = { rule: 'cap.per-claim', zh: '单次申领上限', en: 'per-claim cap' };
const perContract: CapName = {
  rule: 'cap.per-contract',
  zh: '单份合同上限',
  en: 'per-contract cap',
};
const perProject: CapName = {
  rule: 'cap.per-project',
  zh: '单个项目上限',
  en: 'per-project cap',
};
const perEnterpriseYear: CapName = {
  rule: 'cap.enterprise-year',
  zh: '单个企业年度上限',
  en: 'per-enterprise yearly cap',
};
const perProgramYear: CapName = {
  rule: 'cap.program-year',
  zh: '项目年度额度',
  en: 'program yearly quota',
};
// The budget is the whole annual pool; what is left of it is computed and shown as such.
export const budget: CapName = { rule: 'cap.budget', zh: '年度预算', en: 'annual budget' };

/** One cap: what is left under it, traced; returns the amount it still allows. */
function applyCap(
  trace: TraceEntry[],
  amountFen: bigint,
  name: CapName,
  limitFen: bigint,
  usedFen: bigint,
  clause: string | undefined,
): bigint {
  const remainingFen = maxFen(0n, limitFen - usedFen);
  const binds = remainingFen < amountFen;
  const used = usedFen.toString();
  const remaining = remainingFen.toString();
  const before = amountFen.toString();
  const numbers = {
    limitFen: limitFen.toString(),
    usedFen: used,
    remainingFen: remaining,
    beforeFen: before,
  };
  const limitYuan = limitText(limitFen);
  const usedYuan = yuanTextOfDigits(used);
  const remainingYuan = yuanTextOfDigits(remaining);
  const head = `${name.zh} ${limitYuan}，已用 ${usedYuan}，余 ${remainingYuan}`;
  const headEn = `${name.en} ${limitYuan}, used ${usedYuan}, ${remainingYuan} left`;
  if (!binds) {
    trace.push(
      traceEntry(name.rule, 'info', numbers, `${head}：未触及`, `${headEn}: not reached`, clause),
    );
    return amountFen;
  }
  const beforeYuan = yuanTextOfDigits(before);
  trace.push(
    traceEntry(
      name.rule,
      'applied',
      numbers,
      `${head}：补贴由 ${beforeYuan} 降至 ${remainingYuan}`,
      `${headEn}: subsidy lowered from ${beforeYuan} to ${remainingYuan}`,
      clause,
    ),
  );
  return remainingFen;
}
