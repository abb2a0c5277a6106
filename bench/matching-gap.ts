/**
 * Where the matcher's gap to the LP bound comes from (docs/benchmarks.md#matching): on markets of
 * the benchmark's shape at several sizes, the matcher's objective against HiGHS's mixed-integer
 * program with a time limit (its incumbent and its proven dual bound) and against the LP
 * relaxations of the basic and the strengthened formulation (test/support/matching/
 * highs-model.ts). Splits matcher − LP bound into matcher − integer optimum (at most matcher −
 * dual bound) and integer optimum − LP bound.
 *
 * Run: npx tsx bench/matching-gap.ts [requests×offers …] (default 400x40 1000x100), with
 * GAP_MIP_SECONDS (default 300) as HiGHS's time limit on each MIP. Last line: one JSON object.
 */
import { loadavg } from 'node:os';
import { clearMarket } from '../src/domain/exchange/matching/clear-market.ts';
import { generateMarket } from '../test/support/matching/generate-market.ts';
import { solveWithHighs } from '../test/support/matching/highs-reference.ts';
import { BENCHMARK_SHAPE } from '../test/support/matching/benchmark-shape.ts';

const sizes = (process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['400x40', '1000x100'])
  .map((size) => size.split('x').map(Number))
  .map(([requestCount = 0, offerCount = 0]) => ({ requestCount, offerCount }));
const mipSeconds = Number(process.env.GAP_MIP_SECONDS ?? 300);
const percent = (above: number, below: number) => Number((100 * (above / below - 1)).toFixed(3));

const rows = [];
for (const { requestCount, offerCount } of sizes) {
  const input = generateMarket({
    ...BENCHMARK_SHAPE,
    seed: requestCount === 400 ? 5 : BENCHMARK_SHAPE.seed,
    requestCount,
    offerCount,
  });
  const started = process.cpuUsage();
  const matcher = Number(clearMarket(input).objective.totalFen);
  const matcherCpu = process.cpuUsage(started);
  const basicLp = await solveWithHighs(input, {
    relaxed: true,
    timeLimitSeconds: 3600,
    formulation: 'basic',
  });
  const strongLp = await solveWithHighs(input, { relaxed: true, timeLimitSeconds: 3600 });
  const mip = await solveWithHighs(input, { relaxed: false, timeLimitSeconds: mipSeconds });
  const row = {
    size: `${requestCount}x${offerCount}`,
    matcherFen: matcher,
    matcherCpuSeconds: Number(((matcherCpu.user + matcherCpu.system) / 1e6).toFixed(2)),
    mipStatus: mip.status,
    mipSeconds: Number(mip.seconds.toFixed(1)),
    mipIncumbentFen: Math.round(mip.objectiveFen),
    mipDualBoundFen: Math.round(mip.lowerBoundFen),
    basicLpFen: Math.round(basicLp.objectiveFen),
    strengthenedLpFen: Math.round(strongLp.objectiveFen),
    matcherToIncumbentPercent: percent(matcher, mip.objectiveFen),
    matcherToDualBoundPercent: percent(matcher, mip.lowerBoundFen),
    dualBoundToBasicLpPercent: percent(mip.lowerBoundFen, basicLp.objectiveFen),
    dualBoundToStrengthenedLpPercent: percent(mip.lowerBoundFen, strongLp.objectiveFen),
    matcherToBasicLpPercent: percent(matcher, basicLp.objectiveFen),
    matcherToStrengthenedLpPercent: percent(matcher, strongLp.objectiveFen),
  };
  console.log(JSON.stringify(row));
  rows.push(row);
}
console.log(
  JSON.stringify({
    bench: 'matching-gap',
    mipTimeLimitSeconds: mipSeconds,
    rows,
    loadAverage: Number(loadavg()[0]?.toFixed(1)),
  }),
);
