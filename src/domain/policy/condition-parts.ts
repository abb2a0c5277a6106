import { regionLabel } from '../shared/region-names.ts';
import type { EnterpriseProfile, PurchaseLine, YearToDate } from './inputs.ts';
import {
  chipOrigins,
  enterpriseSizes,
  purchaseKinds,
  purchasePurposes,
  regionPrefix,
  type LocalizedText,
  type PurchaseCondition,
} from './program.ts';
import { limitText, listText, yuanText, zhListText, zhTerm } from './trace.ts';

/** The facts a condition is checked against, computed once per evaluation. */
export interface PurchaseFacts {
  enterprise: EnterpriseProfile;
  purchase: PurchaseLine;
  /** Whole months from founding to the purchase date. */
  enterpriseAgeMonths: number;
  /** This program's figures before this purchase (firm-year totals some conditions need). */
  yearToDate: YearToDate;
}

/** One condition checked: its eligibility rule (`eligibility.size`), the verdict, why. */
export interface ConditionCheck {
  rule: string;
  holds: boolean;
  numbers: Record<string, string>;
  /** A sentence that reads right whether the condition holds or not. */
  message: LocalizedText;
}

/**
 * One part of one condition, prepared: checks the facts. Returns undefined when the part holds
 * and `explain` is false (a rate rule only needs the part that fails).
 */
export type Check = (facts: PurchaseFacts, explain: boolean) => ConditionCheck | undefined;

/**
 * Prepares one part of a condition, once per definition: undefined when the condition does not
 * have this part; else its check, with every text that comes from the definition (region names,
 * lists, limits) built here rather than on each evaluation.
 */
export type Part = (condition: PurchaseCondition) => Check | undefined;

/** A check's result, its message in both languages. */
export function check(
  rule: string,
  holds: boolean,
  numbers: Record<string, string>,
  zh: string,
  en: string,
): ConditionCheck {
  return { rule, holds, numbers, message: { 'zh-CN': zh, en } };
}

/** A region list as the trace names it, with the prefixes its codes stand for. */
function regionList(codes: readonly string[]) {
  return {
    prefixes: codes.map(regionPrefix),
    codes: listText(codes),
    zh: codes.map((code) => regionLabel(code)['zh-CN']).join('、'),
    en: codes.map((code) => regionLabel(code).en).join(', '),
  };
}

/** Is `code` inside one of the regions (`regionContains` of each)? */
function insideAny(code: string, prefixes: readonly string[]): boolean {
  for (const prefix of prefixes) if (code.startsWith(prefix)) return true;
  return false;
}

/** Does one of `codes` start with one of `required` (GB/T 4754 codes nest by prefix)? */
function startsWithAny(codes: readonly string[], required: readonly string[]): boolean {
  for (const code of codes) for (const prefix of required) if (code.startsWith(prefix)) return true;
  return false;
}

/** Do the two lists share a value? */
function sharesAny(values: readonly string[], required: readonly string[]): boolean {
  for (const value of values) if (required.includes(value)) return true;
  return false;
}

/** One value's sentence: does the list hold it, said in both languages. */
interface Said {
  holds: boolean;
  zh: string;
  en: string;
}

/**
 * "X is (not) one of the list" for a program's list of enumerated values: the sentence of every
 * value of the enumeration is built once, with the definition; a value outside it (not possible
 * after validation, but the evaluator does not rely on that) is said on the spot.
 */
function membership(
  listed: readonly string[],
  domain: readonly string[],
  zhSubject: string,
  enSubject: string,
) {
  const list = listText(listed);
  const zhList = zhListText(listed);
  const say = (value: string): Said => {
    const holds = listed.includes(value);
    return {
      holds,
      zh: `${zhSubject}「${zhTerm(value)}」${holds ? '' : '不'}在 ${zhList} 之内`,
      en: `${enSubject} ${value} is${holds ? '' : ' not'} one of ${list}`,
    };
  };
  const sentences = new Map(domain.map((value) => [value, say(value)]));
  return { list, zhList, of: (value: string): Said => sentences.get(value) ?? say(value) };
}

const enterpriseRegion: Part = (condition) => {
  const regions = condition.enterpriseRegionCodes;
  if (regions === undefined || regions === 'any') return undefined;
  const within = regionList(regions);
  const [zhIn, zhOut] = [` 属于 ${within.zh}`, ` 不属于 ${within.zh}`];
  const [enIn, enOut] = [`, inside ${within.en}`, `, outside ${within.en}`];
  return ({ enterprise }, explain) => {
    const code = enterprise.usccRegionCode;
    const holds = insideAny(code, within.prefixes);
    if (holds && !explain) return undefined;
    const at = regionLabel(code);
    return check(
      'eligibility.region',
      holds,
      { enterpriseRegionCode: code, regionCodes: within.codes },
      `注册地 ${at['zh-CN']}${holds ? zhIn : zhOut}`,
      `registered in ${at.en}${holds ? enIn : enOut}`,
    );
  };
};

