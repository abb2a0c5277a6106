/**
 * The exchange matcher at the issue's size (issue 15, docs/exchange-matching.md): 10 000 requests
 * × 1 000 offers × 24 hourly slots, a seeded market shaped like the exchange (see "instance"
 * below for its density). Measures, in one process:
 *   baseline: the construction alone (regret-ordered greedy insertion, no prices, no search);
 *   the Lagrangian dual bound of the matcher's congestion prices (a sanity check: ≤ HiGHS's LP);
 *   matcher: `clearMarket` end to end (compile, construct, local search, explanations), three
 *     runs, median wall time and the CPU time of this single-threaded process;
 *   reference: HiGHS's LP-relaxation bounds on the same market by interior point
 *     (`solver: 'ipm'`) in the basic and the strengthened formulation (valid inequalities, same
 *     integer optimum; test/support/matching/highs-model.ts) — their times and the gaps
 *     (matcher − bound) / bound; the JSON's `gapPercent` is against the strengthened bound;
 *   the independent checker on the matcher's result (it must be feasible);
 *   the LP bound's own looseness: on a 400 × 40 market of the same shape, which HiGHS solves to
 *     proven optimality, the matcher's gap to the optimum and the optimum's gap to the LP bound.
 *
 * Run: npm run bench:matching   (BENCH_LP=0 skips HiGHS; last line: one JSON object)
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { clearMarket, POLYAK_TARGET_SHARE } from '../src/domain/exchange/matching/clear-market.ts';
import { congestionPrices } from '../src/domain/exchange/matching/congestion-prices.ts';
import { insertInOrder, regretOrder } from '../src/domain/exchange/matching/construct.ts';
import { MatchingState } from '../src/domain/exchange/matching/matching-state.ts';
import { prepareMarket } from '../src/domain/exchange/matching/prepare-market.ts';
import type { MarketResult } from '../src/domain/exchange/matching/types.ts';
import { checkMatching } from '../test/support/matching/check-matching.ts';
import { generateMarket } from '../test/support/matching/generate-market.ts';
import { solveWithHighs } from '../test/support/matching/highs-reference.ts';
import { BENCHMARK_SHAPE } from '../test/support/matching/benchmark-shape.ts';

const TARGET_SECONDS = 2;
const TARGET_GAP = 0.005;
const RUNS = 3;

const shape = BENCHMARK_SHAPE;

const input = generateMarket(shape);
const compiled = prepareMarket(input);
const perRequest = Array.from(
  { length: input.requests.length },
  (_, request) => (compiled.pairStart[request + 1] ?? 0) - (compiled.pairStart[request] ?? 0),
).sort((a, b) => a - b);
const share = (count: number) => `${((100 * count) / input.requests.length).toFixed(0)} %`;
const freeCardHours = input.offers.reduce(
  (sum, offer) => sum + offer.freeCardsBySlot.reduce((a, b) => a + b, 0),
  0,
);
console.log(
  `load average at start: ${loadavg()
    .map((value) => value.toFixed(1))
    .join(' ')} (2 cores shared with other work)`,
);
console.log(
  `instance: ${input.requests.length} requests × ${input.offers.length} offers × ${input.slotCount} slots; 6 accelerators (2 domestic), 13 data-centre regions in 8 hubs; ` +
    `${freeCardHours.toLocaleString('en')} free card-hours; usable (request, offer) pairs ${compiled.pairOffer.length.toLocaleString('en')} — ` +
    `per request mean ${(compiled.pairOffer.length / input.requests.length).toFixed(1)}, median ${perRequest[input.requests.length >> 1]}, p90 ${perRequest[Math.floor(input.requests.length * 0.9)]}, ` +
    `none ${share(perRequest.filter((count) => count === 0).length)}; split allowed ${share(input.requests.filter((request) => request.splittableAcrossOffers).length)}, ` +
    `in SCU ${share(input.requests.filter((request) => request.amount.unit === 'scu').length)}, domestic only ${share(input.requests.filter((request) => request.domesticOnly).length)}`,
);

function timed<T>(run: () => T): { value: T; wallSeconds: number; cpuSeconds: number } {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = run();
  const used = process.cpuUsage(cpu);
  return {
    value,
    wallSeconds: (performance.now() - start) / 1000,
    cpuSeconds: (used.user + used.system) / 1e6,
  };
}

const baseline = timed(() => {
  const state = new MatchingState(prepareMarket(input));
  insertInOrder(state, regretOrder(state.market));
  return state.objectiveFen;
});
console.log(
  `baseline (construction only): objective ${baseline.value.toLocaleString('en')} fen in ${baseline.wallSeconds.toFixed(2)} s wall, ${baseline.cpuSeconds.toFixed(2)} s CPU`,
);

const runs = Array.from({ length: RUNS }, () => timed(() => clearMarket(input)));
const sortedRuns = [...runs].sort((a, b) => a.wallSeconds - b.wallSeconds);
const median = sortedRuns[RUNS >> 1] ?? sortedRuns[0];
if (median === undefined) throw new Error('no run');
const result: MarketResult = median.value;
const objective = Number(result.objective.totalFen);
console.log(
  `matcher: objective ${objective.toLocaleString('en')} fen (baseline ÷ matcher ${(baseline.value / objective).toFixed(4)}), ` +
    `served ${input.requests.length - result.unservedRequestIds.length}, unserved ${result.unservedRequestIds.length}; ` +
    `wall ${runs.map((run) => run.wallSeconds.toFixed(2)).join(' / ')} s (median ${median.wallSeconds.toFixed(2)}), CPU median ${median.cpuSeconds.toFixed(2)} s; target ≤ ${TARGET_SECONDS} s`,
);
const sameEveryRun = runs.every(
  (run) => run.value.objective.totalFen === result.objective.totalFen,
);
const problems = checkMatching(input, result);
console.log(
  `checker: ${problems.length === 0 ? 'feasible' : `${problems.length} problems, first: ${problems[0] ?? ''}`}; same result every run: ${sameEveryRun}`,
);

// The matcher's congestion prices, computed again as clearMarket does: their Lagrangian dual
// value is a lower bound too — a sanity check, it must not exceed HiGHS's LP bound.
const lagrangianBound = congestionPrices(
  compiled,
  baseline.value * POLYAK_TARGET_SHARE,
).dualBoundFen;
console.log(
  `Lagrangian dual bound of the matcher's congestion prices: ${Math.round(lagrangianBound).toLocaleString('en')} fen (matcher ${(100 * (objective / lagrangianBound - 1)).toFixed(3)} % above it)`,
);

interface LpBound {
  seconds: number;
  bound: number;
  gap: number;
  columns: number;
  rows: number;
  status: string;
}
let lp: { basic: LpBound; strengthened: LpBound; rssGigabytes: number } | null = null;
if (process.env.BENCH_LP !== '0') {
  // Both formulations of test/support/matching/highs-model.ts: the basic one (the bound of the
  // earlier runs) and the strengthened one (valid inequalities, same integer optimum).
  const bounds: LpBound[] = [];
  for (const formulation of ['basic', 'strengthened'] as const) {
    const solved = await solveWithHighs(input, {
      relaxed: true,
      timeLimitSeconds: 3600,
      formulation,
    });
    if (formulation === 'strengthened')
      console.log(
        `Lagrangian dual bound ≤ strengthened LP bound: ${lagrangianBound <= solved.objectiveFen + 1e-6 * objective}`,
      );
    const bound: LpBound = {
      seconds: solved.seconds,
      bound: solved.objectiveFen,
      gap: (objective - solved.objectiveFen) / solved.objectiveFen,
      columns: solved.columns,
      rows: solved.rows,
      status: solved.status,
    };
    bounds.push(bound);
    console.log(
      `HiGHS LP bound, ${formulation} formulation (ipm): ${solved.status}, ${Math.round(solved.objectiveFen).toLocaleString('en')} fen, ${solved.columns.toLocaleString('en')} columns × ${solved.rows.toLocaleString('en')} rows in ${solved.seconds.toFixed(1)} s; ` +
        `gap (matcher − bound) / bound ${(100 * bound.gap).toFixed(3)} % (target ≤ ${100 * TARGET_GAP} %); ` +
        `HiGHS time ÷ matcher time ${(solved.seconds / median.wallSeconds).toFixed(0)}×`,
    );
  }
  const [basic, strengthened] = bounds as [LpBound, LpBound];
  lp = { basic, strengthened, rssGigabytes: process.memoryUsage().rss / 2 ** 30 };
  console.log(`process RSS after HiGHS ${lp.rssGigabytes.toFixed(2)} GiB`);
}
// How loose is the LP bound itself? On a market HiGHS solves to optimality in seconds (same
// shape, 400 requests × 40 offers), compare the matcher with the proven optimum and the LP bound.
let medium: { matcherToOptimum: number; optimumToBound: number; status: string } | null = null;
if (process.env.BENCH_LP !== '0') {
  const small = generateMarket({ ...shape, seed: 5, requestCount: 400, offerCount: 40 });
  const matcher = Number(clearMarket(small).objective.totalFen);
  const bound = await solveWithHighs(small, { relaxed: true, timeLimitSeconds: 600 });
  const optimum = await solveWithHighs(small, { relaxed: false, timeLimitSeconds: 600 });
  medium = {
    matcherToOptimum: matcher / optimum.objectiveFen - 1,
    optimumToBound: optimum.objectiveFen / bound.objectiveFen - 1,
    status: optimum.status,
  };
  console.log(
    `integrality gap check (400 requests × 40 offers × 24 slots, same shape): HiGHS MIP ${optimum.status} in ${optimum.seconds.toFixed(1)} s; ` +
      `matcher − optimum ${(100 * medium.matcherToOptimum).toFixed(3)} %, optimum − LP bound ${(100 * medium.optimumToBound).toFixed(3)} % ` +
      `(no integral matching can come closer to the LP bound than the optimum does)`,
  );
}
console.log(
  JSON.stringify({
    bench: 'matching',
    requests: input.requests.length,
    offers: input.offers.length,
    slots: input.slotCount,
    pairs: compiled.pairOffer.length,
    matcherWallSeconds: Number(median.wallSeconds.toFixed(3)),
    matcherCpuSeconds: Number(median.cpuSeconds.toFixed(3)),
    baselineWallSeconds: Number(baseline.wallSeconds.toFixed(3)),
    objectiveFen: objective,
    baselineObjectiveFen: baseline.value,
    unserved: result.unservedRequestIds.length,
    feasible: problems.length === 0,
    deterministic: sameEveryRun,
    lagrangianBoundFen: Math.round(lagrangianBound),
    lpBoundFen: lp === null ? null : Math.round(lp.strengthened.bound),
    gapPercent: lp === null ? null : Number((100 * lp.strengthened.gap).toFixed(3)),
    highsSeconds: lp === null ? null : Number(lp.strengthened.seconds.toFixed(1)),
    basicLpBoundFen: lp === null ? null : Math.round(lp.basic.bound),
    basicGapPercent: lp === null ? null : Number((100 * lp.basic.gap).toFixed(3)),
    basicHighsSeconds: lp === null ? null : Number(lp.basic.seconds.toFixed(1)),
    mediumMatcherToOptimumPercent:
      medium === null ? null : Number((100 * medium.matcherToOptimum).toFixed(3)),
    mediumOptimumToBoundPercent:
      medium === null ? null : Number((100 * medium.optimumToBound).toFixed(3)),
    loadAverage: Number(loadavg()[0]?.toFixed(1)),
  }),
);
