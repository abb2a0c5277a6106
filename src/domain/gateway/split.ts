import { assert } from '../shared/assert.ts';
import { FULL_RATE_BPS } from '../shared/money.ts';

/**
 * How one call's cost divides between the voucher and the enterprise's wallet. The rate is the
 * one the policy engine chose for this model under the grant's program (`decideModelSubsidy`);
 * this function only applies it, in µfen, rounded **down** (public money never over-pays), and
 * within what the voucher still has for the call.
 */

export interface CostSplit {
  totalMicroFen: bigint;
  voucherMicroFen: bigint;
  walletMicroFen: bigint;
}

/**
 * `voucher = min(⌊cost × rate / 10 000⌋, allowance)`, `wallet = cost − voucher`.
 *
 * @example
 * splitCost({ costMicroFen: 840000n, rateBps: 3000, voucherAllowanceMicroFen: 10n ** 9n })
 * // { totalMicroFen: 840000n, voucherMicroFen: 252000n, walletMicroFen: 588000n }
 */
export function splitCost(options: {
  costMicroFen: bigint;
  rateBps: number;
  voucherAllowanceMicroFen: bigint;
}): CostSplit {
  const { costMicroFen, rateBps, voucherAllowanceMicroFen } = options;
  assert(costMicroFen >= 0n, 'splitCost: negative cost');
  assert(
    Number.isInteger(rateBps) && rateBps >= 0 && rateBps <= FULL_RATE_BPS,
    `splitCost: rate out of range: ${rateBps}`,
  );
  assert(voucherAllowanceMicroFen >= 0n, 'splitCost: negative allowance');
  const byRate = (costMicroFen * BigInt(rateBps)) / BigInt(FULL_RATE_BPS);
  const voucherMicroFen = byRate < voucherAllowanceMicroFen ? byRate : voucherAllowanceMicroFen;
  const split = {
    totalMicroFen: costMicroFen,
    voucherMicroFen,
    walletMicroFen: costMicroFen - voucherMicroFen,
  };
  assert(split.walletMicroFen >= 0n, 'splitCost: voucher above cost');
  return split;
}
