/**
 * A reviewer types yuan ("200000" or "1234.56"); the API takes fen as a decimal string. Exact
 * string arithmetic, never a float: null for anything that is not an amount with at most two
 * decimals.
 *
 * @example
 * yuanToFen('1234.5') // '123450'
 */
export function yuanToFen(text: string): string | null {
  const match = /^\s*(\d{1,15})(?:\.(\d{1,2}))?\s*$/.exec(text.replace(/[,，]/g, ''));
  if (match === null) return null;
  const fen = BigInt(match[1] ?? '0') * 100n + BigInt((match[2] ?? '').padEnd(2, '0'));
  return fen > 0n ? fen.toString() : null;
}

/** Fen as yuan for an input's starting value ("123450" → "1234.50"). */
export function fenToYuan(fen: string): string {
  const value = BigInt(fen);
  const cents = (value % 100n).toString().padStart(2, '0');
  return `${value / 100n}.${cents}`;
}
