/**
 * A small RFC 4180 CSV writer for exports opened by people in Excel or WPS.
 *
 * - Fields with a comma, quote, CR or LF are quoted, quotes doubled (RFC 4180 §2.6–2.7).
 * - Lines end with CRLF (RFC 4180 §2.1).
 * - Formula injection (CWE-1236): a text cell starting with `=`, `+`, `-`, `@`, TAB or CR is
 *   prefixed with a single quote, so a spreadsheet shows it as text instead of evaluating it.
 *   Numbers are typed cells (`bigint`/`number`), so a negative amount stays a number.
 * - The document starts with a UTF-8 byte order mark so Excel reads Chinese names correctly.
 */

/**
 * A decimal number written as text (`"-12.50"`), e.g. yuan; written unquoted and unguarded
 * because it is a number, not text a person typed.
 */
export class DecimalText {
  constructor(readonly text: string) {
    if (!/^-?\d+(\.\d+)?$/.test(text)) throw new RangeError(`not a decimal: ${text}`);
  }
}

/** A value of one cell. `null`/`undefined` become an empty field. */
export type CsvCell = string | number | bigint | boolean | Date | DecimalText | null | undefined;

/** The UTF-8 byte order mark Excel needs to detect UTF-8. */
export const UTF8_BOM = '\uFEFF';

const FORMULA_TRIGGER = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * Neutralises a text that a spreadsheet would evaluate as a formula.
 *
 * @example
 * guardFormula('=HYPERLINK("http://x")') // "'=HYPERLINK(\"http://x\")"
 */
export function guardFormula(text: string): string {
  return FORMULA_TRIGGER.test(text) ? `'${text}` : text;
}

/**
 * One field, quoted when needed.
 *
 * @example
 * csvField('杭州, 滨江') // '"杭州, 滨江"'
 * csvField(-100n)       // '-100' (a number, not guarded)
 */
export function csvField(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'bigint' || typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof DecimalText) return value.text;
  const text = value instanceof Date ? value.toISOString() : guardFormula(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record with its CRLF terminator. */
export function csvRow(cells: readonly CsvCell[]): string {
  return `${cells.map(csvField).join(',')}\r\n`;
}

/**
 * A whole document: BOM, header row, then the rows.
 *
 * @example
 * toCsv(['name', 'amountFen'], [['杭州云栖', 100n]]) // '\uFEFFname,amountFen\r\n杭州云栖,100\r\n'
 */
export function toCsv(header: readonly string[], rows: Iterable<readonly CsvCell[]>): string {
  let text = UTF8_BOM + csvRow(header);
  for (const row of rows) text += csvRow(row);
  return text;
}
