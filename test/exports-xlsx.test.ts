import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { guardFormula } from '../src/domain/exports/csv.ts';
import { moneyColumns, type ExportColumn } from '../src/domain/exports/table.ts';
import { renderXlsx } from '../src/services/exports/render-xlsx.ts';

interface Row {
  name: string;
  amountFen: bigint;
  at: Date;
}

const columns: ExportColumn<Row>[] = [
  { header: 'recipient', kind: 'text', value: (row) => row.name },
  ...moneyColumns<Row>('amount', (row) => row.amountFen),
  { header: 'redeemed_at', kind: 'datetime', value: (row) => row.at },
];

async function readBack(bytes: Uint8Array): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
  );
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error('no sheet');
  return sheet;
}

describe('XLSX exports read back with exceljs', () => {
  it('keeps header, Chinese text, exact fen, yuan and dates', async () => {
    const at = new Date('2025-07-01T08:30:00Z');
    const bytes = await renderXlsx({
      sheetName: 'claims',
      columns,
      rows: [
        { name: '杭州云栖智能科技有限公司', amountFen: 123_456_789n, at },
        { name: '=HYPERLINK("http://x")', amountFen: 2n ** 60n, at },
      ],
    });
    const sheet = await readBack(bytes);
    expect(sheet.name).toBe('claims');
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      'recipient',
      'amount_fen',
      'amount_yuan',
      'redeemed_at',
    ]);
    expect(sheet.getRow(2).values).toEqual([
      undefined,
      '杭州云栖智能科技有限公司',
      123_456_789,
      1_234_567.89,
      at,
    ]);
    // Past 2^53 the fen column is text so no digit is lost; text formulas are neutralised.
    expect(sheet.getCell('A3').value).toBe('\'=HYPERLINK("http://x")');
    expect(sheet.getCell('B3').value).toBe((2n ** 60n).toString());
    expect(sheet.getCell('C2').numFmt).toBe('#,##0.00');
    expect(sheet.rowCount).toBe(3);
  });

  it('an empty export still has its header', async () => {
    const sheet = await readBack(await renderXlsx({ sheetName: 'payouts', columns, rows: [] }));
    expect(sheet.rowCount).toBe(1);
    expect(sheet.getCell('B1').value).toBe('amount_fen');
  });
});

describe('XLSX text round trip', () => {
  it('every text reads back exactly (up to the formula guard), control characters and _xHHHH_ included', async () => {
    const textColumns: ExportColumn<{ text: string }>[] = [
      { header: 'text', kind: 'text', value: (row) => row.text },
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.string({ unit: 'grapheme', minLength: 1 }),
            fc.constantFrom('_x0041_', 'a\u0001b', '_x005F_', 'tab\there', 'x\u0000y', '=1+1'),
          ),
          { minLength: 1, maxLength: 20 },
        ),
        async (texts) => {
          const sheet = await readBack(
            await renderXlsx({
              sheetName: 'texts',
              columns: textColumns,
              rows: texts.map((text) => ({ text })),
            }),
          );
          const read = texts.map((_, index) => sheet.getCell(index + 2, 1).value);
          expect(read).toEqual(texts.map(guardFormula));
        },
      ),
      { numRuns: 40 },
    );
  });
});
