import type { ProgramDefinition, PurchaseCondition } from './program.ts';

/**
 * What every evaluation of a program's eligibility rules needs from its definition, built once
 * per definition instead of once per evaluation: the texts it shows, the eligibility as the one
 * condition model rates share, and the clause of the published text it cites.
 */
export interface PreparedEligibility {
  /** `2025-01-01 – 2025-12-31`, `…` when open-ended. */
  window: string;
  creditRecords: string;
  /** The eligibility's conditions, with its `purchaseKinds` as `kinds`. */
  condition: PurchaseCondition;
  /** `《title》clause` of the eligibility rules; undefined when the file names no clause. */
  clause: string | undefined;
}

/**
 * The prepared eligibility of `program`.
 *
 * @example
 * prepareEligibility(program).condition.kinds // ['compute', 'model']
 */
export function prepareEligibility(program: ProgramDefinition): PreparedEligibility {
  const { eligibility } = program;
  const to = program.effectiveTo ?? '';
  const { purchaseKinds, ...rest } = eligibility;
  return {
    window: `${program.effectiveFrom} – ${to === '' ? '…' : to}`,
    creditRecords: eligibility.creditRecords.join(', '),
    condition: { ...rest, kinds: purchaseKinds },
    clause: citation(program, program.clauses.eligibility),
  };
}

/**
 * A clause of the program's main (first) source as the trace cites it: `《title》clause`, or the
 * clause as written when it names its own document (starts with 《).
 */
export function citation(
  program: ProgramDefinition,
  clause: string | undefined,
): string | undefined {
  if (clause === undefined) return undefined;
  if (clause.startsWith('《')) return clause;
  const title = program.sources[0]?.title;
  return title === undefined ? clause : `《${title}》${clause}`;
}
