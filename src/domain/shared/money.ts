import { assert } from './assert.ts';

/** Largest amount the ledger stores: PostgreSQL BIGINT, 2^63 − 1 fen. */
export const MAX_FEN = 9_223_372_036_854_775_807n;
/** 100 % in basis points. */
export const FULL_RATE_BPS = 10_000;

/**
 * `amountFen × rateBps / 10 000`, rounded **down** to the fen: public money never over-pays,
 * so every subsidy and every share computed from a rate goes through this one function.
 *
 * @example
 * applyRateBps(333n, 3000) // 99n (99.9 fen rounded down)
 */
export function applyRateBps(amountFen: bigint, rateBps: number): bigint {
  assert(amountFen >= 0n, 'applyRateBps: amount must not be negative');
  assert(
    Number.isInteger(rateBps) && rateBps >= 0,
    'applyRateBps: rate must be a non-negative integer',
  );
  return (amountFen * BigInt(rateBps)) / BigInt(FULL_RATE_BPS);
}

/** The smaller of two amounts. */
export function minFen(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

/** The larger of two amounts. */
export function maxFen(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

/** `"1234567"` fen → `"¥12,345.67"`, for people; never parsed back. */
export function formatYuan(amountFen: bigint): string {
  const negative = amountFen < 0n;
  const absolute = negative ? -amountFen : amountFen;
  const yuan = (absolute / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fen = (absolute % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}¥${yuan}.${fen}`;
}

/** Yuan in a program file or a form (`250000000`, `12.5`) → fen, exactly, without floats. */
export function yuanToFen(yuan: string | number): bigint {
  const text = typeof yuan === 'number' ? String(yuan) : yuan.trim();
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  assert(match, `yuanToFen: not a non-negative amount with at most two decimals: ${text}`);
  const [, whole = '0', fraction = ''] = match;
  return BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
}
