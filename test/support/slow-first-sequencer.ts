import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Files that take a minute or more (model-based property runs, real processes, the browser
 * journeys), measured 2026-12-06. Vitest orders by the durations of the last run when it has
 * them, and otherwise (a fresh clone, CI) by file size, which put some of these last: one worker
 * then ran a two-minute file alone at the end of the run. Starting them first lets the short
 * files fill in around them. Order: longest first.
 */
const SLOW_FILES = [
  'test/ledger-model.test.ts',
  'test/vouchers-money-model.test.ts',
  'test/data-dir-lock.test.ts',
  'test/web-operator-console.test.ts',
  'test/authorization-matrix.test.ts',
  'test/migrate.test.ts',
  'test/calculator-session.test.ts',
  'test/fuzz-api.test.ts',
];

function slowRank(file: TestSpecification): number {
  const rank = SLOW_FILES.findIndex((slow) => file.moduleId.endsWith(slow));
  return rank === -1 ? SLOW_FILES.length : rank;
}

/** Vitest's own order, with the known slow files moved to the front. */
export default class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    // Array.prototype.sort is stable: the rest keeps vitest's order.
    return sorted.sort((a, b) => slowRank(a) - slowRank(b));
  }
}
