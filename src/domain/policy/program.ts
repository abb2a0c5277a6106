/**
 * A validated program version, as the evaluator sees it. Programs are data: one YAML file per
 * version (`programs/*.yaml`), validated by `src/contracts/program.ts`, which produces values of
 * exactly this type. Money is fen (`bigint`), rates are basis points (3000 = 30 %), dates are ISO
 * calendar dates (`2025-01-01`, Asia/Shanghai) compared as strings.
 */

/** What was bought: intelligent compute, a model service (MaaS), corpus/data, or model training. */
export const purchaseKinds = ['compute', 'model', 'corpus', 'training'] as const;
export type PurchaseKind = (typeof purchaseKinds)[number];

/** Enterprise size under the national SME classification (工信部联企业〔2011〕300号). */
export const enterpriseSizes = ['micro', 'small', 'medium', 'large'] as const;
export type EnterpriseSize = (typeof enterpriseSizes)[number];

export const chipOrigins = ['domestic', 'imported'] as const;
export type ChipOrigin = (typeof chipOrigins)[number];

export const creditRecords = ['good', 'poor', 'blacklisted'] as const;
export type CreditRecord = (typeof creditRecords)[number];

/** How grants are handed out: an operator reviews, rules approve, or first come first served. */
export const allocationModes = ['review', 'automatic', 'first-come'] as const;
export type AllocationMode = (typeof allocationModes)[number];

/**
 * Who receives the program's money: the enterprise after it paid in full (Beijing, Langfang), or
 * the provider at the point of sale while the enterprise pays only its share (Wuhan 即领即用).
 */
export const disbursementModes = ['reimburse-enterprise', 'pay-provider'] as const;
export type DisbursementMode = (typeof disbursementModes)[number];

/** Text shown to people, in both console languages. */
export interface LocalizedText {
  'zh-CN': string;
  en: string;
}

/**
 * Conditions on one purchase; every condition present must hold (AND); absent means "any".
 * Used to select a rate and a stacking limit.
 */
export interface PurchaseCondition {
  kinds?: readonly PurchaseKind[];
  chipOrigins?: readonly ChipOrigin[];
  /** The model service runs on a model filed with the CAC (生成式人工智能服务备案). */
  filedModel?: boolean;
  sizes?: readonly EnterpriseSize[];
  /** Inclusive bounds on the whole contract amount (contract size thresholds). */
  contractAmountMinFen?: bigint;
  contractAmountMaxFen?: bigint;
  /** Enterprise founded at most this many whole months before the purchase date (start-ups). */
  enterpriseAgeMaxMonths?: number;
  /** The enterprise carries at least one of these industry tags. */
  industries?: readonly string[];
}

/** One rate rule; the first rule whose condition holds sets the rate (order is the author's). */
export interface RateRule {
  id: string;
  label: LocalizedText;
  when: PurchaseCondition;
  rateBps: number;
}

/** Combined public rate on one contract when this program stacks with others (city + district). */
export interface StackingRule {
  id: string;
  label: LocalizedText;
  when: PurchaseCondition;
  /** Ceiling of all programs' subsidies on the contract together, over the contract amount. */
  combinedRateBps: number;
}

export interface Eligibility {
  /** GB/T 2260 codes the enterprise must be registered in; a prefix match (330100 ⊃ 330106). */
  enterpriseRegionCodes: readonly string[] | 'any';
  /** Where the provider must be (Guizhou: compute bought in Guizhou); absent = anywhere. */
  providerRegionCodes?: readonly string[];
  sizes?: readonly EnterpriseSize[];
  /** Start-up age limit in whole months between founding and purchase. */
  enterpriseAgeMaxMonths?: number;
  industries?: readonly string[];
  /** Credit records accepted; blacklisted is never accepted whatever the file says. */
  creditRecords: readonly CreditRecord[];
  purchaseKinds: readonly PurchaseKind[];
  /** The provider must not be a related party of the enterprise. */
  excludeRelatedPartyProvider: boolean;
  /** No subsidy from another program on the same contract (Beijing). */
  exclusiveOnContract: boolean;
  /** At most one claim per contract (a second purchase line on it is refused). */
  oneClaimPerContract: boolean;
  contractSignedFrom?: string;
  contractSignedTo?: string;
  contractTermMaxMonths?: number;
}

/** Caps; each absent cap does not apply. The budget is always a cap when published. */
export interface Caps {
  perClaimFen?: bigint;
  perContractFen?: bigint;
  perEnterpriseYearFen?: bigint;
  /** Annual commitment ceiling below the budget (e.g. a quota for one kind of purchase). */
  perProgramYearFen?: bigint;
}

export interface ProgramSource {
  title: string;
  url?: string;
  /** Document in `shared/seeds/` this figure comes from. */
  seed?: string;
  publishedOn?: string;
}

export interface ProgramDefinition {
  /** Stable id shared by every version: lowercase words and dashes, e.g. `hangzhou-city-compute`. */
  id: string;
  /** 1, 2, …; a published version never changes, a change is a new version. */
  version: number;
  name: LocalizedText;
  issuer: LocalizedText;
  /** GB/T 2260 code of the issuing government (province, city or district). */
  regionCode: string;
  fiscalYear: number;
  /** Annual pool; absent when the source does not publish one (then no budget cap applies). */
  budgetFen?: bigint;
  effectiveFrom: string;
  effectiveTo?: string;
  allocation: AllocationMode;
  disbursement: DisbursementMode;
  eligibility: Eligibility;
  rates: readonly RateRule[];
  caps: Caps;
  stacking: readonly StackingRule[];
  sources: readonly ProgramSource[];
  notes: readonly string[];
}

/** Administrative level from a GB/T 2260 code: `110000` province, `330100` city, else district. */
export function regionLevel(regionCode: string): 'province' | 'city' | 'district' {
  if (regionCode.endsWith('0000')) return 'province';
  if (regionCode.endsWith('00')) return 'city';
  return 'district';
}

/** The prefix a code stands for: `330000` → `33`, `330100` → `3301`, `330106` → `330106`. */
export function regionPrefix(regionCode: string): string {
  const level = regionLevel(regionCode);
  return level === 'province'
    ? regionCode.slice(0, 2)
    : level === 'city'
      ? regionCode.slice(0, 4)
      : regionCode;
}

/** Does `inner` (an enterprise's code) fall inside `outer` (a program's code)? */
export function regionContains(outer: string, inner: string): boolean {
  return inner.startsWith(regionPrefix(outer));
}