const size: Part = (condition) => {
  const sizes = condition.sizes;
  if (sizes === undefined) return undefined;
  const texts = membership(sizes, enterpriseSizes, '企业规模', 'enterprise size');
  return ({ enterprise }, explain) => {
    const said = texts.of(enterprise.size);
    if (said.holds && !explain) return undefined;
    const numbers = { size: enterprise.size, sizes: texts.list };
    return check('eligibility.size', said.holds, numbers, said.zh, said.en);
  };
};

const startupAge: Part = (condition) => {
  const max = condition.enterpriseAgeMaxMonths;
  if (max === undefined) return undefined;
  const maxMonths = String(max);
  const [zhLimit, enLimit] = [` 个月，上限 ${max} 个月`, ` months ago, limit ${max} months`];
  return (facts, explain) => {
    const age = facts.enterpriseAgeMonths;
    const holds = age >= 0 && age <= max;
    if (holds && !explain) return undefined;
    return check(
      'eligibility.startup-age',
      holds,
      { enterpriseAgeMonths: String(age), maxMonths },
      `企业成立 ${age}${zhLimit}`,
      `enterprise founded ${age}${enLimit}`,
    );
  };
};

const industry: Part = (condition) => {
  const required = condition.industries;
  if (required === undefined) return undefined;
  const requiredText = listText(required);
  const [zhIn, zhOut] = [`]属于 ${requiredText} 之一`, `] 不属于 ${requiredText} 之一`];
  const [enIn, enOut] = [
    `] fall under one of ${requiredText}`,
    `] do not fall under one of ${requiredText}`,
  ];
  return ({ enterprise }, explain) => {
    // GB/T 4754 codes nest by prefix: section `I` holds division `I65` and class `I6513`.
    const holds = startsWithAny(enterprise.industries, required);
    if (holds && !explain) return undefined;
    // The enterprise's codes are not a program's: joined here, not prepared.
    const industries = enterprise.industries.join(', ');
    return check(
      'eligibility.industry',
      holds,
      { industries, required: requiredText },
      `企业行业 [${industries}${holds ? zhIn : zhOut}`,
      `enterprise industries [${industries}${holds ? enIn : enOut}`,
    );
  };
};

const enterpriseYearContracts: Part = (condition) => {
  const max = condition.enterpriseYearContractsMaxFen;
  if (max === undefined) return undefined;
  const thresholdFen = max.toString();
  const threshold = limitText(max);
  const [zhIn, zhOut] = [
    `（含本合同），未超过门槛 ${threshold}`,
    `（含本合同），超过门槛 ${threshold}`,
  ];
  const [enIn, enOut] = [
    ` with this one, within the threshold ${threshold}`,
    ` with this one, above the threshold ${threshold}`,
  ];
  return (facts, explain) => {
    const earlierFen = facts.yearToDate.enterpriseYearContractsFen ?? 0n;
    const totalFen = earlierFen + facts.purchase.contractAmountFen;
    const holds = totalFen <= max;
    if (holds && !explain) return undefined;
    const total = yuanText(totalFen);
    return check(
      'eligibility.enterprise-year-contracts',
      holds,
      { earlierContractsFen: earlierFen.toString(), totalFen: totalFen.toString(), thresholdFen },
      `本年度申报合同累计 ${total}${holds ? zhIn : zhOut}`,
      `contracts declared this year total ${total}${holds ? enIn : enOut}`,
    );
  };
};

export const enterpriseParts: readonly Part[] = [
  enterpriseRegion,
  size,
  startupAge,
  industry,
  enterpriseYearContracts,
];

const purchaseKind: Part = (condition) => {
  const kinds = condition.kinds;
  if (kinds === undefined) return undefined;
  const texts = membership(kinds, purchaseKinds, '采购类型', 'purchase kind');
  return ({ purchase }, explain) => {
    const said = texts.of(purchase.kind);
    if (said.holds && !explain) return undefined;
    const numbers = { kind: purchase.kind, kinds: texts.list };
    return check('eligibility.purchase-kind', said.holds, numbers, said.zh, said.en);
  };
};

