import type { YearToDate } from './inputs.ts';
import type { Caps } from './program.ts';
import { maxFen } from '../shared/money.ts';
import { limitText, traceEntry, yuanText, type TraceEntry } from './trace.ts';

/** One cap: what is left under it, and how it is named in the trace. */
interface CapCheck {
  rule: string;
  limitFen: bigint;
  usedFen: bigint;
  zh: string;
  en: string;
}

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
  const checks: CapCheck[] = [];
  if (caps.perClaimFen !== undefined) {
    checks.push({
      rule: 'cap.per-claim',
      limitFen: caps.perClaimFen,
      usedFen: 0n,
      zh: '单次申领上限',
      en: 'per-claim cap',
    });
  }
  if (caps.perContractFen !== undefined) {
    checks.push({
      rule: 'cap.per-contract',
      limitFen: caps.perContractFen,
      usedFen: yearToDate.contractSubsidyFen,
      zh: '单份合同上限',
      en: 'per-contract cap',
    });
  }
  if (caps.perEnterpriseYearFen !== undefined) {
    checks.push({
      rule: 'cap.enterprise-year',
      limitFen: caps.perEnterpriseYearFen,
      usedFen: yearToDate.enterpriseYearSubsidyFen,
      zh: '单个企业年度上限',
      en: 'per-enterprise yearly cap',
    });
  }
  if (caps.perProgramYearFen !== undefined) {
    checks.push({
      rule: 'cap.program-year',
      limitFen: caps.perProgramYearFen,
      usedFen: yearToDate.programYearCommittedFen,
      zh: '项目年度额度',
      en: 'program yearly quota',
    });
  }
  if (options.budgetFen !== undefined) {
    checks.push({
      rule: 'cap.budget',
      limitFen: options.budgetFen,
      usedFen: yearToDate.programYearCommittedFen,
      zh: '年度预算余额',
      en: 'remaining annual budget',
    });
  }
  let amountFen = options.amountFen;
  for (const check of checks) {
    const remainingFen = maxFen(0n, check.limitFen - check.usedFen);
    const binds = remainingFen < amountFen;
    const numbers = {
      limitFen: check.limitFen.toString(),
      usedFen: check.usedFen.toString(),
      remainingFen: remainingFen.toString(),
      beforeFen: amountFen.toString(),
    };
    const head = `${check.zh} ${limitText(check.limitFen)}，已用 ${yuanText(check.usedFen)}，余 ${yuanText(remainingFen)}`;
    const headEn = `${check.en} ${limitText(check.limitFen)}, used ${yuanText(check.usedFen)}, ${yuanText(remainingFen)} left`;
    if (binds) {
      trace.push(
        traceEntry(
          check.rule,
          'applied',
          numbers,
          `${head}：补贴由 ${yuanText(amountFen)} 降至 ${yuanText(remainingFen)}`,
          `${headEn}: subsidy lowered from ${yuanText(amountFen)} to ${yuanText(remainingFen)}`,
        ),
      );
      amountFen = remainingFen;
    } else {
      trace.push(
        traceEntry(check.rule, 'info', numbers, `${head}：未触及`, `${headEn}: not reached`),
      );
    }
  }
  return amountFen;
}
