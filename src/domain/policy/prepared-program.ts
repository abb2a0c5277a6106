import type {
  Caps,
  Eligibility,
  ProgramDefinition,
  PurchaseCondition,
  RateRule,
  StackingRule,
} from './program.ts';
import { prepareCaps, type PreparedCap } from './caps.ts';
import { citation, prepareEligibility, type PreparedEligibility } from './prepared-eligibility.ts';
import { prepareRate, type PreparedRate } from './rates.ts';
import { prepareStackingRule, type PreparedStackingRule } from './stacking.ts';
import { yuanText } from './trace.ts';

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
  /** The definition's values, in the evaluator's one shape; rate rules by ascending `order`. */
  program: ProgramDefinition;
  eligibility: PreparedEligibility;
  /** The rate rules by ascending `order`, and the stacking rules, each citing its clause. */
  rates: readonly PreparedRate[];
  stacking: readonly PreparedStackingRule[];
  /** The caps and the budget, in the order they apply. */
  caps: readonly PreparedCap[];
  /** The annual budget in fen (decimal) and in yuan, as the result line shows it. */
  budget: { fen: string; yuan: string } | undefined;
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
    const clauses = {
      caps: citation(program, program.clauses.caps),
      budget: citation(program, program.clauses.budget ?? program.clauses.caps),
    };
    prepared = {
      program,
      eligibility: prepareEligibility(program),
      rates: program.rates.map((rule) => prepareRate(rule, citation(program, rule.clause))),
      stacking: program.stacking.map((rule) =>
        prepareStackingRule(rule, citation(program, rule.clause)),
      ),
      budget:
        program.budgetFen === undefined
          ? undefined
          : { fen: program.budgetFen.toString(), yuan: yuanText(program.budgetFen) },
      caps: prepareCaps(program.caps, program.budgetFen, clauses),
    };
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
    waitingList: definition.waitingList,
    effectiveFrom: definition.effectiveFrom,
    effectiveTo: definition.effectiveTo,
    allocation: definition.allocation,
    disbursement: definition.disbursement,
    eligibility: copyEligibility(definition.eligibility),
    // Tried in the order the file states (a stable sort keeps equal orders as written).
    rates: [...definition.rates].sort((a, b) => a.order - b.order).map(copyRate),
    caps: copyCaps(definition.caps),
    stacking: definition.stacking.map(copyStackingRule),
    sources: definition.sources,
    clauses: definition.clauses,
    notes: definition.notes,
  };
  return copy;
}

function copyEligibility(eligibility: Eligibility): Eligibility {
  const copy: EveryKey<Eligibility> = {
    enterpriseRegionCodes: eligibility.enterpriseRegionCodes,
    sizes: eligibility.sizes,
    enterpriseAgeMaxMonths: eligibility.enterpriseAgeMaxMonths,
    industries: eligibility.industries,
    enterpriseYearContractsMaxFen: eligibility.enterpriseYearContractsMaxFen,
    chipOrigins: eligibility.chipOrigins,
    filedModel: eligibility.filedModel,
    purposes: eligibility.purposes,
    projectTags: eligibility.projectTags,
    providerRegionCodes: eligibility.providerRegionCodes,
    contractAmountMinFen: eligibility.contractAmountMinFen,
    contractAmountMaxFen: eligibility.contractAmountMaxFen,
    contractSignedFrom: eligibility.contractSignedFrom,
    contractSignedTo: eligibility.contractSignedTo,
    contractTermMaxMonths: eligibility.contractTermMaxMonths,
    creditRecords: eligibility.creditRecords,
    purchaseKinds: eligibility.purchaseKinds,
    excludeRelatedPartyProvider: eligibility.excludeRelatedPartyProvider,
    exclusiveOnContract: eligibility.exclusiveOnContract,
    oneClaimPerContract: eligibility.oneClaimPerContract,
  };
  return copy;
}

function copyCaps(caps: Caps): Caps {
  const copy: EveryKey<Caps> = {
    perClaimFen: caps.perClaimFen,
    perContractFen: caps.perContractFen,
    perEnterpriseYearFen: caps.perEnterpriseYearFen,
    perProjectFen: caps.perProjectFen,
    perProgramYearFen: caps.perProgramYearFen,
  };
  return copy;
}

function copyCondition(condition: PurchaseCondition): PurchaseCondition {
  const copy: EveryKey<PurchaseCondition> = {
    enterpriseRegionCodes: condition.enterpriseRegionCodes,
    sizes: condition.sizes,
    enterpriseAgeMaxMonths: condition.enterpriseAgeMaxMonths,
    industries: condition.industries,
    enterpriseYearContractsMaxFen: condition.enterpriseYearContractsMaxFen,
    kinds: condition.kinds,
    chipOrigins: condition.chipOrigins,
    filedModel: condition.filedModel,
    purposes: condition.purposes,
    projectTags: condition.projectTags,
    providerRegionCodes: condition.providerRegionCodes,
    contractAmountMinFen: condition.contractAmountMinFen,
    contractAmountMaxFen: condition.contractAmountMaxFen,
    contractSignedFrom: condition.contractSignedFrom,
    contractSignedTo: condition.contractSignedTo,
    contractTermMaxMonths: condition.contractTermMaxMonths,
  };
  return copy;
}

function copyRate(rule: RateRule): RateRule {
  const copy: EveryKey<RateRule> = {
    id: rule.id,
    label: rule.label,
    order: rule.order,
    when: copyCondition(rule.when),
    rateBps: rule.rateBps,
    clause: rule.clause,
  };
  return copy;
}

function copyStackingRule(rule: StackingRule): StackingRule {
  const copy: EveryKey<StackingRule> = {
    id: rule.id,
    label: rule.label,
    when: copyCondition(rule.when),
    combinedRateBps: rule.combinedRateBps,
    clause: rule.clause,
  };
  return copy;
}
