import { conditionMismatch, type PurchaseFacts } from './conditions.ts';
import type { RateRule } from './program.ts';
import { percentText, traceEntry, type TraceEntry } from './trace.ts';

/**
 * The first rate rule, by the `order` the file states, whose condition holds. A rule tried before
 * it and not fitting is traced as not applying (·, with the reason: this is where thresholds show
 * up), not as a refusal; rules after it are not tried and not listed. `null` when no rule fits:
 * then every rule tried is a reason the purchase gets nothing (✗).
 */
export function selectRate(
  rules: readonly RateRule[],
  facts: PurchaseFacts,
  trace: TraceEntry[],
  clauses: ReadonlyMap<string, string | undefined>,
): RateRule | null {
  const triedFrom = trace.length;
  for (const rule of rules) {
    const clause = clauses.get(rule.id);
    const mismatch = conditionMismatch(rule.when, facts);
    if (mismatch === null) {
      trace.push(
        traceEntry(
          `rate.${rule.id}`,
          'applied',
          { rateBps: String(rule.rateBps), order: String(rule.order) },
          `适用费率「${rule.label['zh-CN']}」：${percentText(rule.rateBps)}`,
          `rate "${rule.label.en}" applies: ${percentText(rule.rateBps)}`,
          clause,
        ),
      );
      return rule;
    }
    trace.push(
      traceEntry(
        `rate.${rule.id}`,
        'info',
        { rateBps: String(rule.rateBps), order: String(rule.order), ...mismatch.numbers },
        `费率「${rule.label['zh-CN']}」不适用：${mismatch.message['zh-CN']}`,
        `rate "${rule.label.en}" does not apply: ${mismatch.message.en}`,
        clause,
      ),
    );
  }
  // Nothing fits: each rule tried is now a reason for the refusal.
  for (let index = triedFrom; index < trace.length; index += 1) {
    const entry = trace[index];
    if (entry) trace[index] = { ...entry, outcome: 'refused' };
  }
  trace.push(
    traceEntry(
      'rate.none',
      'refused',
      {},
      '没有适用于该采购的费率',
      'no rate of this program applies to the purchase',
    ),
  );
  return null;
}
