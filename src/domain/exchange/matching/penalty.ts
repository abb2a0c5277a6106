import { assert } from '../../shared/assert.ts';

/**
 * Sign of `a × b − c × d` for non-negative integers, exact: the products are compared as
 * numbers while they are below 2^53 and as bigints above, so no tie ever depends on rounding.
 *
 * @example
 * compareProducts(3, 4, 2, 6) // 0
 */
export function compareProducts(a: number, b: number, c: number, d: number): number {
  const left = a * b;
  const right = c * d;
  if (left < Number.MAX_SAFE_INTEGER && right < Number.MAX_SAFE_INTEGER) return left - right;
  const difference = BigInt(a) * BigInt(b) - BigInt(c) * BigInt(d);
  return difference > 0n ? 1 : difference < 0n ? -1 : 0;
}

/**
 * `ceil(numerator / denominator)` for non-negative safe integers, exact (a float quotient can
 * round across an integer when the operands are large).
 *
 * @example
 * ceilDivide(49, 24) // 3
 */
export function ceilDivide(numerator: number, denominator: number): number {
  let quotient = Math.ceil(numerator / denominator);
  while (quotient * denominator < numerator) quotient += 1;
  while (quotient > 0 && (quotient - 1) * denominator >= numerator) quotient -= 1;
  return quotient;
}

/**
 * The objective's penalty for leaving a request unserved: one fen more than the dearest way to
 * serve it, so whenever a request fits in what is left, serving it lowers the objective.
 *
 * A serving is minimal (dropping any card would leave demand unmet), so its cards deliver less
 * than `demand + largest units per card`, which takes at most
 * `ceil((demand + maxUnits) / minUnits)` cards, each costing at most the dearest pair's cost:
 *
 *   penalty = 1 + maxCostPerCard × ceil((demand + maxUnitsPerCard) / minUnitsPerCard)
 *
 * A request no offer can serve has no usable pair and a penalty of 0 (nothing to trade off).
 *
 * @example
 * unservedPenaltyFen(48, { cost: [2400, 3600], units: [24, 24] }) // 1 + 3600 × 3 = 10 801
 */
export function unservedPenaltyFen(
  demand: number,
  pairs: { readonly cost: ArrayLike<number>; readonly units: ArrayLike<number> },
): number {
  if (pairs.cost.length === 0) return 0;
  let maxCost = -Infinity;
  let maxUnits = -Infinity;
  let minUnits = Infinity;
  for (let index = 0; index < pairs.cost.length; index += 1) {
    maxCost = Math.max(maxCost, pairs.cost[index] ?? 0);
    maxUnits = Math.max(maxUnits, pairs.units[index] ?? 0);
    minUnits = Math.min(minUnits, pairs.units[index] ?? 0);
  }
  const cards = ceilDivide(demand + maxUnits, minUnits);
  const penalty = 1n + BigInt(maxCost) * BigInt(cards);
  assert(penalty <= BigInt(Number.MAX_SAFE_INTEGER), 'unservedPenaltyFen: penalty beyond 2^53 fen');
  return Number(penalty);
}
