import type { LocalizedText } from './program.ts';

/**
 * One step of an evaluation, shown to the enterprise and the reviewer alike: which rule, what
 * it decided, with which numbers (fen as decimal strings, rates in basis points), in zh-CN and
 * en. A trace lists every rule that applied or refused, in evaluation order.
 */
export interface TraceEntry {
  /** Stable rule id, e.g. `eligibility.region`, `rate.sme-small-contract`, `cap.enterprise-year`. */
  rule: string;
  outcome: 'applied' | 'refused' | 'info';
  numbers: Record<string, string>;
  message: LocalizedText;
}

/** Builds trace entries; the evaluator appends, never rewrites. */
export function traceEntry(
  rule: string,
  outcome: TraceEntry['outcome'],
  numbers: Record<string, string>,
  zh: string,
  en: string,
): TraceEntry {
  return { rule, outcome, numbers, message: { 'zh-CN': zh, en } };
}

/** `3000` bps → `30%`, `2550` → `25.5%`. */
export function percentText(rateBps: number): string {
  return `${rateBps / 100}%`;
}
