/**
 * Yuan as a person types them (`1000000`, `1,000,000.50`) → fen as the API's decimal string,
 * exactly (no floating point); undefined for anything that is not such an amount (three
 * decimals, a sign, letters): the form says so instead of guessing.
 *
 * @example
 * yuanToFenString('1,000,000.5'); // '100000050'
 */
export function yuanToFenString(yuan: string | undefined): string | undefined {
  const text = (yuan ?? '').replaceAll(',', '').trim();
  const match = /^(\d{1,15})(?:\.(\d{1,2}))?$/u.exec(text);
  if (match === null) return undefined;
  const [, whole = '0', fraction = ''] = match;
  return (BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'))).toString();
}
