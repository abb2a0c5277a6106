import { regionLabel } from '../shared/region-names.ts';
import type { EnterpriseProfile, PurchaseLine, YearToDate } from './inputs.ts';
import { regionPrefix, type LocalizedText, type PurchaseCondition } from './program.ts';
import { limitText, listText, yuanText, zhListText, zhTerm, type TraceEntry } from './trace.ts';

/** The facts a condition is checked against, computed once per evaluation. */
export interface PurchaseFacts {
  enterprise: EnterpriseProfile;
  purchase: PurchaseLine;
  /** Whole months from founding to the purchase date. */
  enterpriseAgeMonths: number;
  /** This program's figures before this purchase (firm-year totals some conditions need). */
  yearToDate: YearToDate;
}

/** One condition checked: its name (`size` → trace rule `eligibility.size`), the verdict, why. */
export interface ConditionCheck {
  name: string;
  holds: boolean;
  numbers: Record<string, string>;
  /** A sentence that reads right whether the condition holds or not. */
  message: LocalizedText;
}

/**
 * One part of a condition. Returns undefined when the condition does not have this part, or when
 * it holds and `explain` is false (a rate rule only needs the part that fails).
 */
type Part = (
  condition: PurchaseCondition,
  facts: PurchaseFacts,
  explain: boolean,
) => ConditionCheck | undefined;

function check(
  name: string,
  holds: boolean,
  numbers: Record<string, string>,
  zh: string,
  en: string,
): ConditionCheck {
  return { name, holds, numbers, message: { 'zh-CN': zh, en } };
}

const not = (holds: boolean): string => (holds ? '' : '不');

// Region lists come from program definitions (immutable): their texts and prefixes are built once.
const regionTexts = new WeakMap<readonly string[], { zh: string; en: string }>();
const regionPrefixes = new WeakMap<readonly string[], readonly string[]>();

function regionsText(codes: readonly string[]): { zh: string; en: string } {
  let text = regionTexts.get(codes);
  if (text === undefined) {
    text = {
      zh: codes.map((code) => regionLabel(code)['zh-CN']).join('、'),
      en: codes.map((code) => regionLabel(code).en).join(', '),
    };
    regionTexts.set(codes, text);
  }
  return text;
}

