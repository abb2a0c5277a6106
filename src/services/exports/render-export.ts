import { MAX_EXPORT_ROWS, renderCsv, type ExportColumn } from '../../domain/exports/table.ts';
import { shanghaiDayOf } from '../../domain/shared/calendar.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { renderXlsx } from './render-xlsx.ts';

export type ExportFormat = 'csv' | 'xlsx';

/** A finished export: the bytes (or text) and how to serve them. */
export interface ExportFile {
  filename: string;
  contentType: string;
  body: string | Uint8Array;
  rowCount: number;
}

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * Refuses an export past `MAX_EXPORT_ROWS`: queries fetch one row more than the cap, so an
 * export is never silently cut short.
 */
export function assertWithinExportLimit(rowCount: number): void {
  if (rowCount > MAX_EXPORT_ROWS) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `programId: more than ${MAX_EXPORT_ROWS} rows; narrow the export to one program`,
      { field: 'programId', rowsMax: MAX_EXPORT_ROWS },
    );
  }
}

/** Renders rows to the requested format with a file name dated by the day in Asia/Shanghai. */
export async function renderExport<Row>(options: {
  format: ExportFormat;
  name: string;
  columns: readonly ExportColumn<Row>[];
  rows: readonly Row[];
  now: Date;
}): Promise<ExportFile> {
  const { format, name, columns, rows } = options;
  assertWithinExportLimit(rows.length);
  const day = shanghaiDayOf(options.now);
  const body =
    format === 'csv'
      ? renderCsv(columns, rows)
      : await renderXlsx({ sheetName: name, columns, rows });
  return {
    filename: `suanli-${name}-${day}.${format}`,
    contentType: EXPORT_CONTENT_TYPES[format],
    body,
    rowCount: rows.length,
  };
}
