/**
 * Policy evaluator throughput (docs/architecture.md#layers: the evaluator is pure, so it must be
 * fast), single core, in one process. Counts ONE evaluation = one purchase line against one program
 * (eligibility, rate, caps, stacking and the full bilingual trace). Measures:
 *   (a) per-program rate: the same purchase against every catalog program in force, in turn;
 *   (b) the all-programs rate: `evaluatePurchase` of the purchase against the whole catalog
 *       (stacked), counted per purchase;
 *   baseline: the naive evaluator that parses and validates the YAML file (yaml + zod) on every
 *   call before evaluating — what the evaluator would cost without the precompiled definition.
 *
 * Run: npm run bench:policy   (last line: one JSON object)
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseProgramYaml } from '../src/contracts/program-yaml.ts';
import { evaluateProgram, evaluatePurchase } from '../src/domain/policy/evaluate-purchase.ts';
import type { EnterpriseProfile, PurchaseLine, YearToDate } from '../src/domain/policy/inputs.ts';
import { versionsInForce } from '../src/domain/policy/versions.ts';
import { loadCatalog } from '../src/services/programs/index.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const TARGET_PER_SECOND = 500_000;

const enterprise: EnterpriseProfile = {
  id: 'bench-enterprise',
  usccRegionCode: '330106',
  size: 'small',
  foundedOn: '2021-04-01',
  industries: ['software'],
  creditRecord: 'good',
  relatedPartyIds: ['related-1', 'related-2'],
};

// Eligible for the Hangzhou city and Xihu district programs (stacked), refused by the others.
const purchase: PurchaseLine = {
  kind: 'compute',
  amountFen: 123_456_789n,
  contractId: 'bench-contract',
  contractAmountFen: 123_456_789n,
  contractSignedOn: '2025-03-01',
  contractTermMonths: 12,
  providerId: 'bench-provider',
  providerRegionCode: '330100',
  chipOrigin: 'domestic',
  date: '2025-06-01',
};

const yearToDate: YearToDate = {
  enterpriseYearSubsidyFen: 1_000_000n,
  programYearCommittedFen: 5_000_000_000n,
  contractSubsidyFen: 0n,
};

interface Rate {
  /** Per second of this process's CPU time (user + system): the single-core figure. */
  perSecond: number;
  /** Per second of wall-clock time (lower when other work shares the cores). */
  perWallSecond: number;
}

/**
 * Runs `step` (which returns how many evaluations it did) for `seconds` of wall time. The
 * headline is per CPU second of this single-threaded process, so that other work on the machine
 * does not count against the evaluator; the wall-clock rate is printed too.
 */
function measure(seconds: number, step: () => number): Rate {
  const end = performance.now() + seconds * 1000;
  let evaluations = 0;
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  while (performance.now() < end) {
    for (let index = 0; index < 100; index += 1) evaluations += step();
  }
  const cpu = process.cpuUsage(cpuStart);
  const elapsedMs = performance.now() - start;
  const cpuMs = (cpu.user + cpu.system) / 1000;
  return {
    perSecond: Math.round((evaluations * 1000) / cpuMs),
    perWallSecond: Math.round((evaluations * 1000) / elapsedMs),
  };
}

const rate = (value: Rate, unit: string): string =>
  `${value.perSecond.toLocaleString('en')} ${unit} per CPU second (${value.perWallSecond.toLocaleString('en')} per wall second)`;

const files = await loadCatalog();
const programs = versionsInForce(
  files.map((file) => file.definition),
  purchase.date,
);
const texts = files
  .filter((file) =>
    programs.some(
      (program) => program.id === file.definition.id && program.version === file.definition.version,
    ),
  )
  .map((file) => file.yamlText);
console.log(
  `catalog: ${programs.length} programs in force on ${purchase.date}; ${SECONDS}s per measurement; load ${loadavg()[0]?.toFixed(2)}`,
);

let checksum = 0n;
const perProgram = () => {
  for (const program of programs) {
    checksum += evaluateProgram({ program, enterprise, purchase, yearToDate }).subsidyFen;
  }
  return programs.length;
};
const allPrograms = () => {
  checksum += evaluatePurchase({ programs, enterprise, purchase }).totalSubsidyFen;
  return 1;
};
const naive = () => {
  for (const text of texts) {
    const parsed = parseProgramYaml(text);
    if (!parsed.ok) throw new Error('catalog file invalid');
    checksum += evaluateProgram({
      program: parsed.definition,
      enterprise,
      purchase,
      yearToDate,
    }).subsidyFen;
  }
  return texts.length;
};

// Warm up the JIT on all three paths.
measure(0.5, perProgram);
measure(0.3, allPrograms);
measure(0.3, naive);

const baseline = measure(SECONDS, naive);
console.log(`baseline, YAML + zod per call then evaluate: ${rate(baseline, 'evaluations')}`);
const compiled = measure(SECONDS, perProgram);
console.log(`evaluator, one purchase × one program:       ${rate(compiled, 'evaluations')}`);
console.log(
  `  ${(compiled.perSecond / baseline.perSecond).toFixed(0)}× the baseline; target ${TARGET_PER_SECOND.toLocaleString('en')} per second`,
);
const stacked = measure(SECONDS, allPrograms);
console.log(
  `all ${programs.length} programs stacked per purchase:     ${rate(stacked, 'purchases')}`,
);
console.log(
  `  = ${(stacked.perSecond * programs.length).toLocaleString('en')} program evaluations per CPU second`,
);
if (checksum < 0n) console.log('unreachable');

console.log(
  JSON.stringify({
    bench: 'policy',
    unit: 'one purchase line against one program (eligibility, rate, caps, stacking, bilingual trace)',
    programs: programs.length,
    evaluationsPerSecond: compiled.perSecond,
    evaluationsPerWallSecond: compiled.perWallSecond,
    perSecondIs: 'per CPU second of one single-threaded process',
    allProgramsPurchasesPerSecond: stacked.perSecond,
    allProgramsEvaluationsPerSecond: stacked.perSecond * programs.length,
    baselinePerSecond: baseline.perSecond,
    ratioToBaseline: Number((compiled.perSecond / baseline.perSecond).toFixed(1)),
    targetPerSecond: TARGET_PER_SECOND,
    meetsTarget: compiled.perSecond >= TARGET_PER_SECOND,
    seconds: SECONDS,
    loadAverage: Number(loadavg()[0]?.toFixed(2)),
    node: process.version,
  }),
);
