import type { EnterpriseProfile, PurchaseLine } from './inputs.ts';
import type { LocalizedText, PurchaseCondition } from './program.ts';
import { limitText, listText, yuanText, zhListText, zhTerm } from './trace.ts';

/** The facts a condition is checked against, computed once per evaluation. */
export interface PurchaseFacts {
  enterprise: EnterpriseProfile;
  purchase: PurchaseLine;
  /** Whole months from founding to the purchase date. */
  enterpriseAgeMonths: number;
}

/** Why a condition does not hold: the numbers and a sentence in both languages. */
export interface ConditionMismatch {
  numbers: Record<string, string>;
  reason: LocalizedText;
}

const list = listText;

/**
 * `null` when every part of `condition` holds, else the first part that fails. Checked in a
 * fixed order so the trace is deterministic.
 */
export function conditionMismatch(
  condition: PurchaseCondition,
  facts: PurchaseFacts,
): ConditionMismatch | null {
  const { enterprise, purchase } = facts;
  if (condition.kinds && !condition.kinds.includes(purchase.kind)) {
    return {
      numbers: { kind: purchase.kind, kinds: list(condition.kinds) },
      reason: {
        'zh-CN': `采购类型「${zhTerm(purchase.kind)}」不在 ${zhListText(condition.kinds)} 之内`,
        en: `purchase kind ${purchase.kind} is not one of ${list(condition.kinds)}`,
      },
    };
  }
  if (condition.chipOrigins) {
    const origin = purchase.chipOrigin ?? 'unknown';
    if (!purchase.chipOrigin || !condition.chipOrigins.includes(purchase.chipOrigin)) {
      return {
        numbers: { chipOrigin: origin, chipOrigins: list(condition.chipOrigins) },
        reason: {
          'zh-CN': `芯片来源「${zhTerm(origin)}」不在 ${zhListText(condition.chipOrigins)} 之内`,
          en: `chip origin ${origin} is not one of ${list(condition.chipOrigins)}`,
        },
      };
    }
  }
  if (
    condition.filedModel !== undefined &&
    (purchase.filedModel ?? false) !== condition.filedModel
  ) {
    const filed = String(purchase.filedModel ?? false);
    return {
      numbers: { filedModel: filed, required: String(condition.filedModel) },
      reason: condition.filedModel
        ? { 'zh-CN': '模型未完成备案', en: 'the model is not filed (备案)' }
        : { 'zh-CN': '仅限未备案模型', en: 'only for models not filed' },
    };
  }
  if (condition.sizes && !condition.sizes.includes(enterprise.size)) {
    return {
      numbers: { size: enterprise.size, sizes: list(condition.sizes) },
      reason: {
        'zh-CN': `企业规模「${zhTerm(enterprise.size)}」不在 ${zhListText(condition.sizes)} 之内`,
        en: `enterprise size ${enterprise.size} is not one of ${list(condition.sizes)}`,
      },
    };
  }
  const contractFen = purchase.contractAmountFen;
  if (
    condition.contractAmountMaxFen !== undefined &&
    contractFen > condition.contractAmountMaxFen
  ) {
    return {
      numbers: {
        contractAmountFen: contractFen.toString(),
        thresholdFen: condition.contractAmountMaxFen.toString(),
      },
      reason: {
        'zh-CN': `合同金额 ${yuanText(contractFen)} 超过门槛 ${limitText(condition.contractAmountMaxFen)}`,
        en: `contract amount ${yuanText(contractFen)} is above the threshold ${limitText(condition.contractAmountMaxFen)}`,
      },
    };
  }
  if (
    condition.contractAmountMinFen !== undefined &&
    contractFen < condition.contractAmountMinFen
  ) {
    return {
      numbers: {
        contractAmountFen: contractFen.toString(),
        thresholdFen: condition.contractAmountMinFen.toString(),
      },
      reason: {
        'zh-CN': `合同金额 ${yuanText(contractFen)} 低于门槛 ${limitText(condition.contractAmountMinFen)}`,
        en: `contract amount ${yuanText(contractFen)} is below the threshold ${limitText(condition.contractAmountMinFen)}`,
      },
    };
  }
  if (
    condition.enterpriseAgeMaxMonths !== undefined &&
    facts.enterpriseAgeMonths > condition.enterpriseAgeMaxMonths
  ) {
    return {
      numbers: {
        enterpriseAgeMonths: String(facts.enterpriseAgeMonths),
        maxMonths: String(condition.enterpriseAgeMaxMonths),
      },
      reason: {
        'zh-CN': `企业成立 ${facts.enterpriseAgeMonths} 个月，超过 ${condition.enterpriseAgeMaxMonths} 个月`,
        en: `enterprise founded ${facts.enterpriseAgeMonths} months ago, more than ${condition.enterpriseAgeMaxMonths}`,
      },
    };
  }
  if (
    condition.industries &&
    !condition.industries.some((tag) => enterprise.industries.includes(tag))
  ) {
    // The enterprise's tags are not a program's: joined here, not cached.
    const industries = enterprise.industries.join(', ');
    const required = list(condition.industries);
    return {
      numbers: { industries, required },
      reason: {
        'zh-CN': `企业行业 [${industries}] 不含 ${required} 之一`,
        en: `enterprise industries [${industries}] include none of ${required}`,
      },
    };
  }
  return null;
}
