import {
  fenToYuanText,
  MAX_EXPORT_ROWS,
  type ExportColumn,
  type ExportColumnKind,
  type ExportValue,
} from '../../domain/exports/table.ts';
import { guardFormula } from '../../domain/exports/csv.ts';

/**
 * Renders an export table to an XLSX workbook (one sheet, frozen bold header). Cells are typed:
 * fen is an integer cell (text when above 2^53, so no digit is lost), yuan a number formatted
 * `#,##0.00` (for reading; the fen column is the exact one), dates real date cells. Text cells
 * get the same formula guard as CSV, since a `=` text pasted into another sheet is still a risk,
 * and OOXML escaping (`ooxmlText`) so that they read back exactly.
 *
 * @example
 * const bytes = await renderXlsx({ sheetName: 'claims', columns, rows });
 */
export async function renderXlsx<Row>(options: {
  sheetName: string;
  columns: readonly ExportColumn<Row>[];
  rows: readonly Row[];
}): Promise<Uint8Array> {
  const { columns, rows } = options;
  if (rows.length > MAX_EXPORT_ROWS) throw new RangeError(`export over ${MAX_EXPORT_ROWS} rows`);
  // Loaded on the first XLSX export: exceljs costs ~0.3 s to import, which every server start,
  // CLI call and test file paid although few of them ever write a workbook.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Suanli';
  const sheet = workbook.addWorksheet(options.sheetName.slice(0, 31), {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  sheet.columns = columns.map((column) => ({
    header: column.header,
    width: Math.max(12, column.header.length + 2),
    ...(column.kind === 'yuan' ? { style: { numFmt: '#,##0.00' } } : {}),
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) {
    sheet.addRow(columns.map((column) => xlsxCellOf(column.kind, column.value(row))));
  }
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer);
}

function xlsxCellOf(kind: ExportColumnKind, value: ExportValue): string | number | Date | null {
  if (value === null) return null;
  if (typeof value === 'bigint') {
    if (kind === 'yuan') return Number(fenToYuanText(value));
    const safe =
      value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= -BigInt(Number.MAX_SAFE_INTEGER);
    return safe ? Number(value) : value.toString();
  }
  if (typeof value === 'string') return ooxmlText(guardFormula(value));
  return value;
}

/**
 * OOXML strings encode characters as `_xHHHH_` (ECMA-376 Part 1, §22.9.2.19), which Excel and
 * exceljs decode on reading. So a literal `_x0041_` would read back as `A`, and control
 * characters (not allowed in XML) would be dropped: escape the one (its `_` as `_x005F_`) and
 * encode the others, so every text reads back exactly as it was.
 */
export function ooxmlText(text: string): string {
  return text
    .replace(/_x([0-9A-Fa-f]{4})_/g, '_x005F_x$1_')
    .replace(
      /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g,
      (char) => `_x${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`,
    );
}
