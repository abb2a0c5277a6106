import { conditionMismatch, type PurchaseFacts } from './conditions.ts';
import type { StackingRule } from './program.ts';
import { applyRateBps, maxFen } from '../shared/money.ts';
import { percentText, traceEntry, yuanText, type TraceEntry } from './trace.ts';

/**
 * Combined ceiling on one contract: all programs' subsidies on it together stay within
 * `combinedRateBps × contractAmountFen` (rounded down). The rate is the first stacking rule that
 * fits, else the program's own rate (it does not stack), and never above any ceiling already set
 * by another program granted in the same evaluation (`ceilingRateBps`).
 */
export function applyStacking(options: {
  amountFen: bigint;
  ownRateBps: number;
  rules: readonly StackingRule[];
  facts: PurchaseFacts;
  /** Subsidies on the same contract so far: other programs' and this program's earlier ones. */
  contractSubsidiesFen: bigint;
  ceilingRateBps: number;
  trace: TraceEntry[];
}): { amountFen: bigint; combinedRateBps: number } {
  const { facts, trace } = options;
  const rule = options.rules.find((candidate) => conditionMismatch(candidate.when, facts) === null);
  let combinedRateBps = rule
    ? Math.max(rule.combinedRateBps, options.ownRateBps)
    : options.ownRateBps;
  const ownText = rule ? `「${rule.label['zh-CN']}」` : '本项目不可叠加，以自身费率为限';
  const ownTextEn = rule
    ? `"${rule.label.en}"`
    : 'this program does not stack: its own rate is the limit';
  if (options.ceilingRateBps < combinedRateBps) combinedRateBps = options.ceilingRateBps;
  const contractFen = facts.purchase.contractAmountFen;
  const ceilingFen = applyRateBps(contractFen, combinedRateBps);
  const roomFen = maxFen(0n, ceilingFen - options.contractSubsidiesFen);
  const binds = roomFen < options.amountFen;
  const numbers = {
    combinedRateBps: String(combinedRateBps),
    contractAmountFen: contractFen.toString(),
    ceilingFen: ceilingFen.toString(),
    otherSubsidiesFen: options.contractSubsidiesFen.toString(),
    roomFen: roomFen.toString(),
  };
  const zh = `叠加上限 ${percentText(combinedRateBps)}（${ownText}）：合同 ${yuanText(contractFen)} × ${percentText(combinedRateBps)} = ${yuanText(ceilingFen)}（向下取整到分），已有补贴 ${yuanText(options.contractSubsidiesFen)}，余 ${yuanText(roomFen)}`;
  const en = `combined limit ${percentText(combinedRateBps)} (${ownTextEn}): contract ${yuanText(contractFen)} × ${percentText(combinedRateBps)} = ${yuanText(ceilingFen)} (rounded down to the fen), subsidies already ${yuanText(options.contractSubsidiesFen)}, ${yuanText(roomFen)} left`;
  trace.push(
    traceEntry(
      'stacking.combined-rate',
      binds ? 'applied' : 'info',
      numbers,
      binds ? `${zh}：补贴降至 ${yuanText(roomFen)}` : `${zh}：未触及`,
      binds ? `${en}: subsidy lowered to ${yuanText(roomFen)}` : `${en}: not reached`,
    ),
  );
  return { amountFen: binds ? roomFen : options.amountFen, combinedRateBps };
}
