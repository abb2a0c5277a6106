/**
 * A small RFC 4180 reader: comma-separated fields, optional double quotes, `""` for a quote
 * inside a quoted field, quoted fields may hold commas and line breaks, records end at CRLF or
 * LF. A UTF-8 byte-order mark at the start is dropped (Excel writes one).
 */

export interface CsvLimits {
  /** Records after which reading stops with an error (the header counts). */
  maxRecords: number;
  /** Characters a field may hold. */
  maxFieldLength: number;
  /** Fields a record may hold. */
  maxFields: number;
}

export type CsvResult =
  | { ok: true; records: string[][] }
  | {
      ok: false;
      /** 1-based record number (the header is record 1) where reading stopped. */
      record: number;
      reason: string;
    };

export const DEFAULT_CSV_LIMITS: CsvLimits = {
  maxRecords: 10_001,
  maxFieldLength: 2_000,
  maxFields: 64,
};

const QUOTE = '"';

/**
 * Parses CSV text into records of fields. Empty lines are skipped (a trailing newline does not
 * make an empty record). Every loop is bounded by the text length and the limits.
 *
 * @example
 * parseCsv('a,"b,""c"""\r\n1,2\n') // { ok: true, records: [['a', 'b,"c"'], ['1', '2']] }
 */
export function parseCsv(text: string, limits: CsvLimits = DEFAULT_CSV_LIMITS): CsvResult {
  const input = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false; // inside a quoted field
  let wasQuoted = false; // the current field started with a quote
  let index = 0;
  const fail = (reason: string): CsvResult => ({ ok: false, record: records.length + 1, reason });
  const endField = (): CsvResult | null => {
    if (field.length > limits.maxFieldLength) {
      return fail(`field ${record.length + 1} is over ${limits.maxFieldLength} characters`);
    }
    record.push(field);
    field = '';
    wasQuoted = false;
    return record.length > limits.maxFields ? fail(`more than ${limits.maxFields} fields`) : null;
  };
  const endRecord = (): CsvResult | null => {
    const blank = record.length === 0 && field === '' && !wasQuoted;
    const problem = endField();
    if (problem) return problem;
    const finished = record;
    record = [];
    if (blank) return null;
    if (records.length >= limits.maxRecords) return fail(`more than ${limits.maxRecords} records`);
    records.push(finished);
    return null;
  };
  while (index < input.length) {
    const char = input.charAt(index);
    if (quoted) {
      if (char === QUOTE) {
        if (input.charAt(index + 1) === QUOTE) {
          field += QUOTE;
          index += 1;
        } else {
          quoted = false;
        }
      } else {
        field += char;
      }
    } else if (char === QUOTE) {
      if (field !== '' || wasQuoted)
        return fail(`a quote inside unquoted field ${record.length + 1}`);
      quoted = true;
      wasQuoted = true;
    } else if (char === ',') {
      const problem = endField();
      if (problem) return problem;
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && input.charAt(index + 1) === '\n') index += 1;
      const problem = endRecord();
      if (problem) return problem;
    } else {
      if (wasQuoted) return fail(`text after the closing quote of field ${record.length + 1}`);
      field += char;
    }
    if (field.length > limits.maxFieldLength) {
      return fail(`field ${record.length + 1} is over ${limits.maxFieldLength} characters`);
    }
    index += 1;
  }
  if (quoted) return fail('a quoted field is not closed before the end of the text');
  if (field !== '' || wasQuoted || record.length > 0) {
    const problem = endRecord();
    if (problem) return problem;
  }
  return { ok: true, records };
}

/**
 * Writes records as RFC 4180 CSV with CRLF line ends, quoting only where needed, so that
 * `parseCsv(formatCsv(records))` gives the records back. Fields with a `;` are quoted too, for
 * spreadsheets whose list separator is `;`. It does not defuse spreadsheet formulas (`=…`):
 * exports meant for spreadsheets use `src/domain/exports/csv.ts`, which does.
 */
export function formatCsv(records: readonly (readonly string[])[]): string {
  return records
    .map((fields) =>
      fields
        .map((value) => {
          // A lone empty field is quoted so the record is not read back as a blank line.
          const quote = /[",;\r\n]/.test(value) || (value === '' && fields.length === 1);
          return quote ? `"${value.replaceAll('"', '""')}"` : value;
        })
        .join(','),
    )
    .join('\r\n')
    .concat(records.length > 0 ? '\r\n' : '');
}
