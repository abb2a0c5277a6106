import type { YearToDate } from './inputs.ts';
import type { Caps } from './program.ts';
import { maxFen } from '../shared/money.ts';
import { limitText, traceEntry, yuanTextOfDigits, type TraceEntry } from './trace.ts';

/**
 * Lowers `amountFen` to what every cap still allows: per claim, per contract (minus what this
 * program already gave on it), per enterprise-year, the program-year quota and the budget (minus
 * what is committed). A cap that binds is traced `applied`; one that does not is `info`.
 */
export function applyCaps(options: {
  amountFen: bigint;
  caps: Caps;
  budgetFen: bigint | undefined;
  yearToDate: YearToDate;
  trace: TraceEntry[];
}): bigint {
  const { caps, yearToDate, trace } = options;
  // One call per cap in a fixed order (no array of checks built per evaluation).
  let amountFen = options.amountFen;
  if (caps.perClaimFen !== undefined) {
    amountFen = applyCap(trace, amountFen, perClaim, caps.perClaimFen, 0n);
  }
  if (caps.perContractFen !== undefined) {
    amountFen = applyCap(
      trace,
      amountFen,
      perContract,
      caps.perContractFen,
      yearToDate.contractSubsidyFen,
    );
  }
  if (caps.perEnterpriseYearFen !== undefined) {
    amountFen = applyCap(
      trace,
      amountFen,
      perEnterpriseYear,
      caps.perEnterpriseYearFen,
      yearToDate.enterpriseYearSubsidyFen,
    );
  }
  if (caps.perProgramYearFen !== undefined) {
    amountFen = applyCap(
      trace,
      amountFen,
      perProgramYear,
      caps.perProgramYearFen,
      yearToDate.programYearCommittedFen,
    );
  }
  if (options.budgetFen !== undefined) {
    amountFen = applyCap(
      trace,
      amountFen,
      budget,
      options.budgetFen,
      yearToDate.programYearCommittedFen,
    );
  }
  return amountFen;
}

/** How one cap is named in the trace. */
interface CapName {
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
const budget: CapName = { rule: 'cap.budget', zh: '年度预算余额', en: 'remaining annual budget' };

/** One cap: what is left under it, traced; returns the amount it still allows. */
function applyCap(
  trace: TraceEntry[],
  amountFen: bigint,
  name: CapName,
  limitFen: bigint,
  usedFen: bigint,
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
    trace.push(traceEntry(name.rule, 'info', numbers, `${head}：未触及`, `${headEn}: not reached`));
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
    ),
  );
  return remainingFen;
}