const chipOrigin: Part = (condition) => {
  const origins = condition.chipOrigins;
  if (origins === undefined) return undefined;
  const texts = membership(origins, chipOrigins, '芯片来源', 'chip origin');
  const unstatedZh = `未说明芯片来源，要求 ${texts.zhList}`;
  const unstatedEn = `chip origin not stated, required ${texts.list}`;
  return ({ purchase }, explain) => {
    const origin = purchase.chipOrigin;
    const said = origin === undefined ? undefined : texts.of(origin);
    if (said?.holds === true && !explain) return undefined;
    const numbers = { chipOrigin: origin ?? 'unknown', chipOrigins: texts.list };
    if (said === undefined) {
      return check('eligibility.chip-origin', false, numbers, unstatedZh, unstatedEn);
    }
    return check('eligibility.chip-origin', said.holds, numbers, said.zh, said.en);
  };
};

const filedModel: Part = (condition) => {
  const required = condition.filedModel;
  if (required === undefined) return undefined;
  const requiredText = String(required);
  return ({ purchase }, explain) => {
    const filed = purchase.filedModel ?? false;
    const holds = filed === required;
    if (holds && !explain) return undefined;
    return check(
      'eligibility.filed-model',
      holds,
      { filedModel: String(filed), required: requiredText },
      filed ? '模型已完成备案' : '模型未完成备案',
      filed ? 'the model is filed (备案)' : 'the model is not filed (备案)',
    );
  };
};

const purpose: Part = (condition) => {
  const purposes = condition.purposes;
  if (purposes === undefined) return undefined;
  const texts = membership(purposes, purchasePurposes, '申报用途', 'declared purpose');
  const undeclaredZh = `未申报采购用途，要求 ${texts.zhList}`;
  const undeclaredEn = `no purpose declared, required ${texts.list}`;
  return ({ purchase }, explain) => {
    const declared = purchase.purpose;
    const said = declared === undefined ? undefined : texts.of(declared);
    if (said?.holds === true && !explain) return undefined;
    const numbers = { purpose: declared ?? 'none', purposes: texts.list };
    if (said === undefined) {
      return check('eligibility.purpose', false, numbers, undeclaredZh, undeclaredEn);
    }
    return check('eligibility.purpose', said.holds, numbers, said.zh, said.en);
  };
};

const projectTag: Part = (condition) => {
  const required = condition.projectTags;
  if (required === undefined) return undefined;
  const list = listText(required);
  const unnamedZh = `采购未关联项目，要求项目属于 ${list}`;
  const unnamedEn = `the purchase names no project; required a project tagged ${list}`;
  return ({ purchase }, explain) => {
    const tags = purchase.projectTags ?? [];
    const holds = sharesAny(tags, required);
    if (holds && !explain) return undefined;
    const project = purchase.projectId ?? '';
    const tagged = tags.join(', ');
    return check(
      'eligibility.project',
      holds,
      { projectId: project, projectTags: tagged, required: list },
      project === ''
        ? unnamedZh
        : `项目 ${project} 的标签 [${tagged}]${holds ? '' : ' 不'}含 ${list} 之一`,
      project === ''
        ? unnamedEn
        : `project ${project} tagged [${tagged}] has ${holds ? 'one' : 'none'} of ${list}`,
    );
  };
};

const providerRegion: Part = (condition) => {
  const regions = condition.providerRegionCodes;
  if (regions === undefined) return undefined;
  const within = regionList(regions);
  const unknownZh = `未提供服务商所在地，要求位于 ${within.zh}`;
  const unknownEn = `the provider's location is not given; required inside ${within.en}`;
  const [zhIn, zhOut] = [` 属于 ${within.zh}`, ` 不属于 ${within.zh}`];
  const [enIn, enOut] = [`, inside ${within.en}`, `, outside ${within.en}`];
  return ({ purchase }, explain) => {
    const at = purchase.providerRegionCode;
    const holds = at !== undefined && insideAny(at, within.prefixes);
    if (holds && !explain) return undefined;
    const numbers = { providerRegionCode: at ?? 'unknown', regionCodes: within.codes };
    if (at === undefined) {
      return check('eligibility.provider-region', false, numbers, unknownZh, unknownEn);
    }
    const label = regionLabel(at);
    return check(
      'eligibility.provider-region',
      holds,
      numbers,
      `服务商所在地 ${label['zh-CN']}${holds ? zhIn : zhOut}`,
      `provider located in ${label.en}${holds ? enIn : enOut}`,
    );
  };
};

export const purchaseParts: readonly Part[] = [
  purchaseKind,
  chipOrigin,
  filedModel,
  purpose,
  projectTag,
  providerRegion,
];
