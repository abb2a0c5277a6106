import highsModule, { type Highs } from 'highs';
import type { MarketInput } from '../../../src/domain/exchange/matching/types.ts';
import {
  referenceDemand,
  referencePairs,
  referencePenalty,
  type ReferencePair,
} from './reference-pairs.ts';

/**
 * The exact reference: the matching problem of docs/exchange-matching.md as a mixed-integer
 * program for HiGHS, built from the input by reference-pairs.ts (not from the matcher). One
 * column per usable (request, offer) pair, not per slot:
 *
 *   min Σ cost·x + Σ penalty·(1 − y)
 *   Σ_o units·x_ro − demand·y_r ≥ 0                    (demand, per request)
 *   x_ro − maxCards·z_ro ≤ 0,  Σ_o z_ro − y_r ≤ 0       (one offer only, unsplittable requests)
 *   Σ_{r: h ∈ window r} x_ro ≤ free_oh                  (capacity, per offer and slot used)
 *   Σ subsidy·x ≤ remaining_p                           (budget, per program)
 *   0 ≤ x_ro ≤ maxCards integer, y, z binary
 *
 * `relaxed: true` drops integrality and replaces the z columns by one row per unsplittable
 * request, Σ_o x_ro / maxCards_ro ≤ y_r (implied by the two rows above): the LP bound.
 */
export interface ReferenceSolution {
  readonly status: string;
  /** Objective in fen (the matcher's `objective.totalFen` at the optimum). */
  readonly objectiveFen: number;
  readonly columns: number;
  readonly rows: number;
  readonly seconds: number;
  /** Cards per (request, offer) in HiGHS's solution, `request→offer` → cards (for diagnosis). */
  readonly cards: ReadonlyMap<string, number>;
}

// The package is CommonJS with ESM-style declarations: TypeScript (NodeNext) sees the loader
// under `.default`, while Node's ESM import of its `.mjs` build hands the loader itself.
const loadHighs = ((highsModule as unknown as { default?: unknown }).default ??
  highsModule) as typeof highsModule.default;

let loaded: Promise<Highs> | undefined;
const highs = (): Promise<Highs> => (loaded ??= loadHighs());

interface Column {
  label?: string;
  cost: number;
  upper: number;
  integer: boolean;
  entries: [row: number, value: number][];
}

function buildModel(input: MarketInput, relaxed: boolean) {
  const columns: Column[] = [];
  const rowLower: number[] = [];
  const rowUpper: number[] = [];
  const addRow = (lower: number, upper: number): number => {
    rowLower.push(lower);
    rowUpper.push(upper);
    return rowLower.length - 1;
  };
  const capacityRow = new Map<string, number>();
  const budgetRow = new Map(
    input.programs.map((program) => [
      program.programId,
      addRow(-Infinity, Number(program.remainingFen)),
    ]),
  );
  let offset = 0;
  for (const request of input.requests) {
    const pairs: ReferencePair[] = referencePairs(input, request);
    if (pairs.length === 0) continue;
    const penalty = Number(referencePenalty(request, pairs));
    offset += penalty;
    const demandRow = addRow(0, Infinity);
    const served: Column = {
      cost: -penalty,
      upper: 1,
      integer: true,
      entries: [[demandRow, -Number(referenceDemand(request))]],
    };
    const oneOfferRow = request.splittableAcrossOffers ? -1 : addRow(-Infinity, 0);
    if (oneOfferRow >= 0) served.entries.push([oneOfferRow, -1]);
    // The LP keeps "one offer only" as Σ_o x_ro / maxCards_ro ≤ y_r, which x ≤ maxCards·z and
    // Σ z ≤ y imply: a valid relaxation without a z column per pair.
    columns.push(served);
    for (const pair of pairs) {
      const entries: [number, number][] = [[demandRow, Number(pair.unitsPerCard)]];
      for (let slot = request.startSlot; slot < request.endSlot; slot += 1) {
        const key = `${pair.offer.id}@${slot}`;
        let row = capacityRow.get(key);
        if (row === undefined)
          capacityRow.set(key, (row = addRow(-Infinity, pair.offer.freeCardsBySlot[slot] ?? 0)));
        entries.push([row, 1]);
      }
      if (pair.programId !== null)
        entries.push([
          budgetRow.get(pair.programId) ?? -1,
          Number(pair.subsidyPerCardHour) * pair.hours,
        ]);
      const cards =
        columns.push({
          label: `${request.id}→${pair.offer.id}`,
          cost: Number(pair.costPerCard),
          upper: pair.maxCards,
          integer: true,
          entries,
        }) - 1;
      if (oneOfferRow >= 0 && relaxed)
        (columns[cards] as Column).entries.push([oneOfferRow, 1 / pair.maxCards]);
      if (oneOfferRow >= 0 && !relaxed) {
        const linkRow = addRow(-Infinity, 0);
        (columns[cards] as Column).entries.push([linkRow, 1]);
        columns.push({
          cost: 0,
          upper: 1,
          integer: true,
          entries: [
            [linkRow, -pair.maxCards],
            [oneOfferRow, 1],
          ],
        });
      }
    }
  }
  return { columns, rowLower, rowUpper, offset };
}

/** Solves the market with HiGHS: the MIP (`relaxed: false`) or its LP relaxation by interior point. */
export async function solveWithHighs(
  input: MarketInput,
  options: { relaxed: boolean; timeLimitSeconds: number },
): Promise<ReferenceSolution> {
  const solver = await highs();
  const { columns, rowLower, rowUpper, offset } = buildModel(input, options.relaxed);
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
    const values = model.getSolution().colValue;
    const cards = new Map<string, number>();
    columns.forEach((column, index) => {
      const value = values[index] ?? 0;
      if (column.label !== undefined && value > 1e-6) cards.set(column.label, value);
    });
    return {
      status,
      objectiveFen: model.getObjectiveValue(),
      columns: columns.length,
      rows: rowLower.length,
      seconds,
      cards,
    };
  } finally {
    model.dispose();
  }
}
