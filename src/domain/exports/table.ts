import { DecimalText, type CsvCell, toCsv } from './csv.ts';

/**
 * An export is a table: typed columns over rows. The same table renders to CSV (here, pure) and
 * to XLSX (`src/services/exports/render-xlsx.ts`), so both files always have the same columns.
 * Money gets two columns — exact fen and yuan for people — which `moneyColumns` builds.
 */
export type ExportColumnKind = 'text' | 'integer' | 'fen' | 'yuan' | 'datetime';

/** The value a column reads from a row; amounts are `bigint` fen for both money kinds. */
export type ExportValue = string | number | bigint | Date | null;

export interface ExportColumn<Row> {
  header: string;
  kind: ExportColumnKind;
  value: (row: Row) => ExportValue;
}

/** Most rows one export carries; a larger export must be narrowed (by program, by account). */
export const MAX_EXPORT_ROWS = 100_000;

/**
 * Fen → yuan as an exact decimal string, without floats.
 *
 * @example
 * fenToYuanText(-1234n) // "-12.34"
 */
export function fenToYuanText(amountFen: bigint): string {
  const negative = amountFen < 0n;
  const absolute = negative ? -amountFen : amountFen;
  const fraction = (absolute % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${(absolute / 100n).toString()}.${fraction}`;
}

/**
 * The two columns of one amount: `<header>_fen` (exact) and `<header>_yuan` (for people).
 *
 * @example
 * moneyColumns('amount', (claim: Claim) => claim.amountFen)
 */
export function moneyColumns<Row>(
  header: string,
  amountFen: (row: Row) => bigint | null,
): ExportColumn<Row>[] {
  return [
    { header: `${header}_fen`, kind: 'fen', value: amountFen },
    { header: `${header}_yuan`, kind: 'yuan', value: amountFen },
  ];
}

/** The CSV cell of one value of a column. */
export function csvCellOf(kind: ExportColumnKind, value: ExportValue): CsvCell {
  if (value === null) return null;
  if (kind === 'yuan') {
    if (typeof value !== 'bigint') throw new TypeError('a yuan column reads bigint fen');
    return new DecimalText(fenToYuanText(value));
  }
  if (kind === 'datetime' && value instanceof Date) return value.toISOString();
  return value;
}

/**
 * Renders a table to CSV (UTF-8 BOM, CRLF, RFC 4180 quoting, formula guard).
 * Throws a RangeError past `MAX_EXPORT_ROWS`: callers bound their queries first.
 */
export function renderCsv<Row>(
  columns: readonly ExportColumn<Row>[],
  rows: readonly Row[],
): string {
  if (rows.length > MAX_EXPORT_ROWS) throw new RangeError(`export over ${MAX_EXPORT_ROWS} rows`);
  return toCsv(
    columns.map((column) => column.header),
    rows.map((row) => columns.map((column) => csvCellOf(column.kind, column.value(row)))),
  );
}
