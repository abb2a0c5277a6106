import highsModule, { type Highs } from 'highs';
import type { MarketInput } from '../../../src/domain/exchange/matching/types.ts';
import { buildMatchingModel, type Formulation } from './highs-model.ts';

/**
 * The exact reference: the matching problem of docs/exchange-matching.md as a mixed-integer
 * program for HiGHS, built from the input by reference-pairs.ts (not from the matcher), in the
 * `basic` or the `strengthened` formulation of highs-model.ts (same integral solutions, same
 * objective; the strengthened one's LP relaxation is tighter). `relaxed: true` solves the LP
 * relaxation by interior point: a lower bound on every matching's objective.
 */
export interface ReferenceSolution {
  readonly status: string;
  /** Objective in fen (the matcher's `objective.totalFen` at the optimum). */
  readonly objectiveFen: number;
  readonly columns: number;
  readonly rows: number;
  readonly seconds: number;
  /**
   * The MIP's proven lower bound (HiGHS's dual bound; the optimum when `status` is 'optimal', and
   * what it proved by its time limit otherwise); the LP's objective when relaxed.
   */
  readonly lowerBoundFen: number;
  /** Cards per (request, offer) in HiGHS's solution, `request→offer` → cards (for diagnosis). */
  readonly cards: ReadonlyMap<string, number>;
}

// The package is CommonJS with ESM-style declarations: TypeScript (NodeNext) sees the loader
// under `.default`, while Node's ESM import of its `.mjs` build hands the loader itself.
const loadHighs = ((highsModule as unknown as { default?: unknown }).default ??
  highsModule) as typeof highsModule.default;

let loaded: Promise<Highs> | undefined;
const highs = (): Promise<Highs> => (loaded ??= loadHighs());

/**
 * Solves the market with HiGHS: the MIP (`relaxed: false`) or its LP relaxation by interior
 * point, in the `strengthened` formulation unless told otherwise.
 */
export async function solveWithHighs(
  input: MarketInput,
  options: { relaxed: boolean; timeLimitSeconds: number; formulation?: Formulation },
): Promise<ReferenceSolution> {
  const solver = await highs();
  const { columns, rowLower, rowUpper, offset } = buildMatchingModel(
    input,
    options.relaxed,
    options.formulation ?? 'strengthened',
  );
  const starts = new Int32Array(columns.length + 1);
  columns.forEach(
    (column, index) => (starts[index + 1] = (starts[index] ?? 0) + column.entries.length),
  );
  const indices = new Int32Array(starts[columns.length] ?? 0);
  const values = new Float64Array(indices.length);
  let at = 0;
  for (const column of columns) {
    for (const [row, value] of column.entries.sort((a, b) => a[0] - b[0])) {
      indices[at] = row;
      values[at] = value;
      at += 1;
    }
  }
  const started = performance.now();
  const model = solver.createModel({
    numCols: columns.length,
    numRows: rowLower.length,
    offset,
    colCost: Float64Array.from(columns, (column) => column.cost),
    colLower: new Float64Array(columns.length),
    colUpper: Float64Array.from(columns, (column) => column.upper),
    rowLower: Float64Array.from(rowLower, (value) =>
      value === -Infinity ? -solver.infinity : value,
    ),
    rowUpper: Float64Array.from(rowUpper, (value) =>
      value === Infinity ? solver.infinity : value,
    ),
    matrix: {
      format: 'csc',
      numRows: rowLower.length,
      numCols: columns.length,
      starts,
      indices,
      values,
    },
    ...(options.relaxed
      ? {}
      : { integrality: Int32Array.from(columns, (column) => (column.integer ? 1 : 0)) }),
  });
  try {
    model.options.set({
      output_flag: false,
      time_limit: options.timeLimitSeconds,
      ...(options.relaxed ? { solver: 'ipm' } : { mip_rel_gap: 0 }),
    });
    model.run();
    const statusCode = model.getModelStatus();
    const status =
      Object.entries(solver.constants.modelStatus).find(([, code]) => code === statusCode)?.[0] ??
      String(statusCode);
    const seconds = (performance.now() - started) / 1000;
    // A market without a usable pair is an empty model: HiGHS has no solution vector to give.
    const empty = status === 'empty';
    const values = empty ? new Float64Array(0) : model.getSolution().colValue;
    const cards = new Map<string, number>();
    columns.forEach((column, index) => {
      const value = values[index] ?? 0;
      if (column.label !== undefined && value > 1e-6)
        cards.set(column.label, value * column.cardsPerUnit);
    });
    const objectiveFen = model.getObjectiveValue();
    const lowerBoundFen =
      options.relaxed || empty ? objectiveFen : Number(model.info.get('mip_dual_bound'));
    return {
      status,
      objectiveFen,
      lowerBoundFen,
      columns: columns.length,
      rows: rowLower.length,
      seconds,
      cards,
    };
  } finally {
    model.dispose();
  }
}
