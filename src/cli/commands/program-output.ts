import { toJsonValue } from '../../contracts/program-evaluation.ts';
import { formatYuan } from '../../domain/shared/money.ts';
import type {
  ProgramComparison,
  ProgramEvaluation,
  TraceEntry,
} from '../../services/programs/index.ts';

const mark: Record<TraceEntry['outcome'], string> = { applied: '✓', refused: '✗', info: '·' };

function printTrace(trace: readonly TraceEntry[], indent: string): void {
  for (const entry of trace) {
    console.log(`${indent}${mark[entry.outcome]} ${entry.rule}`);
    console.log(`${indent}    ${entry.message['zh-CN']}`);
    console.log(`${indent}    ${entry.message.en}`);
    if (entry.clause !== undefined) console.log(`${indent}    ↳ ${entry.clause}`);
  }
}

/** One program's result: the figures, then the trace in zh-CN and en. */
export function printEvaluation(result: ProgramEvaluation, json: boolean): void {
  if (json) {
    console.log(JSON.stringify(toJsonValue(result), null, 2));
    return;
  }
  const verdict = {
    granted: 'eligible 符合条件',
    'limit-reached': 'eligible, limit reached 符合条件，额度已用完',
    'budget-exhausted': `eligible, budget exhausted 符合条件，预算已用完${result.budget?.waitingList ? ' — waiting list open 可登记候补' : ''}`,
    refused: 'not eligible 不符合条件',
  }[result.status];
  console.log(`${result.programId} v${result.version}: ${verdict}`);
  if (result.budget !== null) {
    console.log(
      `  budget 年度预算     ${formatYuan(result.budget.budgetFen)}, left 余 ${formatYuan(result.budget.leftFen)}`,
    );
  }
  console.log(`  subsidy 补贴       ${formatYuan(result.subsidyFen)} (${result.subsidyFen} fen)`);
  console.log(`  rate 费率          ${result.rateBps} bps`);
  console.log(`  payer 支付方式     ${result.payer}`);
  console.log(`  enterprise bears   ${formatYuan(result.split.enterpriseFen)}`);
  console.log('  trace 计算过程:');
  printTrace(result.trace, '    ');
}

/** Ranking of every program alone, then the stacked result and who pays what. */
export function printComparison(
  comparison: ProgramComparison,
  options: { json: boolean; trace: boolean },
): void {
  if (options.json) {
    console.log(JSON.stringify(toJsonValue(comparison), null, 2));
    return;
  }
  console.log(`programs in force on ${comparison.date}, each alone, ranked by subsidy:`);
  comparison.ranking.forEach((result, index) => {
    const why = result.eligible
      ? `${formatYuan(result.subsidyFen)} at ${result.rateBps / 100}% (${result.payer})`
      : `not eligible: ${result.trace
          .filter((entry) => entry.outcome === 'refused' && entry.rule !== 'result')
          .map((entry) => entry.rule)
          .join(', ')}`;
    console.log(
      `${String(index + 1).padStart(3)}. ${result.programId} v${result.version} ${result.name['zh-CN']} — ${why}`,
    );
    if (options.trace) printTrace(result.trace, '       ');
  });
  const { stacked } = comparison;
  console.log(`stacked 叠加 (in this order 按此顺序: ${stacked.order.join(' → ')}):`);
  for (const result of stacked.programs.filter((item) => item.subsidyFen > 0n)) {
    console.log(`  ${result.programId}: ${formatYuan(result.subsidyFen)} (${result.payer})`);
  }
  console.log(`  total subsidy 补贴合计      ${formatYuan(stacked.totalSubsidyFen)}`);
  console.log(`  enterprise share 企业承担   ${formatYuan(stacked.enterpriseShareFen)}`);
  console.log(
    `  enterprise pays provider    ${formatYuan(stacked.payments.enterprisePaysProviderFen)}`,
  );
  console.log(
    `  programs pay provider       ${formatYuan(stacked.payments.programsPayProviderFen)}`,
  );
  console.log(
    `  programs reimburse firm     ${formatYuan(stacked.payments.programsReimburseEnterpriseFen)}`,
  );
}
