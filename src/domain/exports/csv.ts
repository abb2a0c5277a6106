/**
 * A small RFC 4180 CSV writer for exports opened by people in Excel or WPS.
 *
 * - Fields with a comma, quote, CR or LF are quoted, quotes doubled (RFC 4180 §2.6–2.7), and
 *   so are fields with a semicolon: spreadsheets in locales whose list separator is `;`
 *   (German, French, Russian Excel…) split the file on `;` instead.
 * - Lines end with CRLF (RFC 4180 §2.1).
 * - Formula injection (CWE-1236): a text cell starting with `=`, `+`, `-`, `@`, TAB or CR is
 *   prefixed with a single quote, so a spreadsheet shows it as text instead of evaluating it.
 *   Numbers are typed cells (`bigint`/`number`), so a negative amount stays a number. Those
 *   `;`-locale spreadsheets honour quotes only at the start of a cell, so to them a `;` or a
 *   line break inside a field starts a new cell: a trigger there (after any spaces and quotes)
 *   gets the same quote mark.
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
/**
 * A formula trigger after a `;` or a line break (and any spaces and quotes): where a reading
 * that splits on `;` and ignores quotes inside a cell starts a new cell.
 */
const TRIGGER_AFTER_CELL_BREAK = /([;\r\n][ "]*)(?=[=+\-@\t\r])/g;
const NEEDS_QUOTES = /[",;\r\n]/;

/**
 * Neutralises a text that a spreadsheet would evaluate as a formula, whether the spreadsheet
 * splits cells on `,` or on `;`.
 *
 * @example
 * guardFormula('=HYPERLINK("http://x")') // "'=HYPERLINK(\"http://x\")"
 * guardFormula('a;=1+1')                 // "a;'=1+1"
 */
export function guardFormula(text: string): string {
  const guarded = text.replace(TRIGGER_AFTER_CELL_BREAK, "$1'");
  return FORMULA_TRIGGER.test(guarded) ? `'${guarded}` : guarded;
}

/**
 * One field, quoted when needed.
 *
 * @example
 * csvField('杭州, 滨江') // '"杭州, 滨江"'
 * csvField('a;b')       // '"a;b"'
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
