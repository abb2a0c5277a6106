/**
 * Amounts as readers expect them. The API sends fen as decimal strings; the console never turns
 * them into floating point, so ¥12,345,678,901.23 is shown to the fen.
 */

const FEN_PER_WAN = 1_000_000n; // 1 万 yuan = 10,000 yuan = 1,000,000 fen
const FEN_PER_YI = 10_000_000_000n; // 1 亿 yuan = 100,000,000 yuan

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/gu, ',');
}

/** Parses fen given as a bigint or the API's decimal string; anything else is a bug. */
export function toFen(amount: bigint | string): bigint {
  if (typeof amount === 'bigint') return amount;
  if (!/^-?\d{1,20}$/u.test(amount)) throw new Error(`not an amount of fen: ${amount}`);
  return BigInt(amount);
}

/**
 * The exact amount: `¥1,234,567.89` (a minus sign before ¥ for negatives).
 *
 * @example
 * formatFenExact('123456789'); // '¥1,234,567.89'
 */
export function formatFenExact(amount: bigint | string): string {
  const fen = toFen(amount);
  const sign = fen < 0n ? '-' : '';
  const absolute = fen < 0n ? -fen : fen;
  const yuan = groupThousands((absolute / 100n).toString());
  const cents = (absolute % 100n).toString().padStart(2, '0');
  return `${sign}¥${yuan}.${cents}`;
}

/** `whole.fraction` of `fen / unit`, two decimals cut (not rounded), trailing zeros dropped. */
function inUnits(fen: bigint, unit: bigint): string {
  // Rounded DOWN (toward zero) so a short amount never shows more money than there is; the
  // exact amount is one hover away.
  const hundredths = (fen * 100n) / unit;
  const whole = groupThousands((hundredths / 100n).toString());
  const fraction = (hundredths % 100n).toString().padStart(2, '0').replace(/0+$/u, '');
  return fraction === '' ? whole : `${whole}.${fraction}`;
}

/**
 * The amount as a Chinese reader reads it: 万 from ¥10,000 and 亿 from ¥100,000,000
 * (`¥50万`, `¥1.25亿`), below that the exact amount. English readers get the exact amount.
 *
 * @example
 * formatFenShort('50000000', 'zh-CN'); // '¥50万'
 * formatFenShort('50000000', 'en');    // '¥500,000.00'
 */
export function formatFenShort(amount: bigint | string, language: string): string {
  const fen = toFen(amount);
  if (!language.startsWith('zh')) return formatFenExact(fen);
  const sign = fen < 0n ? '-' : '';
  const absolute = fen < 0n ? -fen : fen;
  if (absolute >= FEN_PER_YI) return `${sign}¥${inUnits(absolute, FEN_PER_YI)}亿`;
  if (absolute >= FEN_PER_WAN) return `${sign}¥${inUnits(absolute, FEN_PER_WAN)}万`;
  return formatFenExact(fen);
}

/** A rate in basis points as a percentage: 3000 → `30%`, 1250 → `12.5%`. */
export function formatRateBps(rateBps: number): string {
  const whole = Math.trunc(rateBps / 100);
  const fraction = String(Math.abs(rateBps % 100))
    .padStart(2, '0')
    .replace(/0+$/u, '');
  return fraction === '' ? `${whole}%` : `${whole}.${fraction}%`;
}
