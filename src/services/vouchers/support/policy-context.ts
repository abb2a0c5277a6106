import type { Sql } from '../../../db/client.ts';
import {
  evaluateProgram,
  type ProgramEvaluation,
} from '../../../domain/policy/evaluate-purchase.ts';
import type {
  EnterpriseProfile,
  OtherSubsidy,
  PurchaseLine,
  YearToDate,
} from '../../../domain/policy/inputs.ts';
import type { ProgramDefinition } from '../../../domain/policy/program.ts';
import { DomainError } from '../../../domain/shared/errors.ts';
import { areRelated } from '../../parties/are-related.ts';
import { loadEnterprise } from '../../parties/get-enterprise.ts';
import { getVersionInForce } from '../../programs/get-version-in-force.ts';

/**
 * The bridge to the policy engine and the parties module: the program version in force, the
 * enterprise profile (with the provider listed as a related party when `areRelated` says so, so
 * the program's own "no related-party provider" rule decides and traces it), and the evaluation.
 */
export async function programInForce(
  sql: Sql,
  programId: string,
  date: string,
): Promise<ProgramDefinition> {
  const version = await getVersionInForce({ sql, programId, date });
  return version.definition;
}

/** The enterprise as the evaluator needs it; `providerId` adds the related-party check. */
export async function enterpriseProfile(
  sql: Sql,
  enterpriseId: string,
  providerId?: string,
): Promise<{ profile: EnterpriseProfile; relatedReasons: unknown[] }> {
  const enterprise = await loadEnterprise(sql, enterpriseId);
  let relatedPartyIds: string[] = [];
  let relatedReasons: unknown[] = [];
  if (providerId !== undefined) {
    const check = await areRelated({ sql, enterpriseId, providerId });
    if (check.related) relatedPartyIds = [providerId];
    relatedReasons = check.reasons;
  }
  return {
    profile: {
      id: enterprise.id,
      usccRegionCode: enterprise.regionCode,
      size: enterprise.size,
      foundedOn: enterprise.foundedOn,
      industries: enterprise.industries,
      creditRecord: enterprise.creditRecord,
      relatedPartyIds,
    },
    relatedReasons,
  };
}

/**
 * Evaluates one purchase line; refuses with BUDGET_EXHAUSTED when the program is eligible but its
 * budget is spent (the details say whether a waiting list exists), and with POLICY_REJECTED (trace
 * in details) when ineligible or zero.
 */
export function evaluateOrRefuse(input: {
  program: ProgramDefinition;
  enterprise: EnterpriseProfile;
  purchase: PurchaseLine;
  yearToDate: YearToDate;
  otherSubsidies: readonly OtherSubsidy[];
  date: string;
}): ProgramEvaluation {
  const evaluation = evaluateProgram(input);
  if (evaluation.status === 'budget-exhausted') {
    throw new DomainError(
      'BUDGET_EXHAUSTED',
      evaluation.trace.at(-1)?.message.en ?? 'eligible, budget exhausted',
      {
        programId: input.program.id,
        waitingList: evaluation.budget?.waitingList ?? false,
        trace: evaluation.trace,
      },
    );
  }
  if (!evaluation.eligible || evaluation.subsidyFen === 0n) {
    const refusals = evaluation.trace.filter((entry) => entry.outcome === 'refused');
    throw new DomainError(
      'POLICY_REJECTED',
      refusals[0]?.message.en ?? 'the program grants no subsidy on this purchase',
      { programId: input.program.id, trace: evaluation.trace },
    );
  }
  return evaluation;
}

/** JSON of a trace for a jsonb column (bigints are already strings in trace numbers). */
export function traceJson(evaluation: ProgramEvaluation): string {
  return JSON.stringify(evaluation.trace);
}
