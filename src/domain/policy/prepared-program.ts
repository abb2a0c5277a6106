import type {
  Caps,
  Eligibility,
  ProgramDefinition,
  PurchaseCondition,
  RateRule,
  StackingRule,
} from './program.ts';
import { prepareEligibility, type PreparedEligibility } from './prepared-eligibility.ts';

/*
 * Validated definitions differ in which optional keys they carry, so V8 gives each its own
 * hidden class; an evaluation reads `eligibility.sizes`, `caps.perClaimFen`, `when.kinds`… of many
 * programs in turn, and with more than four shapes every such read takes the slow (megamorphic)
 * path. The evaluator reads a copy of each definition in one shape instead: every key present, in
 * one order (`undefined` when absent). Same values, so the same evaluation and trace.
 */

/** Every key of `T` required (its value may be `undefined`): a key added to a type must be copied. */
type EveryKey<T> = { [K in keyof Required<T>]: T[K] };

/** A definition as the evaluator reads it: in one shape, with its eligibility prepared. */
export interface PreparedProgram {
  /** The definition's values, in the evaluator's one shape. */
  program: ProgramDefinition;
  eligibility: PreparedEligibility;
}

// Definitions are immutable once validated (a change is a new version), so one copy per value.
const preparedPrograms = new WeakMap<ProgramDefinition, PreparedProgram>();

/**
 * The definition prepared for evaluation, once per definition value (a prepared definition
 * prepares to itself).
 *
 * @example
 * const { program, eligibility } = preparedProgram(definition);
 */
export function preparedProgram(definition: ProgramDefinition): PreparedProgram {
  let prepared = preparedPrograms.get(definition);
  if (prepared === undefined) {
    const program = copyProgram(definition);
    prepared = { program, eligibility: prepareEligibility(program) };
    preparedPrograms.set(definition, prepared);
    preparedPrograms.set(program, prepared);
  }
  return prepared;
}

/**
 * The definition in the evaluator's one shape: same fields, same values.
 *
 * @example
 * canonicalProgram(definition).eligibility.sizes // undefined when the file has none
 */
export function canonicalProgram(definition: ProgramDefinition): ProgramDefinition {
  return preparedProgram(definition).program;
}

function copyProgram(definition: ProgramDefinition): ProgramDefinition {
  const copy: EveryKey<ProgramDefinition> = {
    id: definition.id,
    version: definition.version,
    name: definition.name,
    issuer: definition.issuer,
    regionCode: definition.regionCode,
    fiscalYear: definition.fiscalYear,
    budgetFen: definition.budgetFen,
    effectiveFrom: definition.effectiveFrom,
    effectiveTo: definition.effectiveTo,
    allocation: definition.allocation,
    disbursement: definition.disbursement,
    eligibility: copyEligibility(definition.eligibility),
    rates: definition.rates.map(copyRate),
    caps: copyCaps(definition.caps),
    stacking: definition.stacking.map(copyStackingRule),
    sources: definition.sources,
    notes: definition.notes,
  };
  return copy;
}

function copyEligibility(eligibility: Eligibility): Eligibility {
  const copy: EveryKey<Eligibility> = {
    enterpriseRegionCodes: eligibility.enterpriseRegionCodes,
    providerRegionCodes: eligibility.providerRegionCodes,
    sizes: eligibility.sizes,
    enterpriseAgeMaxMonths: eligibility.enterpriseAgeMaxMonths,
    industries: eligibility.industries,
    creditRecords: eligibility.creditRecords,
    purchaseKinds: eligibility.purchaseKinds,
    excludeRelatedPartyProvider: eligibility.excludeRelatedPartyProvider,
    exclusiveOnContract: eligibility.exclusiveOnContract,
    oneClaimPerContract: eligibility.oneClaimPerContract,
    contractSignedFrom: eligibility.contractSignedFrom,
    contractSignedTo: eligibility.contractSignedTo,
    contractTermMaxMonths: eligibility.contractTermMaxMonths,
  };
  return copy;
}

function copyCaps(caps: Caps): Caps {
  const copy: EveryKey<Caps> = {
    perClaimFen: caps.perClaimFen,
    perContractFen: caps.perContractFen,
    perEnterpriseYearFen: caps.perEnterpriseYearFen,
    perProgramYearFen: caps.perProgramYearFen,
  };
  return copy;
}

function copyCondition(condition: PurchaseCondition): PurchaseCondition {
  const copy: EveryKey<PurchaseCondition> = {
    kinds: condition.kinds,
    chipOrigins: condition.chipOrigins,
    filedModel: condition.filedModel,
    sizes: condition.sizes,
    contractAmountMinFen: condition.contractAmountMinFen,
    contractAmountMaxFen: condition.contractAmountMaxFen,
    enterpriseAgeMaxMonths: condition.enterpriseAgeMaxMonths,
    industries: condition.industries,
  };
  return copy;
}

function copyRate(rule: RateRule): RateRule {
  return { id: rule.id, label: rule.label, when: copyCondition(rule.when), rateBps: rule.rateBps };
}

function copyStackingRule(rule: StackingRule): StackingRule {
  return {
    id: rule.id,
    label: rule.label,
    when: copyCondition(rule.when),
    combinedRateBps: rule.combinedRateBps,
  };
}
