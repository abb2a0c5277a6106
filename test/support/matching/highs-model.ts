import type { MarketInput } from '../../../src/domain/exchange/matching/types.ts';
import {
  referenceDemand,
  referencePairs,
  referencePenalty,
  type ReferencePair,
} from './reference-pairs.ts';

/**
 * The matching problem of docs/exchange-matching.md as a mixed-integer program, in one of two
 * formulations with the same integral solutions and the same objective (they differ only in
 * how tight their LP relaxations are):
 *
 * `basic` — one column x_ro (cards) per usable (request, offer) pair and y_r (served):
 *   min Σ cost·x + Σ penalty·(1 − y)
 *   Σ_o units·x_ro − demand·y_r ≥ 0                    (demand, per request)
 *   x_ro − maxCards·z_ro ≤ 0,  Σ_o z_ro − y_r ≤ 0       (one offer only, unsplittable requests)
 *   Σ_{r: h ∈ window r} x_ro ≤ free_oh                  (capacity, per offer and slot used)
 *   Σ subsidy·x ≤ remaining_p                           (budget, per program)
 *   0 ≤ x_ro ≤ maxCards integer, y, z binary
 * Relaxed, the z columns become one row per unsplittable request, Σ_o x_ro / maxCards_ro ≤ y_r
 * (implied by the two rows above).
 *
 * `strengthened` — the same problem with valid inequalities built in:
 *   - an unsplittable request r served on offer o holds exactly need_ro = ceil(demand / units)
 *     cards (maxCards_ro = need_ro for such a pair, and the demand row forces x_ro ≥ need_ro
 *     when y_r = 1): x_ro = need_ro·w_ro with w_ro binary, Σ_o w_ro = y_r ≤ 1 (y_r substituted
 *     away). The LP then pays for whole cards, not for demand / units of them.
 *   - a splittable request keeps x_ro and y_r, plus, for every distinct units-per-card value u
 *     among its pairs, the Chvátal–Gomory rounding Σ_o ceil(units_ro / u)·x_ro ≥ ceil(demand /
 *     u)·y_r (valid: the left side is an integer ≥ Σ units·x / u ≥ demand / u when y_r = 1).
 *     For a card-hour request every pair has u = the window's hours: "at least
 *     ceil(demand / hours) cards".
 * Every integral solution of one is an integral solution of the other with the same objective
 * (test/matching-highs.test.ts checks the optima agree).
 */
export type Formulation = 'basic' | 'strengthened';

export interface ModelColumn {
  /** `request→offer` for a pair's column; its cards are value × cardsPerUnit. */
  readonly label?: string;
  readonly cardsPerUnit: number;
  readonly cost: number;
  readonly upper: number;
  readonly integer: boolean;
  readonly entries: [row: number, value: number][];
}

export interface MatchingModel {
  readonly columns: ModelColumn[];
  readonly rowLower: number[];
  readonly rowUpper: number[];
  readonly offset: number;
}

const ceilDiv = (a: bigint, b: bigint): bigint => (a + b - 1n) / b;

export function buildMatchingModel(
  input: MarketInput,
  relaxed: boolean,
  formulation: Formulation,
): MatchingModel {
  const columns: ModelColumn[] = [];
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
  /** Capacity entries (one per slot of the window) and the budget entry of `cards` cards on the pair. */
  const sharedEntries = (pair: ReferencePair, cards: number): [number, number][] => {
    const entries: [number, number][] = [];
    for (let slot = pair.request.startSlot; slot < pair.request.endSlot; slot += 1) {
      const key = `${pair.offer.id}@${slot}`;
      let row = capacityRow.get(key);
      if (row === undefined)
        capacityRow.set(key, (row = addRow(-Infinity, pair.offer.freeCardsBySlot[slot] ?? 0)));
      entries.push([row, cards]);
    }
    if (pair.programId !== null)
      entries.push([
        budgetRow.get(pair.programId) ?? -1,
        Number(pair.subsidyPerCardHour) * pair.hours * cards,
      ]);
    return entries;
  };
  const label = (pair: ReferencePair) => `${pair.request.id}→${pair.offer.id}`;
  let offset = 0;
  for (const request of input.requests) {
    const pairs = referencePairs(input, request);
    if (pairs.length === 0) continue;
    const penalty = Number(referencePenalty(request, pairs));
    const demand = referenceDemand(request);
    offset += penalty;
    if (formulation === 'strengthened' && !request.splittableAcrossOffers) {
      const oneOfferRow = addRow(-Infinity, 1);
      for (const pair of pairs)
        columns.push({
          label: label(pair),
          cardsPerUnit: pair.maxCards,
          cost: Number(pair.costPerCard) * pair.maxCards - penalty,
          upper: 1,
          integer: true,
          entries: [...sharedEntries(pair, pair.maxCards), [oneOfferRow, 1]],
        });
      continue;
    }
    const demandRow = addRow(0, Infinity);
    const served: ModelColumn = {
      cardsPerUnit: 0,
      cost: -penalty,
      upper: 1,
      integer: true,
      entries: [[demandRow, -Number(demand)]],
    };
    columns.push(served);
    const roundingRows =
      formulation === 'strengthened'
        ? [...new Set(pairs.map((pair) => pair.unitsPerCard))].map((units) => {
            const row = addRow(0, Infinity);
            served.entries.push([row, -Number(ceilDiv(demand, units))]);
            return { row, units };
          })
        : [];
    const oneOfferRow = request.splittableAcrossOffers ? -1 : addRow(-Infinity, 0);
    if (oneOfferRow >= 0) served.entries.push([oneOfferRow, -1]);
    for (const pair of pairs) {
      const entries: [number, number][] = [
        [demandRow, Number(pair.unitsPerCard)],
        ...sharedEntries(pair, 1),
        ...roundingRows.map(({ row, units }): [number, number] => [
          row,
          Number(ceilDiv(pair.unitsPerCard, units)),
        ]),
      ];
      columns.push({
        label: label(pair),
        cardsPerUnit: 1,
        cost: Number(pair.costPerCard),
        upper: pair.maxCards,
        integer: true,
        entries,
      });
      if (oneOfferRow < 0) continue;
      if (relaxed) {
        entries.push([oneOfferRow, 1 / pair.maxCards]);
        continue;
      }
      const linkRow = addRow(-Infinity, 0);
      entries.push([linkRow, 1]);
      columns.push({
        cardsPerUnit: 0,
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
  return { columns, rowLower, rowUpper, offset };
}
