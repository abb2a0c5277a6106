import { checkParts, type PurchaseFacts } from './conditions.ts';
import type { OtherSubsidy } from './inputs.ts';
import type { ProgramDefinition } from './program.ts';
import type { PreparedEligibility } from './prepared-eligibility.ts';
import { traceEntry, yuanText, type TraceEntry } from './trace.ts';

/** Inputs of the eligibility rules of one program. */
export interface EligibilityInput {
  program: ProgramDefinition;
  /** `prepareEligibility(program)`, built once per definition. */
  prepared: PreparedEligibility;
  facts: PurchaseFacts;
  otherSubsidies: readonly OtherSubsidy[];
  /** The claim date: the day the rules are evaluated for. */
  date: string;
}

/**
 * Runs every eligibility rule the program has (all of them, so the enterprise sees every reason
 * at once, not just the first) and appends one trace entry per rule, citing the clause of the
 * program's text that states it. Eligible when none refused.
 */
export function checkEligibility(input: EligibilityInput, trace: TraceEntry[]): boolean {
  const { prepared, facts } = input;
  const clause = prepared.clause;
  let eligible = checkWindow(input, trace);
  if (prepared.condition.enterpriseRegionCodes === 'any') {
    trace.push(
      traceEntry(
        'eligibility.region',
        'info',
        { enterpriseRegionCode: facts.enterprise.usccRegionCode, regionCodes: 'any' },
        '面向各地注册的企业，不限注册地',
        'open to enterprises registered anywhere',
        clause,
      ),
    );
  }
  const checks = prepared.checks;
  eligible = checkParts(checks.enterprise, facts, trace, clause) && eligible;
  eligible = checkCredit(input, trace) && eligible;
  eligible = checkParts(checks.purchase, facts, trace, clause) && eligible;
  eligible = checkRelatedParty(input, trace) && eligible;
  eligible = checkContract(input, trace) && eligible;
  eligible = checkParts(checks.contract, facts, trace, clause) && eligible;
  return eligible;
}

function checkWindow({ program, prepared, date }: EligibilityInput, trace: TraceEntry[]): boolean {
  const to = program.effectiveTo ?? '';
  const ok = date >= program.effectiveFrom && (to === '' || date <= to);
  const said = ok ? prepared.inForce : prepared.notInForce;
  trace.push(
    traceEntry(
      'program.in-force',
      ok ? 'applied' : 'refused',
      { date, effectiveFrom: program.effectiveFrom, effectiveTo: to },
      date + said.zh,
      date + said.en,
    ),
  );
  return ok;
}

/** Traces one eligibility rule, applied or refused, citing the eligibility clause. */
function push(
  trace: TraceEntry[],
  clause: string | undefined,
  rule: string,
  holds: boolean,
  numbers: Record<string, string>,
  zh: string,
  en: string,
): void {
  trace.push(traceEntry(rule, holds ? 'applied' : 'refused', numbers, zh, en, clause));
}

function checkCredit(input: EligibilityInput, trace: TraceEntry[]): boolean {
  const { creditRecord } = input.facts.enterprise;
  const said = input.prepared.credit(creditRecord);
  push(
    trace,
    input.prepared.clause,
    'eligibility.credit',
    said.ok,
    { creditRecord, accepted: input.prepared.creditRecords },
    said.zh,
    said.en,
  );
  return said.ok;
}

function checkRelatedParty(input: EligibilityInput, trace: TraceEntry[]): boolean {
  if (!input.program.eligibility.excludeRelatedPartyProvider) return true;
  const { purchase, enterprise } = input.facts;
  const related = enterprise.relatedPartyIds.includes(purchase.providerId);
  push(
    trace,
    input.prepared.clause,
    'eligibility.related-party',
    !related,
    { providerId: purchase.providerId },
    related ? '服务商是企业的关联方，不予补贴' : '服务商不是企业的关联方',
    related
      ? 'the provider is a related party of the enterprise'
      : 'the provider is not a related party',
  );
  return !related;
}

