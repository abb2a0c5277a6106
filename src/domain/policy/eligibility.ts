import type { PurchaseFacts } from './conditions.ts';
import type { OtherSubsidy, YearToDate } from './inputs.ts';
import type { ProgramDefinition } from './program.ts';
import type { PreparedEligibility } from './prepared-eligibility.ts';
import { traceEntry, zhTerm, type TraceEntry } from './trace.ts';

/** Inputs of the eligibility rules of one program. */
export interface EligibilityInput {
  program: ProgramDefinition;
  /** `prepareEligibility(program)`, built once per definition. */
  prepared: PreparedEligibility;
  facts: PurchaseFacts;
  yearToDate: YearToDate;
  otherSubsidies: readonly OtherSubsidy[];
  date: string;
}

/**
 * Runs every eligibility rule the program has (all of them, so the enterprise sees every reason
 * at once, not just the first) and appends one trace entry per rule. Eligible when none refused.
 */
export function checkEligibility(input: EligibilityInput, trace: TraceEntry[]): boolean {
  let eligible = checkWindow(input, trace);
  eligible = checkEnterprise(input, trace) && eligible;
  eligible = checkPurchase(input, trace) && eligible;
  eligible = checkContract(input, trace) && eligible;
  return eligible;
}

function record(
  trace: TraceEntry[],
  ok: boolean,
  rule: string,
  numbers: Record<string, string>,
  zh: string,
  en: string,
): boolean {
  trace.push(traceEntry(rule, ok ? 'applied' : 'refused', numbers, zh, en));
  return ok;
}

function checkWindow({ program, prepared, date }: EligibilityInput, trace: TraceEntry[]): boolean {
  const to = program.effectiveTo ?? '';
  const ok = date >= program.effectiveFrom && (to === '' || date <= to);
  const window = prepared.window;
  return record(
    trace,
    ok,
    'program.in-force',
    { date, effectiveFrom: program.effectiveFrom, effectiveTo: to },
    ok ? `${date} 在有效期 ${window} 内` : `${date} 不在有效期 ${window} 内`,
    ok
      ? `${date} is within the effective period ${window}`
      : `${date} is outside the effective period ${window}`,
  );
}

function checkEnterprise(input: EligibilityInput, trace: TraceEntry[]): boolean {
  const { eligibility } = input.program;
  const { enterprise } = input.facts;
  let ok = true;
  const regionPrefixes = input.prepared.enterpriseRegionPrefixes;
  if (regionPrefixes === 'any') {
    trace.push(
      traceEntry(
        'eligibility.region',
        'info',
        { enterpriseRegionCode: enterprise.usccRegionCode, regionCodes: 'any' },
        '面向各地注册的企业，不限注册地',
        'open to enterprises registered anywhere',
      ),
    );
  } else {
    const inside = startsWithAny(enterprise.usccRegionCode, regionPrefixes);
    const regionsText = input.prepared.enterpriseRegionCodes;
    ok =
      record(
        trace,
        inside,
        'eligibility.region',
        { enterpriseRegionCode: enterprise.usccRegionCode, regionCodes: regionsText },
        inside
          ? `注册地 ${enterprise.usccRegionCode} 属于 ${regionsText}`
          : `注册地 ${enterprise.usccRegionCode} 不属于 ${regionsText}`,
        inside
          ? `registered in ${enterprise.usccRegionCode}, inside ${regionsText}`
          : `registered in ${enterprise.usccRegionCode}, outside ${regionsText}`,
      ) && ok;
  }
  if (eligibility.sizes) {
    const fits = eligibility.sizes.includes(enterprise.size);
    const sizesText = input.prepared.sizes;
    ok =
      record(
        trace,
        fits,
        'eligibility.size',
        { size: enterprise.size, sizes: sizesText },
        `企业规模「${zhTerm(enterprise.size)}」${fits ? '' : '不'}在 ${input.prepared.sizesZh} 之内`,
        `enterprise size ${enterprise.size} is${fits ? '' : ' not'} one of ${sizesText}`,
      ) && ok;
  }
  if (eligibility.enterpriseAgeMaxMonths !== undefined) {
    const age = input.facts.enterpriseAgeMonths;
    const max = eligibility.enterpriseAgeMaxMonths;
    const young = age >= 0 && age <= max;
    ok =
      record(
        trace,
        young,
        'eligibility.startup-age',
        { enterpriseAgeMonths: String(age), maxMonths: String(max) },
        `企业成立 ${age} 个月，上限 ${max} 个月`,
        `enterprise founded ${age} months ago, limit ${max} months`,
      ) && ok;
  }
  if (eligibility.industries) {
    const required = eligibility.industries;
    const fits = sharesAny(required, enterprise.industries);
    // The enterprise's tags are not a program's: joined here, not cached.
    const industriesText = enterprise.industries.join(', ');
    const requiredText = input.prepared.industries;
    ok =
      record(
        trace,
        fits,
        'eligibility.industry',
        { industries: industriesText, required: requiredText },
        `企业行业 [${industriesText}]${fits ? '' : ' 不'}含 ${requiredText} 之一`,
        `enterprise industries [${industriesText}] include ${fits ? 'one' : 'none'} of ${requiredText}`,
      ) && ok;
  }
  // Blacklisted is refused whatever the file says: a clawback blacklist must not be overridden.
  const creditOk =
    enterprise.creditRecord !== 'blacklisted' &&
    eligibility.creditRecords.includes(enterprise.creditRecord);
  ok =
    record(
      trace,
      creditOk,
      'eligibility.credit',
      { creditRecord: enterprise.creditRecord, accepted: input.prepared.creditRecords },
      `信用记录「${zhTerm(enterprise.creditRecord)}」${creditOk ? '符合' : '不符合'}要求`,
      `credit record ${enterprise.creditRecord} is${creditOk ? '' : ' not'} accepted`,
    ) && ok;
  return ok;
}

