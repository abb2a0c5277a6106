import { conditionMismatch, type PurchaseFacts } from './conditions.ts';
import type { RateRule } from './program.ts';
import { percentText, traceEntry, type TraceEntry } from './trace.ts';

/**
 * The first rate rule whose condition holds, in the author's order; each rule tried before it is
 * traced as refused with the reason (this is where contract-size thresholds show up). `null`
 * when no rule fits: the purchase gets no subsidy from this program.
 */
export function selectRate(
  rules: readonly RateRule[],
  facts: PurchaseFacts,
  trace: TraceEntry[],
): RateRule | null {
  for (const rule of rules) {
    const mismatch = conditionMismatch(rule.when, facts);
    if (mismatch === null) {
      trace.push(
        traceEntry(
          `rate.${rule.id}`,
          'applied',
          { rateBps: String(rule.rateBps) },
          `适用费率「${rule.label['zh-CN']}」：${percentText(rule.rateBps)}`,
          `rate "${rule.label.en}" applies: ${percentText(rule.rateBps)}`,
        ),
      );
      return rule;
    }
    trace.push(
      traceEntry(
        `rate.${rule.id}`,
        'refused',
        { rateBps: String(rule.rateBps), ...mismatch.numbers },
        `费率「${rule.label['zh-CN']}」不适用：${mismatch.reason['zh-CN']}`,
        `rate "${rule.label.en}" does not apply: ${mismatch.reason.en}`,
      ),
    );
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
