import {
  conditionMismatch,
  prepareCondition,
  type PreparedCondition,
  type PurchaseFacts,
} from './conditions.ts';
import type { RateRule } from './program.ts';
import { percentText, traceEntry, type TraceEntry } from './trace.ts';

/** A rate rule with its condition's checks and the texts of its trace entries, built once. */
export interface PreparedRate {
  rule: RateRule;
  /** The trace's rule id, `rate.<id>`. */
  traceRule: string;
  when: PreparedCondition;
  clause: string | undefined;
  rateBps: string;
  order: string;
  appliesZh: string;
  appliesEn: string;
  /** The start of the "does not apply" messages, before the reason. */
  notApplyingZh: string;
  notApplyingEn: string;
}

/**
 * `rule` prepared, citing `clause`.
 *
 * @example
 * prepareRate(rule, '《方案》二、支持内容').appliesEn // 'rate "SME" applies: 30%'
 */
export function prepareRate(rule: RateRule, clause: string | undefined): PreparedRate {
  const percent = percentText(rule.rateBps);
  return {
    rule,
    traceRule: `rate.${rule.id}`,
    when: prepareCondition(rule.when),
    clause,
    rateBps: String(rule.rateBps),
    order: String(rule.order),
    appliesZh: `适用费率「${rule.label['zh-CN']}」：${percent}`,
    appliesEn: `rate "${rule.label.en}" applies: ${percent}`,
    notApplyingZh: `费率「${rule.label['zh-CN']}」不适用：`,
    notApplyingEn: `rate "${rule.label.en}" does not apply: `,
  };
}

/**
 * The first rate rule, by the `order` the file states, whose condition holds. A rule tried before
 * it and not fitting is traced as not applying (·, with the reason: this is where thresholds show
 * up), not as a refusal; rules after it are not tried and not listed. `null` when no rule fits:
 * then every rule tried is a reason the purchase gets nothing (✗).
 */
export function selectRate(
  rates: readonly PreparedRate[],
  facts: PurchaseFacts,
  trace: TraceEntry[],
): RateRule | null {
  const triedFrom = trace.length;
  for (const rate of rates) {
    const mismatch = conditionMismatch(rate.when, facts);
    if (mismatch === null) {
      trace.push(
        traceEntry(
          rate.traceRule,
          'applied',
          { rateBps: rate.rateBps, order: rate.order },
          rate.appliesZh,
          rate.appliesEn,
          rate.clause,
        ),
      );
      return rate.rule;
    }
    trace.push(
      traceEntry(
        rate.traceRule,
        'info',
        { rateBps: rate.rateBps, order: rate.order, ...mismatch.numbers },
        rate.notApplyingZh + mismatch.message['zh-CN'],
        rate.notApplyingEn + mismatch.message.en,
        rate.clause,
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
