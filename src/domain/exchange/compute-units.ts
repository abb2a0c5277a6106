import { assert } from '../shared/assert.ts';

/**
 * The standard compute unit (SCU): one PFLOPS-hour of dense FP16, so that offers on different
 * chips compare. A card of T TFLOPS delivers T/1000 PFLOPS, so one card-hour on it is exactly
 * T milli-SCU: everything below is integer arithmetic on that fact.
 */

/** Milli-SCU in one card-hour of an accelerator of `fp16DenseTflops`. */
export function milliScuPerCardHour(fp16DenseTflops: number): bigint {
  assert(Number.isInteger(fp16DenseTflops) && fp16DenseTflops > 0, 'TFLOPS is a positive integer');
  return BigInt(fp16DenseTflops);
}

/**
 * The price of one SCU on an offer: price per card-hour × 1000 / TFLOPS, rounded UP to the fen,
 * so the per-SCU figure shown never understates what the buyer pays for a unit of compute.
 *
 * @example
 * pricePerScuFen(1_200n, 320) // 3 750 fen: ¥12 a card-hour on an Ascend 910B is ¥37.50 an SCU
 */
export function pricePerScuFen(pricePerCardHourFen: bigint, fp16DenseTflops: number): bigint {
  assert(pricePerCardHourFen > 0n, 'a price is positive');
  const perMilli = milliScuPerCardHour(fp16DenseTflops);
  return (pricePerCardHourFen * 1000n + perMilli - 1n) / perMilli;
}

/**
 * Card-hours that deliver at least `scu` SCU on an accelerator: scu × 1000 / TFLOPS, rounded UP
 * to whole card-hours (a request is never served short).
 *
 * @example
 * cardHoursForScu(32n, 320) // 100 card-hours of Ascend 910B
 */
export function cardHoursForScu(scu: bigint, fp16DenseTflops: number): bigint {
  assert(scu > 0n, 'an SCU quantity is positive');
  const perMilli = milliScuPerCardHour(fp16DenseTflops);
  return (scu * 1000n + perMilli - 1n) / perMilli;
}

/** Milli-SCU delivered by `cardHours` on an accelerator (exact). */
export function milliScuOf(cardHours: bigint, fp16DenseTflops: number): bigint {
  return cardHours * milliScuPerCardHour(fp16DenseTflops);
}
