import { assert } from '../shared/assert.ts';

/** How an order's subsidy is carried (from the program of the grant the order names). */
export type SubsidyMode = 'none' | 'pay-provider' | 'reimburse-enterprise';

/** An order's money facts a usage report settles against. */
export interface SettlableOrder {
  cardHours: bigint;
  pricePerCardHourFen: bigint;
  /** The subsidy the policy engine decided for the whole order. */
  subsidyFen: bigint;
  subsidyMode: SubsidyMode;
  settledCardHours: bigint;
  /** Subsidy share of the reports settled before. */
  settledSubsidyFen: bigint;
}

/** What one report settles. */
export interface UsageSettlement {
  /** cardHours × price per card-hour. */
  amountFen: bigint;
  /** The subsidy's share of this report (see `settleUsage`). */
  subsidyFen: bigint;
  /**
   * What the enterprise owes the provider for the report: the amount less the subsidy when the
   * program pays the provider; the whole amount when it reimburses the enterprise later.
   */
  enterpriseFen: bigint;
}

/**
 * Splits one usage report's amount between the subsidy and the enterprise. The subsidy is
 * earned in proportion to the card-hours used, on the running total and rounded DOWN to the
 * fen: after k reports, floor(subsidy × usedCardHours / orderedCardHours) in all. So the
 * shares never add up to more than the decided subsidy, reach it exactly when the order is
 * fully used, and no share is negative. An order without subsidy: all of it is the
 * enterprise's.
 *
 * @example
 * settleUsage({ cardHours: 3n, pricePerCardHourFen: 100n, subsidyFen: 100n,
 *   subsidyMode: 'pay-provider', settledCardHours: 0n, settledSubsidyFen: 0n }, 1n)
 * // { amountFen: 100n, subsidyFen: 33n, enterpriseFen: 67n }
 */
export function settleUsage(order: SettlableOrder, reportCardHours: bigint): UsageSettlement {
  assert(reportCardHours > 0n, 'a report settles positive card-hours');
  const usedCardHours = order.settledCardHours + reportCardHours;
  assert(usedCardHours <= order.cardHours, 'a report never settles beyond the order');
  assert(
    order.subsidyFen >= 0n && order.subsidyFen <= order.cardHours * order.pricePerCardHourFen,
    'the subsidy lies between nothing and the order amount',
  );
  const amountFen = reportCardHours * order.pricePerCardHourFen;
  const earnedFen = (order.subsidyFen * usedCardHours) / order.cardHours; // rounds down
  const subsidyFen = earnedFen - order.settledSubsidyFen;
  assert(
    subsidyFen >= 0n && subsidyFen <= amountFen,
    'a report’s subsidy share is within its amount',
  );
  const enterpriseFen = order.subsidyMode === 'pay-provider' ? amountFen - subsidyFen : amountFen;
  return { amountFen, subsidyFen, enterpriseFen };
}

/**
 * An order cancelled after it started keeps the hours up to `keptCardHours`; its subsidy is
 * scaled to them, rounded DOWN: floor(subsidy × kept / ordered).
 */
export function scaledSubsidy(
  subsidyFen: bigint,
  orderedCardHours: bigint,
  keptCardHours: bigint,
): bigint {
  assert(keptCardHours >= 0n && keptCardHours <= orderedCardHours, 'kept hours within the order');
  return (subsidyFen * keptCardHours) / orderedCardHours;
}
