import { renderCsv, moneyColumns, type ExportColumn } from '../../domain/exports/table.ts';
import { renderXlsx } from '../exports/render-xlsx.ts';
import type { PublicationEntry } from './rows.ts';

const columns: ExportColumn<PublicationEntry>[] = [
  { header: '序号 position', kind: 'integer', value: (entry) => entry.position },
  { header: '企业名称 recipient', kind: 'text', value: (entry) => entry.recipientName },
  { header: '统一社会信用代码 uscc', kind: 'text', value: (entry) => entry.uscc },
  { header: '行政区划 region_code', kind: 'text', value: (entry) => entry.regionCode },
  ...moneyColumns<PublicationEntry>('amount', (entry) => entry.amountFen),
  { header: '用途 purpose', kind: 'text', value: (entry) => entry.purpose },
  {
    header: '状态 status',
    kind: 'text',
    value: (entry) => (entry.withdrawn ? 'withdrawn 已撤回' : 'listed 公示中'),
  },
];

/**
 * The public CSV of a publication: one line per recipient, in list order (UTF-8 with BOM for
 * Excel). Entries withdrawn after an upheld objection stay on the list, marked, because the
 * public record shows what was published and what changed.
 */
export function publicationCsv(entries: readonly PublicationEntry[]): string {
  return renderCsv(columns, entries);
}

/** The same list as an XLSX workbook (typed cells; see `renderXlsx`). */
export function publicationXlsx(entries: readonly PublicationEntry[]): Promise<Uint8Array> {
  return renderXlsx({ sheetName: '公示名单', columns, rows: entries });
}
