import { prepareCondition, type PreparedCondition } from './conditions.ts';
import { creditRecords, type ProgramDefinition, type PurchaseCondition } from './program.ts';
import { zhTerm } from './trace.ts';

/**
 * What every evaluation of a program's eligibility rules needs from its definition, built once
 * per definition instead of once per evaluation: the texts it shows, the eligibility as the one
 * condition model rates share, and the clause of the published text it cites.
 */
export interface PreparedEligibility {
  /** `2025-01-01 – 2025-12-31`, `…` when open-ended. */
  window: string;
  /** What follows the date in the in-force step, by verdict: ` 在有效期 … 内`, ` is within …`. */
  inForce: { zh: string; en: string };
  notInForce: { zh: string; en: string };
  creditRecords: string;
  /** The credit step of an enterprise's record: accepted or not, and the sentence saying so. */
  credit: (record: string) => CreditSaid;
  /** The eligibility's conditions, with its `purchaseKinds` as `kinds`. */
  condition: PurchaseCondition;
  /** That condition's checks. */
  checks: PreparedCondition;
  /** `《title》clause` of the eligibility rules; undefined when the file names no clause. */
  clause: string | undefined;
}

/** An enterprise's credit record against the program's: accepted or not, said in both languages. */
export interface CreditSaid {
  ok: boolean;
  zh: string;
  en: string;
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
  const condition: PurchaseCondition = { ...rest, kinds: purchaseKinds };
  const window = `${program.effectiveFrom} – ${to === '' ? '…' : to}`;
  const accepted: readonly string[] = eligibility.creditRecords;
  const sayCredit = (record: string): CreditSaid => {
    // Blacklisted is refused whatever the file says: a clawback blacklist must not be overridden.
    const ok = record !== 'blacklisted' && accepted.includes(record);
    return {
      ok,
      zh: `信用记录「${zhTerm(record)}」${ok ? '符合' : '不符合'}要求`,
      en: `credit record ${record} is${ok ? '' : ' not'} accepted`,
    };
  };
  // Every record the enumeration has, said once; any other (not after validation) on the spot.
  const credits = new Map(creditRecords.map((record) => [record as string, sayCredit(record)]));
  return {
    window,
    inForce: { zh: ` 在有效期 ${window} 内`, en: ` is within the effective period ${window}` },
    notInForce: {
      zh: ` 不在有效期 ${window} 内`,
      en: ` is outside the effective period ${window}`,
    },
    creditRecords: eligibility.creditRecords.join(', '),
    credit: (record) => credits.get(record) ?? sayCredit(record),
    condition,
    checks: prepareCondition(condition),
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
