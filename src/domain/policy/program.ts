/**
 * A validated program version, as the evaluator sees it. Programs are data: one YAML file per
 * version (`programs/*.yaml`), validated by `src/contracts/program.ts`, which produces values of
 * exactly this type. Money is fen (`bigint`), rates are basis points (3000 = 30 %), dates are ISO
 * calendar dates (`2025-01-01`, Asia/Shanghai) compared as strings.
 */

/**
 * What was bought. The programs' texts name these resources: intelligent compute (智能算力),
 * storage, network and security services (Beijing excludes them by name, Langfang's 算力服务
 * includes storage), model services (MaaS), corpus and data (语料, data trade) and training
 * compute (Shenzhen's 训力券).
 */
export const purchaseKinds = [
  'compute',
  'storage',
  'network',
  'security',
  'model',
  'corpus',
  'training',
] as const;
export type PurchaseKind = (typeof purchaseKinds)[number];

/**
 * What the buyer declares the purchase is for (the texts condition on it: Beijing's "行业人工智能
 * 大模型训练和应用", Wuhan's "大模型研发", Wuhan OPC's AI work): developing or training models,
 * AI applications (inference, agents), scientific research, or anything else.
 */
export const purchasePurposes = ['model-rnd', 'ai-application', 'research', 'other'] as const;
export type PurchasePurpose = (typeof purchasePurposes)[number];

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
 * Conditions on the enterprise, the purchase and its contract; every condition present must hold
 * (AND); absent means "any". One model for eligibility, rate rules and stacking rules, so a rate
 * can be limited by anything eligibility can (Hangzhou's SME tier: compute contracts only).
 */
export interface PurchaseCondition {
  /** GB/T 2260 codes the enterprise must be registered in; a prefix match (330100 ⊃ 330106). */
  enterpriseRegionCodes?: readonly string[] | 'any';
  sizes?: readonly EnterpriseSize[];
  /** Enterprise founded at most this many whole months before the purchase date (start-ups). */
  enterpriseAgeMaxMonths?: number;
  /** The enterprise's GB/T 4754 industry codes: one must start with one of these (`I` ⊃ `I65`). */
  industries?: readonly string[];
  /**
   * The enterprise's contracts declared to this program in its year, this one included, total at
   * most this (Hangzhou: "年申报智算合同累计金额50万元(含)以下").
   */
  enterpriseYearContractsMaxFen?: bigint;
  kinds?: readonly PurchaseKind[];
  chipOrigins?: readonly ChipOrigin[];
  /** The model service runs on a model filed with the CAC (生成式人工智能服务备案). */
  filedModel?: boolean;
  /** The purpose the buyer declares for the purchase. */
  purposes?: readonly PurchasePurpose[];
  /** The purchase's project carries one of these tags (Langfang: a national or provincial project). */
  projectTags?: readonly string[];
  /** Where the provider must be (Guizhou: compute bought in Guizhou); absent = anywhere. */
  providerRegionCodes?: readonly string[];
  /** Inclusive bounds on the whole contract amount (contract size thresholds). */
  contractAmountMinFen?: bigint;
  contractAmountMaxFen?: bigint;
  /** Inclusive bounds on the day the contract was signed. */
  contractSignedFrom?: string;
  contractSignedTo?: string;
  contractTermMaxMonths?: number;
}

/** One rate rule. Rules are tried by ascending `order`; the first whose condition holds applies. */
export interface RateRule {
  id: string;
  label: LocalizedText;
  /** Position among the program's rate rules, stated in the file (1, 2, …; unique). */
  order: number;
  when: PurchaseCondition;
  rateBps: number;
  /** The clause of the published text this rule encodes, e.g. `二、支持内容`. */
  clause?: string;
}

/** Combined public rate on one contract when this program stacks with others (city + district). */
export interface StackingRule {
  id: string;
  label: LocalizedText;
  when: PurchaseCondition;
  /** Ceiling of all programs' subsidies on the contract together, over the contract amount. */
  combinedRateBps: number;
  clause?: string;
}

/** Who may claim: the conditions every purchase must meet, and the rules on the contract. */
export interface Eligibility extends Omit<PurchaseCondition, 'kinds' | 'enterpriseRegionCodes'> {
  enterpriseRegionCodes: readonly string[] | 'any';
  /** Credit records accepted; blacklisted is never accepted whatever the file says. */
  creditRecords: readonly CreditRecord[];
  purchaseKinds: readonly PurchaseKind[];
  /** The provider must not be a related party of the enterprise. */
  excludeRelatedPartyProvider: boolean;
  /** No subsidy from another program on the same contract (Beijing). */
  exclusiveOnContract: boolean;
  /**
   * At most one claim per contract (Beijing: "同一合同仅能申领一次"): a second purchase line on
   * it is refused, and a claim on part of the contract is told that the rest is lost.
   */
  oneClaimPerContract: boolean;
}

/** Caps; each absent cap does not apply. The budget is always a cap when published. */
export interface Caps {
  perClaimFen?: bigint;
  perContractFen?: bigint;
  perEnterpriseYearFen?: bigint;
  /** Per project, over all its contracts (Wuhan: "单个项目最高2000万元"). */
  perProjectFen?: bigint;
  /** Annual commitment ceiling below the budget (e.g. a quota for one kind of purchase). */
  perProgramYearFen?: bigint;
}

/** A published document the program encodes: what it is, who issued it, when, and where. */
export interface ProgramSource {
  title: string;
  /** Who issued (or, for a report, published) the document. */
  issuer?: string;
  publishedOn?: string;
  /** The clauses of the document this version encodes, e.g. `一（一）实施算力券和智能券政策`. */
  clause?: string;
  url?: string;
}

/** Clauses of the main source that each family of rules applies (shown in the trace). */
export interface ProgramClauses {
  eligibility?: string;
  caps?: string;
  budget?: string;
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
  /** When the budget is spent, eligible purchases may join a waiting list (候补). */
  waitingList: boolean;
  effectiveFrom: string;
  effectiveTo?: string;
  allocation: AllocationMode;
  disbursement: DisbursementMode;
  eligibility: Eligibility;
  rates: readonly RateRule[];
  caps: Caps;
  stacking: readonly StackingRule[];
  sources: readonly ProgramSource[];
  clauses: ProgramClauses;
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
