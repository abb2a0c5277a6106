/** A value of a COPY row: text, an integer, a time, or null. */
export type CopyValue = string | number | bigint | Date | null;

const SPECIAL = /[\\\n\r\t]/u;
const SPECIALS = /[\\\n\r\t]/gu;
const ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

function field(value: CopyValue): string {
  if (value === null) return '\\N';
  if (value instanceof Date) return value.toISOString();
  if (typeof value !== 'string') return value.toString();
  // Escaped, a backslash can no longer start `\N` or the end-of-data line `\.`.
  return SPECIAL.test(value) ? value.replace(SPECIALS, (c) => ESCAPES[c] ?? c) : value;
}

/**
 * Rows in the text format of PostgreSQL's `COPY … FROM` with its default options: a line per
 * row, fields separated by tabs, `\N` for null, and a backslash, newline, carriage return or tab
 * inside a value written as `\\`, `\n`, `\r`, `\t`; the rest as it is (UTF-8). Times go in ISO
 * 8601 with their offset, so the session's time zone does not matter. Integers must be whole
 * (the caller's columns are int and int8).
 *
 * @example
 * copyTextRows([['a\tb', 1, null]]); // 'a\\tb\t1\t\\N\n'
 */
export function copyTextRows(rows: readonly (readonly CopyValue[])[]): string {
  let text = '';
  for (const row of rows) text += row.map(field).join('\t') + '\n';
  return text;
}
