import { parseCsv } from './csv.ts';
import { checkEnterpriseInput, type EnterpriseFields } from './enterprise.ts';
import type { FieldProblemCode } from './fields.ts';

/** The columns of an enterprise import file, and the field each fills. */
export const ENTERPRISE_CSV_COLUMNS = {
  uscc: 'uscc',
  name: 'name',
  region_code: 'regionCode',
  size: 'size',
  founded_on: 'foundedOn',
  industries: 'industries',
  credit_record: 'creditRecord',
  legal_representative: 'legalRepresentative',
  phone: 'phone',
  address: 'address',
} as const;

type Column = keyof typeof ENTERPRISE_CSV_COLUMNS;
const REQUIRED_COLUMNS: readonly Column[] = ['uscc', 'name', 'size', 'founded_on'];

export const MAX_IMPORT_ROWS = 10_000;
/** Characters of CSV text accepted (about 5 MiB of ASCII; Chinese text is fewer characters). */
export const MAX_IMPORT_CHARACTERS = 5 * 1024 * 1024;
/** Problems reported at most; a file with more has the list cut (and says so). */
export const MAX_REPORTED_PROBLEMS = 1_000;

export type CsvProblemCode =
  | FieldProblemCode
  | 'MALFORMED_CSV'
  | 'EMPTY_FILE'
  | 'TOO_LARGE'
  | 'MISSING_COLUMN'
  | 'UNKNOWN_COLUMN'
  | 'DUPLICATE_COLUMN'
  | 'FIELD_COUNT';

/** One problem of an import file. `row` counts records with the header as row 1. */
export interface CsvProblem {
  row: number;
  /** The CSV column name, or `*` for the whole row or file. */
  column: string;
  code: CsvProblemCode;
  message: string;
}

export interface EnterpriseCsvRow {
  row: number;
  fields: EnterpriseFields;
}

export type EnterpriseCsvResult =
  | { ok: true; rows: EnterpriseCsvRow[] }
  | { ok: false; problems: CsvProblem[]; truncated: boolean };

const COLUMN_OF_FIELD = new Map<string, string>(
  Object.entries(ENTERPRISE_CSV_COLUMNS).map(([column, field]) => [field, column]),
);

function isColumn(name: string): name is Column {
  return Object.hasOwn(ENTERPRISE_CSV_COLUMNS, name);
}

function fail(problems: CsvProblem[]): EnterpriseCsvResult {
  return {
    ok: false,
    problems: problems.slice(0, MAX_REPORTED_PROBLEMS),
    truncated: problems.length > MAX_REPORTED_PROBLEMS,
  };
}

function readHeader(header: readonly string[]): {
  columns: (Column | null)[];
  problems: CsvProblem[];
} {
  const problems: CsvProblem[] = [];
  const seen = new Set<string>();
  const columns = header.map((raw) => {
    const name = raw.trim().toLowerCase();
    if (!isColumn(name)) {
      problems.push({
        row: 1,
        column: raw,
        code: 'UNKNOWN_COLUMN',
        message: `unknown column ${raw}`,
      });
      return null;
    }
    if (seen.has(name)) {
      problems.push({
        row: 1,
        column: name,
        code: 'DUPLICATE_COLUMN',
        message: `column ${name} appears twice`,
      });
    }
    seen.add(name);
    return name;
  });
  for (const column of REQUIRED_COLUMNS) {
    if (!seen.has(column)) {
      problems.push({
        row: 1,
        column,
        code: 'MISSING_COLUMN',
        message: `column ${column} is required`,
      });
    }
  }
  return { columns, problems };
}

/** `I65;M73` (also `、`, `|` or spaces between codes) → ['I65', 'M73']. */
function splitIndustries(cell: string): string[] {
  return cell
    .split(/[;|、\s]+/u)
    .map((code) => code.trim().toUpperCase())
    .filter((code) => code !== '');
}

/**
 * Reads and checks a whole enterprise import file: header with named columns (any order; see
 * `ENTERPRISE_CSV_COLUMNS`), one enterprise per record. Returns every problem found (up to
 * `MAX_REPORTED_PROBLEMS`) or every row checked — never a partial result, so the caller
 * imports all or nothing. A USCC twice in one file is a problem of the later row.
 *
 * @example
 * readEnterpriseCsv('uscc,name,size,founded_on\n91330100799655058B,Alibaba,large,2007-03-26\n', '2026-01-01')
 */
export function readEnterpriseCsv(csvText: string, today: string): EnterpriseCsvResult {
  if (csvText.length > MAX_IMPORT_CHARACTERS) {
    return fail([
      {
        row: 1,
        column: '*',
        code: 'TOO_LARGE',
        message: `the file is over ${MAX_IMPORT_CHARACTERS} characters`,
      },
    ]);
  }
  const parsed = parseCsv(csvText, {
    maxRecords: MAX_IMPORT_ROWS + 1,
    maxFieldLength: 2_000,
    maxFields: 32,
  });
  if (!parsed.ok) {
    return fail([
      { row: parsed.record, column: '*', code: 'MALFORMED_CSV', message: parsed.reason },
    ]);
  }
  const [header, ...records] = parsed.records;
  if (header === undefined || records.length === 0) {
    return fail([
      { row: 1, column: '*', code: 'EMPTY_FILE', message: 'the file has no header or no rows' },
    ]);
  }
  const { columns, problems } = readHeader(header);
  if (problems.length > 0) return fail(problems);
  const rows: EnterpriseCsvRow[] = [];
  const firstRowOfUscc = new Map<string, number>();
  records.forEach((record, index) => {
    const row = index + 2;
    if (record.length !== columns.length) {
      problems.push({
        row,
        column: '*',
        code: 'FIELD_COUNT',
        message: `row has ${record.length} fields, the header ${columns.length}`,
      });
      return;
    }
    const input: Record<string, unknown> = {};
    columns.forEach((column, position) => {
      if (column === null) return;
      const cell = (record[position] ?? '').trim();
      input[ENTERPRISE_CSV_COLUMNS[column]] =
        column === 'industries' ? splitIndustries(cell) : cell;
    });
    const checked = checkEnterpriseInput(input, today);
    if (!checked.ok) {
      for (const problem of checked.problems) {
        problems.push({
          row,
          column: COLUMN_OF_FIELD.get(problem.field) ?? problem.field,
          code: problem.code,
          message: problem.message,
        });
      }
      return;
    }
    const first = firstRowOfUscc.get(checked.value.uscc);
    if (first !== undefined) {
      problems.push({
        row,
        column: 'uscc',
        code: 'DUPLICATE',
        message: `uscc ${checked.value.uscc} is also in row ${first}`,
      });
      return;
    }
    firstRowOfUscc.set(checked.value.uscc, row);
    rows.push({ row, fields: checked.value });
  });
  return problems.length > 0 ? fail(problems) : { ok: true, rows };
}
