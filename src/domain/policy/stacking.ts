import { conditionMismatch, type PurchaseFacts } from './conditions.ts';
import type { StackingRule } from './program.ts';
import { applyRateBps, maxFen } from '../shared/money.ts';
import { percentText, traceEntry, yuanTextOfDigits, type TraceEntry } from './trace.ts';

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
  const rule = firstFittingRule(options.rules, facts);
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
    ),
  );
  return { amountFen: binds ? roomFen : options.amountFen, combinedRateBps };
}

/** The first stacking rule whose condition holds (a loop: `find` would build a closure). */
function firstFittingRule(
  rules: readonly StackingRule[],
  facts: PurchaseFacts,
): StackingRule | undefined {
  for (const rule of rules) if (conditionMismatch(rule.when, facts) === null) return rule;
  return undefined;
}