/** Is `code` inside one of `regions` (`regionContains` of each, prefixes cached per list)? */
function insideAny(code: string, regions: readonly string[]): boolean {
  let prefixes = regionPrefixes.get(regions);
  if (prefixes === undefined) {
    prefixes = regions.map(regionPrefix);
    regionPrefixes.set(regions, prefixes);
  }
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

const enterpriseRegion: Part = (condition, { enterprise }, explain) => {
  const regions = condition.enterpriseRegionCodes;
  if (regions === undefined || regions === 'any') return undefined;
  const holds = insideAny(enterprise.usccRegionCode, regions);
  if (holds && !explain) return undefined;
  const at = regionLabel(enterprise.usccRegionCode);
  const within = regionsText(regions);
  return check(
    'region',
    holds,
    { enterpriseRegionCode: enterprise.usccRegionCode, regionCodes: listText(regions) },
    `注册地 ${at['zh-CN']} ${holds ? '属于' : '不属于'} ${within.zh}`,
    `registered in ${at.en}, ${holds ? 'inside' : 'outside'} ${within.en}`,
  );
};

const size: Part = (condition, { enterprise }, explain) => {
  const sizes = condition.sizes;
  if (sizes === undefined) return undefined;
  const holds = sizes.includes(enterprise.size);
  if (holds && !explain) return undefined;
  return check(
    'size',
    holds,
    { size: enterprise.size, sizes: listText(sizes) },
    `企业规模「${zhTerm(enterprise.size)}」${not(holds)}在 ${zhListText(sizes)} 之内`,
    `enterprise size ${enterprise.size} is${holds ? '' : ' not'} one of ${listText(sizes)}`,
  );
};

const startupAge: Part = (condition, facts, explain) => {
  const max = condition.enterpriseAgeMaxMonths;
  if (max === undefined) return undefined;
  const age = facts.enterpriseAgeMonths;
  const holds = age >= 0 && age <= max;
  if (holds && !explain) return undefined;
  return check(
    'startup-age',
    holds,
    { enterpriseAgeMonths: String(age), maxMonths: String(max) },
    `企业成立 ${age} 个月，上限 ${max} 个月`,
    `enterprise founded ${age} months ago, limit ${max} months`,
  );
};

const industry: Part = (condition, { enterprise }, explain) => {
  const required = condition.industries;
  if (required === undefined) return undefined;
  // GB/T 4754 codes nest by prefix: section `I` holds division `I65` and class `I6513`.
  const holds = startsWithAny(enterprise.industries, required);
  if (holds && !explain) return undefined;
  // The enterprise's codes are not a program's: joined here, not cached.
  const industries = enterprise.industries.join(', ');
  const requiredText = listText(required);
  return check(
    'industry',
    holds,
    { industries, required: requiredText },
    `企业行业 [${industries}]${holds ? '' : ' 不'}属于 ${requiredText} 之一`,
    `enterprise industries [${industries}] ${holds ? 'fall' : 'do not fall'} under one of ${requiredText}`,
  );
};

const enterpriseYearContracts: Part = (condition, facts, explain) => {
  const max = condition.enterpriseYearContractsMaxFen;
  if (max === undefined) return undefined;
  const earlierFen = facts.yearToDate.enterpriseYearContractsFen ?? 0n;
  const totalFen = earlierFen + facts.purchase.contractAmountFen;
  const holds = totalFen <= max;
  if (holds && !explain) return undefined;
  const total = yuanText(totalFen);
  return check(
    'enterprise-year-contracts',
    holds,
    {
      earlierContractsFen: earlierFen.toString(),
      totalFen: totalFen.toString(),
      thresholdFen: max.toString(),
    },
    `本年度申报合同累计 ${total}（含本合同），${holds ? '未超过' : '超过'}门槛 ${limitText(max)}`,
    `contracts declared this year total ${total} with this one, ${holds ? 'within' : 'above'} the threshold ${limitText(max)}`,
  );
};

const purchaseKind: Part = (condition, { purchase }, explain) => {
  const kinds = condition.kinds;
  if (kinds === undefined) return undefined;
  const holds = kinds.includes(purchase.kind);
  if (holds && !explain) return undefined;
  return check(
    'purchase-kind',
    holds,
    { kind: purchase.kind, kinds: listText(kinds) },
    `采购类型「${zhTerm(purchase.kind)}」${not(holds)}在 ${zhListText(kinds)} 之内`,
    `purchase kind ${purchase.kind} is${holds ? '' : ' not'} one of ${listText(kinds)}`,
  );
};

const chipOrigin: Part = (condition, { purchase }, explain) => {
  const origins = condition.chipOrigins;
  if (origins === undefined) return undefined;
  const origin = purchase.chipOrigin;
  const holds = origin !== undefined && origins.includes(origin);
  if (holds && !explain) return undefined;
  return check(
    'chip-origin',
    holds,
    { chipOrigin: origin ?? 'unknown', chipOrigins: listText(origins) },
    origin === undefined
      ? `未说明芯片来源，要求 ${zhListText(origins)}`
      : `芯片来源「${zhTerm(origin)}」${not(holds)}在 ${zhListText(origins)} 之内`,
    origin === undefined
      ? `chip origin not stated, required ${listText(origins)}`
      : `chip origin ${origin} is${holds ? '' : ' not'} one of ${listText(origins)}`,
  );
};

const filedModel: Part = (condition, { purchase }, explain) => {
  const required = condition.filedModel;
  if (required === undefined) return undefined;
  const filed = purchase.filedModel ?? false;
  const holds = filed === required;
  if (holds && !explain) return undefined;
  return check(
    'filed-model',
    holds,
    { filedModel: String(filed), required: String(required) },
    filed ? '模型已完成备案' : '模型未完成备案',
    filed ? 'the model is filed (备案)' : 'the model is not filed (备案)',
  );
};

const purpose: Part = (condition, { purchase }, explain) => {
  const purposes = condition.purposes;
  if (purposes === undefined) return undefined;
  const declared = purchase.purpose;
  const holds = declared !== undefined && purposes.includes(declared);
  if (holds && !explain) return undefined;
  return check(
    'purpose',
    holds,
    { purpose: declared ?? 'none', purposes: listText(purposes) },
    declared === undefined
      ? `未申报采购用途，要求 ${zhListText(purposes)}`
      : `申报用途「${zhTerm(declared)}」${not(holds)}在 ${zhListText(purposes)} 之内`,
    declared === undefined
      ? `no purpose declared, required ${listText(purposes)}`
      : `declared purpose ${declared} is${holds ? '' : ' not'} one of ${listText(purposes)}`,
  );
};

const projectTag: Part = (condition, { purchase }, explain) => {
  const required = condition.projectTags;
  if (required === undefined) return undefined;
  const tags = purchase.projectTags ?? [];
  const holds = sharesAny(tags, required);
  if (holds && !explain) return undefined;
  const project = purchase.projectId ?? '';
  return check(
    'project',
    holds,
    { projectId: project, projectTags: tags.join(', '), required: listText(required) },
    project === ''
      ? `采购未关联项目，要求项目属于 ${listText(required)}`
      : `项目 ${project} 的标签 [${tags.join(', ')}]${holds ? '' : ' 不'}含 ${listText(required)} 之一`,
    project === ''
      ? `the purchase names no project; required a project tagged ${listText(required)}`
      : `project ${project} tagged [${tags.join(', ')}] has ${holds ? 'one' : 'none'} of ${listText(required)}`,
  );
};

const providerRegion: Part = (condition, { purchase }, explain) => {
  const regions = condition.providerRegionCodes;
  if (regions === undefined) return undefined;
  const at = purchase.providerRegionCode;
  const holds = at !== undefined && insideAny(at, regions);
  if (holds && !explain) return undefined;
  const within = regionsText(regions);
  const numbers = { providerRegionCode: at ?? 'unknown', regionCodes: listText(regions) };
  if (at === undefined) {
    return check(
      'provider-region',
      false,
      numbers,
      `未提供服务商所在地，要求位于 ${within.zh}`,
      `the provider's location is not given; required inside ${within.en}`,
    );
  }
  const label = regionLabel(at);
  return check(
    'provider-region',
    holds,
    numbers,
    `服务商所在地 ${label['zh-CN']} ${holds ? '属于' : '不属于'} ${within.zh}`,
    `provider located in ${label.en}, ${holds ? 'inside' : 'outside'} ${within.en}`,
  );
};

const contractSigned: Part = (condition, { purchase }, explain) => {
  const from = condition.contractSignedFrom;
  const to = condition.contractSignedTo;
  if (from === undefined && to === undefined) return undefined;
  const signed = purchase.contractSignedOn;
  const holds = (from === undefined || signed >= from) && (to === undefined || signed <= to);
  if (holds && !explain) return undefined;
  return check(
    'contract-signed',
    holds,
    { contractSignedOn: signed, from: from ?? '', to: to ?? '' },
    `合同签订于 ${signed}，要求 ${from ?? '…'} 至 ${to ?? '…'}`,
    `contract signed on ${signed}, required ${from ?? '…'} to ${to ?? '…'}`,
  );
};

const contractTerm: Part = (condition, { purchase }, explain) => {
  const max = condition.contractTermMaxMonths;
  if (max === undefined) return undefined;
  const term = purchase.contractTermMonths;
  const holds = term !== undefined && term <= max;
  if (holds && !explain) return undefined;
  return check(
    'contract-term',
    holds,
    { contractTermMonths: term === undefined ? 'unknown' : String(term), maxMonths: String(max) },
    term === undefined
      ? `未说明合同期限，上限 ${max} 个月`
      : `合同期限 ${term} 个月，上限 ${max} 个月`,
    term === undefined
      ? `contract term not stated, limit ${max} months`
      : `contract term ${term} months, limit ${max} months`,
  );
};

const contractAmount: Part = (condition, { purchase }, explain) => {
  const max = condition.contractAmountMaxFen;
  const min = condition.contractAmountMinFen;
  if (max === undefined && min === undefined) return undefined;
  const contractFen = purchase.contractAmountFen;
  const above = max !== undefined && contractFen > max;
  const below = min !== undefined && contractFen < min;
  const holds = !above && !below;
  if (holds && !explain) return undefined;
  const contract = yuanText(contractFen);
  const threshold = above || (max !== undefined && !below) ? max : min;
  const thresholdText = threshold === undefined ? '' : limitText(threshold);
  return check(
    'contract-amount',
    holds,
    { contractAmountFen: contractFen.toString(), thresholdFen: threshold?.toString() ?? '' },
    above
      ? `合同金额 ${contract} 超过门槛 ${thresholdText}`
      : below
        ? `合同金额 ${contract} 低于门槛 ${thresholdText}`
        : `合同金额 ${contract} 在门槛之内`,
    above
      ? `contract amount ${contract} is above the threshold ${thresholdText}`
      : below
        ? `contract amount ${contract} is below the threshold ${thresholdText}`
        : `contract amount ${contract} is within the thresholds`,
  );
};

/** The parts of a condition by what they look at, each group in a fixed order. */
export const enterpriseParts: readonly Part[] = [
  enterpriseRegion,
  size,
  startupAge,
  industry,
  enterpriseYearContracts,
];
export const purchaseParts: readonly Part[] = [
  purchaseKind,
  chipOrigin,
  filedModel,
  purpose,
  projectTag,
  providerRegion,
];
export const contractParts: readonly Part[] = [contractSigned, contractTerm, contractAmount];

/**
 * Runs `parts` of `condition`, explaining each one it has, and traces every check as rule
 * `eligibility.<name>` citing `clause`. True when all hold.
 */
export function checkParts(
  parts: readonly Part[],
  condition: PurchaseCondition,
  facts: PurchaseFacts,
  trace: TraceEntry[],
  clause: string | undefined,
): boolean {
  let holds = true;
  for (const part of parts) {
    const result = part(condition, facts, true);
    if (result === undefined) continue;
    trace.push(eligibilityEntry(result, clause));
    holds = holds && result.holds;
  }
  return holds;
}

/** A check as the trace entry of an eligibility rule (its message object is shared, not copied). */
export function eligibilityEntry(check: ConditionCheck, clause: string | undefined): TraceEntry {
  return {
    rule: `eligibility.${check.name}`,
    outcome: check.holds ? 'applied' : 'refused',
    numbers: check.numbers,
    message: check.message,
    clause,
  };
}

/**
 * `null` when every part of `condition` holds, else the first part that fails. Checked in a
 * fixed order (enterprise, purchase, contract) so the trace is deterministic.
 */
export function conditionMismatch(
  condition: PurchaseCondition,
  facts: PurchaseFacts,
): ConditionCheck | null {
  for (const part of allParts) {
    const result = part(condition, facts, false);
    if (result !== undefined && !result.holds) return result;
  }
  return null;
}

const allParts: readonly Part[] = [...enterpriseParts, ...purchaseParts, ...contractParts];
