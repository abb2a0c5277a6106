/**
 * Fen as yuan for an input's starting value ("123450" → "1234.50"); the way back is
 * `yuanToFenString` (web/src/format/yuan-input.ts).
 *
 * @example
 * fenToYuan('123450') // '1234.50'
 */
export function fenToYuan(fen: string): string {
  const value = BigInt(fen);
  const cents = (value % 100n).toString().padStart(2, '0');
  return `${value / 100n}.${cents}`;
}