function checkPurchase(input: EligibilityInput, trace: TraceEntry[]): boolean {
  const { eligibility } = input.program;
  const { purchase, enterprise } = input.facts;
  const kinds = eligibility.purchaseKinds;
  const kindOk = kinds.includes(purchase.kind);
  const kindsText = input.prepared.purchaseKinds;
  let ok = record(
    trace,
    kindOk,
    'eligibility.purchase-kind',
    { kind: purchase.kind, kinds: kindsText },
    `采购类型「${zhTerm(purchase.kind)}」${kindOk ? '' : '不'}在支持范围（${input.prepared.purchaseKindsZh}）内`,
    `purchase kind ${purchase.kind} is${kindOk ? '' : ' not'} covered (${kindsText})`,
  );
  const providerPrefixes = input.prepared.providerRegionPrefixes;
  if (providerPrefixes) {
    const at = purchase.providerRegionCode ?? 'unknown';
    const inside =
      purchase.providerRegionCode !== undefined &&
      startsWithAny(purchase.providerRegionCode, providerPrefixes);
    const codesText = input.prepared.providerRegionCodes;
    ok =
      record(
        trace,
        inside,
        'eligibility.provider-region',
        { providerRegionCode: at, regionCodes: codesText },
        `服务商所在地 ${at}${inside ? '' : ' 不'}属于 ${codesText}`,
        `provider located in ${at}, ${inside ? 'inside' : 'outside'} ${codesText}`,
      ) && ok;
  }
  if (eligibility.excludeRelatedPartyProvider) {
    const related = enterprise.relatedPartyIds.includes(purchase.providerId);
    ok =
      record(
        trace,
        !related,
        'eligibility.related-party',
        { providerId: purchase.providerId },
        related ? '服务商是企业的关联方，不予补贴' : '服务商不是企业的关联方',
        related
          ? 'the provider is a related party of the enterprise'
          : 'the provider is not a related party',
      ) && ok;
  }
  return ok;
}

function checkContract(input: EligibilityInput, trace: TraceEntry[]): boolean {
  const { eligibility } = input.program;
  const { purchase } = input.facts;
  let ok = true;
  if (eligibility.exclusiveOnContract) {
    const othersText = otherProgramsText(input.otherSubsidies, input.program.id);
    ok =
      record(
        trace,
        othersText === null,
        'eligibility.no-double-subsidy',
        { otherPrograms: othersText ?? '' },
        othersText === null ? '同一合同未获其他补贴' : `同一合同已获其他补贴：${othersText}`,
        othersText === null
          ? 'no other subsidy on this contract'
          : `the contract already has other subsidies: ${othersText}`,
      ) && ok;
  }
  if (eligibility.oneClaimPerContract) {
    const first = input.yearToDate.contractSubsidyFen === 0n;
    ok =
      record(
        trace,
        first,
        'eligibility.one-claim-per-contract',
        { contractSubsidyFen: input.yearToDate.contractSubsidyFen.toString() },
        first ? '该合同首次申领' : '每份合同只能申领一次，该合同已申领',
        first
          ? 'first claim on this contract'
          : 'one claim per contract: this contract was already claimed',
      ) && ok;
  }
  const signed = purchase.contractSignedOn;
  const from = eligibility.contractSignedFrom;
  const to = eligibility.contractSignedTo;
  if (from !== undefined || to !== undefined) {
    const inside = (from === undefined || signed >= from) && (to === undefined || signed <= to);
    ok =
      record(
        trace,
        inside,
        'eligibility.contract-signed',
        { contractSignedOn: signed, from: from ?? '', to: to ?? '' },
        `合同签订于 ${signed}，要求 ${from ?? '…'} 至 ${to ?? '…'}`,
        `contract signed on ${signed}, required ${from ?? '…'} to ${to ?? '…'}`,
      ) && ok;
  }
  if (eligibility.contractTermMaxMonths !== undefined) {
    const term = purchase.contractTermMonths;
    const max = eligibility.contractTermMaxMonths;
    const fits = term !== undefined && term <= max;
    ok =
      record(
        trace,
        fits,
        'eligibility.contract-term',
        {
          contractTermMonths: term === undefined ? 'unknown' : String(term),
          maxMonths: String(max),
        },
        `合同期限 ${term ?? '未知'} 个月，上限 ${max} 个月`,
        `contract term ${term ?? 'unknown'} months, limit ${max} months`,
      ) && ok;
  }
  return ok;
}

/**
 * Is `code` inside one of the regions whose prefixes are given (`regionContains` of each)? A
 * loop: `some` would build a closure per call.
 */
function startsWithAny(code: string, regionPrefixes: readonly string[]): boolean {
  for (const prefix of regionPrefixes) if (code.startsWith(prefix)) return true;
  return false;
}

/** Does `tags` hold one of `required`? */
function sharesAny(required: readonly string[], tags: readonly string[]): boolean {
  for (const tag of required) if (tags.includes(tag)) return true;
  return false;
}

/** The other programs with a subsidy on the contract, `a, b`; `null` when there is none. */
function otherProgramsText(others: readonly OtherSubsidy[], programId: string): string | null {
  let text: string | null = null;
  for (const other of others) {
    if (other.programId === programId || other.subsidyFen <= 0n) continue;
    text = text === null ? other.programId : `${text}, ${other.programId}`;
  }
  return text;
}
