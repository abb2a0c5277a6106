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
  /**
   * The published text and clause this step applies, e.g. `《人工智能算力券实施方案（2023—2025年）》
   * 二、支持内容`; absent for the evaluator's own steps (rounding, the result line).
   */
  clause?: string;
}

/** Builds trace entries; the evaluator appends, never rewrites. */
export function traceEntry(
  rule: string,
  outcome: TraceEntry['outcome'],
  numbers: Record<string, string>,
  zh: string,
  en: string,
  clause?: string,
): TraceEntry {
  // Every entry has the same keys (one hidden class); JSON leaves an undefined clause out.
  return { rule, outcome, numbers, message: { 'zh-CN': zh, en }, clause };
}

/** `3000` bps → `30%`, `2550` → `25.5%`. */
export function percentText(rateBps: number): string {
  return `${rateBps / 100}%`;
}

/**
 * `2500000n` fen → `¥25,000.00`, like `formatYuan` but from the decimal digits alone, without a
 * regular expression or BigInt division (each BigInt operation allocates): the trace formats
 * several amounts per evaluation and this is the evaluator's hottest leaf.
 */
export function yuanText(amountFen: bigint): string {
  return yuanTextOfDigits(amountFen.toString());
}

const minusSign = 45; // '-'

/**
 * `yuanText` of `amountFen.toString()`: callers that also put the fen in a trace's numbers
 * convert the BigInt to decimal once.
 */
export function yuanTextOfDigits(fenDigits: string): string {
  let digits = fenDigits;
  const negative = digits.charCodeAt(0) === minusSign;
  if (negative) digits = digits.slice(1);
  // At least one yuan digit and two fen digits: 5 → 005 (¥0.05).
  if (digits.length < 3) digits = (digits.length === 1 ? '00' : '0') + digits;
  const yuanDigits = digits.length - 2;
  const head = yuanDigits % 3 || 3;
  let grouped = digits.slice(0, head);
  for (let index = head; index < yuanDigits; index += 3) {
    grouped += `,${digits.slice(index, index + 3)}`;
  }
  return `${negative ? '-' : ''}¥${grouped}.${digits.slice(yuanDigits)}`;
}

// Limits and lists of a program repeat on every evaluation: their texts are built once. The
// caches hold only values that come from program definitions, so they stay small.
const limitTexts = new Map<bigint, string>();
const limitTextsMax = 10_000;

/** `yuanText` of an amount that comes from a program definition (a cap, a budget, a threshold). */
export function limitText(amountFen: bigint): string {
  let text = limitTexts.get(amountFen);
  if (text === undefined) {
    text = yuanText(amountFen);
    if (limitTexts.size >= limitTextsMax) limitTexts.clear();
    limitTexts.set(amountFen, text);
  }
  return text;
}

const listTexts = new WeakMap<readonly string[], string>();

/** `['a', 'b']` → `a, b`, cached per array of a program definition. */
export function listText(values: readonly string[]): string {
  let text = listTexts.get(values);
  if (text === undefined) {
    text = values.join(', ');
    listTexts.set(values, text);
  }
  return text;
}

/** Chinese names of the enumerated values a zh-CN message shows (a Map: keyed reads stay fast). */
const zhTerms: ReadonlyMap<string, string> = new Map([
  ['compute', '智能算力'],
  ['storage', '存储'],
  ['network', '网络'],
  ['security', '安全服务'],
  ['model', '模型服务'],
  ['corpus', '语料与数据'],
  ['training', '模型训练'],
  ['model-rnd', '模型研发与训练'],
  ['ai-application', '人工智能应用'],
  ['research', '科学研究'],
  ['other', '其他用途'],
  ['micro', '微型企业'],
  ['small', '小型企业'],
  ['medium', '中型企业'],
  ['large', '大型企业'],
  ['domestic', '国产'],
  ['imported', '非国产'],
  ['unknown', '未知'],
  ['good', '良好'],
  ['poor', '不良'],
  ['blacklisted', '黑名单'],
]);

/** The Chinese name of an enumerated value (the value itself when it has none). */
export function zhTerm(value: string): string {
  return zhTerms.get(value) ?? value;
}

const zhListTexts = new WeakMap<readonly string[], string>();

/** `['micro', 'small']` → `微型企业、小型企业`, cached per array of a program definition. */
export function zhListText(values: readonly string[]): string {
  let text = zhListTexts.get(values);
  if (text === undefined) {
    text = values.map(zhTerm).join('、');
    zhListTexts.set(values, text);
  }
  return text;
}