/** Rules on the contract itself: its date against the claim date, double subsidy, one claim. */
function checkContract(input: EligibilityInput, trace: TraceEntry[]): boolean {
  const { eligibility, caps } = input.program;
  const { purchase } = input.facts;
  // Every program: a contract signed after the claim date does not exist yet.
  const signed = purchase.contractSignedOn;
  let ok = signed <= input.date;
  push(
    trace,
    input.prepared.clause,
    'eligibility.contract-before-claim',
    ok,
    { contractSignedOn: signed, claimDate: input.date },
    ok
      ? `合同签订于 ${signed}，不晚于申领日 ${input.date}`
      : `合同签订于 ${signed}，晚于申领日 ${input.date}`,
    ok
      ? `contract signed on ${signed}, not after the claim date ${input.date}`
      : `contract signed on ${signed}, after the claim date ${input.date}`,
  );
  if (eligibility.exclusiveOnContract) {
    const othersText = otherProgramsText(input.otherSubsidies, input.program.id);
    const alone = othersText === null;
    push(
      trace,
      input.prepared.clause,
      'eligibility.no-double-subsidy',
      alone,
      { otherPrograms: othersText ?? '' },
      alone ? '同一合同未获其他补贴' : `同一合同已获其他补贴：${othersText}`,
      alone
        ? 'no other subsidy on this contract'
        : `the contract already has other subsidies: ${othersText}`,
    );
    ok = alone && ok;
  }
  if (eligibility.oneClaimPerContract) ok = checkOneClaim(input, trace) && ok;
  if (caps.perProjectFen !== undefined) {
    // A cap per project cannot be kept for a purchase that does not say which project it serves.
    const project = purchase.projectId;
    const named = project !== undefined;
    push(
      trace,
      input.prepared.clause,
      'eligibility.project-named',
      named,
      { projectId: project ?? '' },
      named ? `采购所属项目：${project}` : '本项目按项目设上限，采购须注明所属项目',
      named
        ? `the purchase serves project ${project}`
        : 'the program caps each project: the purchase must name its project',
    );
    ok = named && ok;
  }
  return ok;
}

/**
 * One claim per contract: refused when the contract was claimed; a first claim on part of the
 * contract is told what it leaves behind, since no later claim can take the rest.
 */
function checkOneClaim(input: EligibilityInput, trace: TraceEntry[]): boolean {
  const { purchase, yearToDate } = input.facts;
  const claimedFen = yearToDate.contractSubsidyFen;
  if (claimedFen > 0n) {
    push(
      trace,
      input.prepared.clause,
      'eligibility.one-claim-per-contract',
      false,
      { contractSubsidyFen: claimedFen.toString() },
      '每份合同只能申领一次，该合同已申领',
      'one claim per contract: this contract was already claimed',
    );
    return false;
  }
  const leftFen = purchase.contractAmountFen - purchase.amountFen;
  const numbers = {
    contractSubsidyFen: '0',
    amountFen: purchase.amountFen.toString(),
    contractAmountFen: purchase.contractAmountFen.toString(),
    unclaimableFen: leftFen.toString(),
  };
  if (leftFen <= 0n) {
    push(
      trace,
      input.prepared.clause,
      'eligibility.one-claim-per-contract',
      true,
      numbers,
      '该合同首次申领，覆盖合同全额',
      'first claim on this contract, for the whole contract',
    );
    return true;
  }
  const part = yuanText(purchase.amountFen);
  const whole = yuanText(purchase.contractAmountFen);
  const left = yuanText(leftFen);
  push(
    trace,
    input.prepared.clause,
    'eligibility.one-claim-per-contract',
    true,
    numbers,
    `该合同首次申领，但只申领合同 ${whole} 中的 ${part}：每份合同只能申领一次，其余 ${left} 以后不能再申领，请按合同全额申领`,
    `first claim on this contract, but for ${part} of the ${whole} contract: one claim per contract, so the other ${left} can never be claimed; claim the whole contract`,
  );
  return true;
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
