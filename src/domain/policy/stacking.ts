import {
  conditionMismatch,
  prepareCondition,
  type PreparedCondition,
  type PurchaseFacts,
} from './conditions.ts';
import type { StackingRule } from './program.ts';
import { applyRateBps, maxFen } from '../shared/money.ts';
import { percentText, traceEntry, yuanTextOfDigits, type TraceEntry } from './trace.ts';

/** A combined ceiling set by a program granted earlier in the same evaluation. */
export interface StackingCeiling {
  rateBps: number;
  /** The program that set it; null for no ceiling (100 %). */
  setBy: string | null;
}

export const noCeiling: StackingCeiling = Object.freeze({ rateBps: 10_000, setBy: null });

/** A stacking rule with its condition's checks and how the trace names it, built once. */
export interface PreparedStackingRule {
  rule: StackingRule;
  when: PreparedCondition;
  clause: string | undefined;
  /** `「label」` and `"label"`. */
  quotedZh: string;
  quotedEn: string;
}

/**
 * `rule` prepared, citing `clause`.
 *
 * @example
 * prepareStackingRule(rule, undefined).quotedEn // '"city + district"'
 */
export function prepareStackingRule(
  rule: StackingRule,
  clause: string | undefined,
): PreparedStackingRule {
  return {
    rule,
    when: prepareCondition(rule.when),
    clause,
    quotedZh: `「${rule.label['zh-CN']}」`,
    quotedEn: `"${rule.label.en}"`,
  };
}

/**
 * Combined ceiling on one contract: all programs' subsidies on it together stay within
 * `combinedRateBps × contractAmountFen` (rounded down). The rate is the first stacking rule that
 * fits, else the program's own rate (it does not stack), and never above a ceiling already set by
 * another program granted in the same evaluation; the trace names the limit that applies and
 * whose it is.
 */
export function applyStacking(options: {
  amountFen: bigint;
  ownRateBps: number;
  rules: readonly PreparedStackingRule[];
  facts: PurchaseFacts;
  /** Subsidies on the same contract so far: other programs' and this program's earlier ones. */
  contractSubsidiesFen: bigint;
  ceiling: StackingCeiling;
  trace: TraceEntry[];
}): { amountFen: bigint; combinedRateBps: number } {
  const { facts, trace } = options;
  const earlier = options.ceiling;
  const rule = firstFittingRule(options.rules, facts);
  const ownLimitBps = rule
    ? Math.max(rule.rule.combinedRateBps, options.ownRateBps)
    : options.ownRateBps;
  const ownLimit = percentText(ownLimitBps);
  let combinedRateBps = ownLimitBps;
  let ownText = rule ? rule.quotedZh : `本项目不可叠加，以自身费率 ${ownLimit} 为限`;
  let ownTextEn = rule
    ? rule.quotedEn
    : `this program does not stack: its own rate ${ownLimit} is the limit`;
  if (earlier.rateBps < combinedRateBps) {
    combinedRateBps = earlier.rateBps;
    ownText = `由先获补贴的 ${earlier.setBy ?? ''} 设定；本项目自身上限 ${ownLimit}`;
    ownTextEn = `set by ${earlier.setBy ?? ''}, granted before on this contract; this program's own limit is ${ownLimit}`;
  }
  const contractFen = facts.purchase.contractAmountFen;
  const ceilingFen = applyRateBps(contractFen, combinedRateBps);
  const roomFen = maxFen(0n, ceilingFen - options.contractSubsidiesFen);
  const binds = roomFen < options.amountFen;
  // Each BigInt is turned into decimal once, for the numbers and the messages alike.
  const contract = contractFen.toString();
  const ceiling = ceilingFen.toString();
  const others = options.contractSubsidiesFen.toString();
  const room = roomFen.toString();
  const numbers = {
    combinedRateBps: String(combinedRateBps),
    contractAmountFen: contract,
    ceilingFen: ceiling,
    otherSubsidiesFen: others,
    roomFen: room,
  };
  const percent = percentText(combinedRateBps);
  const contractYuan = yuanTextOfDigits(contract);
  const ceilingYuan = yuanTextOfDigits(ceiling);
  const othersYuan = yuanTextOfDigits(others);
  const roomYuan = yuanTextOfDigits(room);
  const zh = `叠加上限 ${percent}（${ownText}）：合同 ${contractYuan} × ${percent} = ${ceilingYuan}（向下取整到分），已有补贴 ${othersYuan}，余 ${roomYuan}`;
  const en = `combined limit ${percent} (${ownTextEn}): contract ${contractYuan} × ${percent} = ${ceilingYuan} (rounded down to the fen), subsidies already ${othersYuan}, ${roomYuan} left`;
  trace.push(
    traceEntry(
      'stacking.combined-rate',
      binds ? 'applied' : 'info',
      numbers,
      binds ? `${zh}：补贴降至 ${roomYuan}` : `${zh}：未触及`,
      binds ? `${en}: subsidy lowered to ${roomYuan}` : `${en}: not reached`,
      rule?.clause,
    ),
  );
  return { amountFen: binds ? roomFen : options.amountFen, combinedRateBps };
}

/** The first stacking rule whose condition holds (a loop: `find` would build a closure). */
function firstFittingRule(
  rules: readonly PreparedStackingRule[],
  facts: PurchaseFacts,
): PreparedStackingRule | undefined {
  for (const rule of rules) if (conditionMismatch(rule.when, facts) === null) return rule;
  return undefined;
}
