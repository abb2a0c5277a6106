import type { YearToDate } from './inputs.ts';
import type { Caps } from './program.ts';
import { maxFen } from '../shared/money.ts';
import { limitText, traceEntry, yuanTextOfDigits, type TraceEntry } from './trace.ts';

/** What the caps left, and which cap left nothing (the result line says so). */
export interface CappedAmount {
  amountFen: bigint;
  /** The cap that brought the subsidy to zero, e.g. `cap.budget`; null when something is left. */
  exhaustedBy: CapName | null;
}

/** One cap of a program, with its limit's texts built once per definition. */
export interface PreparedCap {
  name: CapName;
  limitFen: bigint;
  /** The limit in fen (decimal) and in yuan. */
  limitDigits: string;
  limitYuan: string;
  clause: string | undefined;
  /** What was used under this cap before the purchase. */
  usedFen: (yearToDate: YearToDate) => bigint;
}

/**
 * The caps of a program in the order they apply: per claim, per contract (minus what this
 * program already gave on it), per project (over all its contracts), per enterprise-year, the
 * program-year quota and the budget (minus what is committed). Each cites `clauses.caps`, the
 * budget `clauses.budget`.
 *
 * @example
 * prepareCaps({ perClaimFen: 100n }, undefined, { caps: undefined, budget: undefined })[0].limitYuan // '¥1.00'
 */
export function prepareCaps(
  caps: Caps,
  budgetFen: bigint | undefined,
  clauses: { caps: string | undefined; budget: string | undefined },
): PreparedCap[] {
  const prepared: PreparedCap[] = [];
  const add = (
    name: CapName,
    limitFen: bigint | undefined,
    clause: string | undefined,
    usedFen: PreparedCap['usedFen'],
  ): void => {
    if (limitFen === undefined) return;
    const limitDigits = limitFen.toString();
    prepared.push({ name, limitFen, limitDigits, limitYuan: limitText(limitFen), clause, usedFen });
  };
  add(perClaim, caps.perClaimFen, clauses.caps, () => 0n);
  add(perContract, caps.perContractFen, clauses.caps, (ytd) => ytd.contractSubsidyFen);
  add(perProject, caps.perProjectFen, clauses.caps, (ytd) => ytd.projectSubsidyFen ?? 0n);
  add(
    perEnterpriseYear,
    caps.perEnterpriseYearFen,
    clauses.caps,
    (ytd) => ytd.enterpriseYearSubsidyFen,
  );
  add(perProgramYear, caps.perProgramYearFen, clauses.caps, (ytd) => ytd.programYearCommittedFen);
  add(budget, budgetFen, clauses.budget, (ytd) => ytd.programYearCommittedFen);
  return prepared;
}

/**
 * Lowers `amountFen` to what every cap still allows (see `prepareCaps`). A cap that binds is
 * traced `applied`; one that does not is `info`.
 */
export function applyCaps(
  amountFen: bigint,
  caps: readonly PreparedCap[],
  yearToDate: YearToDate,
  trace: TraceEntry[],
): CappedAmount {
  const state: CappedAmount = { amountFen, exhaustedBy: null };
  for (const cap of caps) {
    const before = state.amountFen;
    state.amountFen = applyCap(trace, before, cap, cap.usedFen(yearToDate));
    // Noted when it takes the last fen (the result line says which limit left nothing).
    if (before > 0n && state.amountFen === 0n) state.exhaustedBy = cap.name;
  }
  return state;
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
  cap: PreparedCap,
  usedFen: bigint,
): bigint {
  const { name, limitYuan } = cap;
  const remainingFen = maxFen(0n, cap.limitFen - usedFen);
  const binds = remainingFen < amountFen;
  const used = usedFen.toString();
  const remaining = remainingFen.toString();
  const before = amountFen.toString();
  const numbers = {
    limitFen: cap.limitDigits,
    usedFen: used,
    remainingFen: remaining,
    beforeFen: before,
  };
  const usedYuan = yuanTextOfDigits(used);
  const remainingYuan = yuanTextOfDigits(remaining);
  const head = `${name.zh} ${limitYuan}，已用 ${usedYuan}，余 ${remainingYuan}`;
  const headEn = `${name.en} ${limitYuan}, used ${usedYuan}, ${remainingYuan} left`;
  if (!binds) {
    trace.push(
      traceEntry(
        name.rule,
        'info',
        numbers,
        `${head}：未触及`,
        `${headEn}: not reached`,
        cap.clause,
      ),
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
      cap.clause,
    ),
  );
  return remainingFen;
}
