import {
  enterpriseParts,
  purchaseParts,
  type Check,
  type ConditionCheck,
  type Part,
  type PurchaseFacts,
} from './condition-parts.ts';
import { contractParts } from './contract-parts.ts';
import type { PurchaseCondition } from './program.ts';
import type { TraceEntry } from './trace.ts';

export type { ConditionCheck, PurchaseFacts } from './condition-parts.ts';

/**
 * A condition prepared once per definition: only the checks of the parts it has (most conditions
 * have two or three of fourteen), grouped by what they look at, each group in a fixed order.
 */
export interface PreparedCondition {
  enterprise: readonly Check[];
  purchase: readonly Check[];
  contract: readonly Check[];
  /** The three groups in turn: enterprise, purchase, contract. */
  all: readonly Check[];
}

function prepareParts(parts: readonly Part[], condition: PurchaseCondition): Check[] {
  const checks: Check[] = [];
  for (const part of parts) {
    const prepared = part(condition);
    if (prepared !== undefined) checks.push(prepared);
  }
  return checks;
}

/**
 * The checks of `condition`.
 *
 * @example
 * prepareCondition({ sizes: ['small'] }).all.length // 1
 */
export function prepareCondition(condition: PurchaseCondition): PreparedCondition {
  const enterprise = prepareParts(enterpriseParts, condition);
  const purchase = prepareParts(purchaseParts, condition);
  const contract = prepareParts(contractParts, condition);
  return { enterprise, purchase, contract, all: [...enterprise, ...purchase, ...contract] };
}

/**
 * Runs `checks`, explaining each, and traces every one as its eligibility rule citing `clause`.
 * True when all hold.
 */
export function checkParts(
  checks: readonly Check[],
  facts: PurchaseFacts,
  trace: TraceEntry[],
  clause: string | undefined,
): boolean {
  let holds = true;
  for (const check of checks) {
    const result = check(facts, true);
    if (result === undefined) continue;
    trace.push(eligibilityEntry(result, clause));
    holds = holds && result.holds;
  }
  return holds;
}

/** A check as the trace entry of an eligibility rule (its message object is shared, not copied). */
export function eligibilityEntry(check: ConditionCheck, clause: string | undefined): TraceEntry {
  return {
    rule: check.rule,
    outcome: check.holds ? 'applied' : 'refused',
    numbers: check.numbers,
    message: check.message,
    clause,
  };
}

/**
 * `null` when every part of the condition holds, else the first part that fails. Checked in a
 * fixed order (enterprise, purchase, contract) so the trace is deterministic.
 */
export function conditionMismatch(
  condition: PreparedCondition,
  facts: PurchaseFacts,
): ConditionCheck | null {
  for (const check of condition.all) {
    const result = check(facts, false);
    if (result !== undefined && !result.holds) return result;
  }
  return null;
}
