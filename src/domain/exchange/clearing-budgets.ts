import { assert } from '../shared/assert.ts';
import { FULL_RATE_BPS } from '../shared/money.ts';

/**
 * The subsidy limits a clearing run hands the matcher, worked out so that every order made from
 * the clearing gets exactly the subsidy the matcher planned for it. The matcher knows one budget
 * per key and one rate per (request, offer); the policy engine knows more: budgets shared by
 * several grants (a program's remainder, an enterprise's yearly cap over its grants of one
 * program) and caps per order (per claim, per contract). These pure helpers fold the shared
 * budgets into one budget per grant and the per-order caps into the pair's rate, always
 * rounding down, so the clearing never promises more than any of them allows.
 */

/** A limit several grants share: none of them may together be promised more than `limitFen`. */
export interface SharedBudget {
  readonly key: string;
  readonly limitFen: bigint;
  readonly grantIds: readonly string[];
}

/**
 * One budget per grant: its own remainder, lowered so that the grants of every shared budget
 * together stay within it. Shared budgets apply in key order; one whose grants' budgets add up
 * to more than its limit scales each of them by limit / total, **rounded down** (so their sum
 * never exceeds the limit; the fen lost to rounding stay unpromised). A budget that fits leaves
 * its grants untouched. Later steps only lower budgets, so every limit holds at the end.
 * Deterministic: the same input gives the same budgets.
 *
 * @example
 * splitSharedBudgets(new Map([['a', 400n], ['b', 400n]]), [{ key: 'p', limitFen: 200n, grantIds: ['a', 'b'] }])
 * // Map { 'a' => 100n, 'b' => 100n }
 */
export function splitSharedBudgets(
  ownFen: ReadonlyMap<string, bigint>,
  shared: readonly SharedBudget[],
): Map<string, bigint> {
  const budgets = new Map<string, bigint>();
  for (const [grantId, fen] of ownFen) budgets.set(grantId, fen > 0n ? fen : 0n);
  const ordered = [...shared].sort(compareShared);
  for (const group of ordered) {
    const limitFen = group.limitFen > 0n ? group.limitFen : 0n;
    const members = [...new Set(group.grantIds)].filter((id) => budgets.has(id));
    const totalFen = members.reduce((sum, id) => sum + (budgets.get(id) ?? 0n), 0n);
    if (totalFen <= limitFen) continue;
    for (const id of members) budgets.set(id, ((budgets.get(id) ?? 0n) * limitFen) / totalFen);
  }
  return budgets;
}

/** Key order; ties (one key given twice) by limit, then members: any input order gives one result. */
function compareShared(a: SharedBudget, b: SharedBudget): number {
  const first = [a.key, b.key];
  const second = [String(a.limitFen).padStart(24, '0'), String(b.limitFen).padStart(24, '0')];
  const third = [[...a.grantIds].sort().join(','), [...b.grantIds].sort().join(',')];
  for (const [x = '', y = ''] of [first, second, third]) if (x !== y) return x < y ? -1 : 1;
  return 0;
}

/**
 * The rate the matcher may use for a pair whose orders the policy caps at `perOrderCapFen`
 * (per claim, per contract): the policy's rate when the cap cannot bind on the pair's largest
 * order (`cardHoursMax` card-hours), else the highest rate whose per-card-hour subsidy
 * `floor(price × rate / 10 000)` times `cardHoursMax` stays within the cap, **rounded down**.
 * Any order of at most `cardHoursMax` card-hours is then promised no more than the cap and no
 * more than the policy's rate gives on its amount.
 *
 * @example
 * cappedRateBps({ priceFen: 1000n, rateBps: 5000, perOrderCapFen: 10_000n, cardHoursMax: 40n }) // 2500
 */
export function cappedRateBps(pair: {
  priceFen: bigint;
  rateBps: number;
  perOrderCapFen: bigint | null;
  cardHoursMax: bigint;
}): number {
  const { priceFen, rateBps, perOrderCapFen, cardHoursMax } = pair;
  assert(priceFen > 0n && cardHoursMax > 0n, 'cappedRateBps: price and card-hours are positive');
  if (perOrderCapFen === null) return rateBps;
  const full = BigInt(FULL_RATE_BPS);
  const perCardHourFen = (priceFen * BigInt(rateBps)) / full;
  const allowedFen = (perOrderCapFen > 0n ? perOrderCapFen : 0n) / cardHoursMax;
  if (perCardHourFen <= allowedFen) return rateBps;
  // floor(price × r / 10 000) ≤ allowed for r = floor(allowed × 10 000 / price).
  return Number((allowedFen * full) / priceFen);
}

/**
 * The part of an order's amount a voucher claim names so that the policy's rate gives exactly
 * the promised subsidy: `ceil(promised × 10 000 / rate)`. Then `floor(part × rate / 10 000)` is
 * `promised` (the part is below `(promised + 1) × 10 000 / rate`), and the part is within the
 * order's amount whenever the promise is within `floor(amount × rate / 10 000)`.
 *
 * @example
 * subsidisedPartFen(5000n, 5000) // 10000n: 50 % of ¥100.00 is ¥50.00
 */
export function subsidisedPartFen(promisedFen: bigint, rateBps: number): bigint {
  assert(promisedFen > 0n && rateBps > 0, 'subsidisedPartFen: a promise and a rate');
  const scaled = promisedFen * BigInt(FULL_RATE_BPS);
  const rate = BigInt(rateBps);
  return (scaled + rate - 1n) / rate;
}
