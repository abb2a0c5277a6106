import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fenToYuanText, moneyColumns, renderCsv, type ExportColumn } from './table.ts';

interface Row {
  name: string;
  amountFen: bigint;
  at: Date;
}

const columns: ExportColumn<Row>[] = [
  { header: 'name', kind: 'text', value: (row) => row.name },
  ...moneyColumns<Row>('amount', (row) => row.amountFen),
  { header: 'at', kind: 'datetime', value: (row) => row.at },
];

describe('export tables', () => {
  it('formats fen as exact yuan without floats', () => {
    expect(fenToYuanText(0n)).toBe('0.00');
    expect(fenToYuanText(5n)).toBe('0.05');
    expect(fenToYuanText(-1234n)).toBe('-12.34');
    expect(fenToYuanText(9_223_372_036_854_775_807n)).toBe('92233720368547758.07');
  });

  it('yuan text is fen / 100 exactly for any amount', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 63n) + 1n, max: 2n ** 63n - 1n }), (fen) => {
        const text = fenToYuanText(fen);
        expect(BigInt(text.replace('.', ''))).toBe(fen);
        expect(text).toMatch(/^-?\d+\.\d{2}$/);
      }),
    );
  });

  it('renders fen and yuan columns side by side, and guards the text cells', () => {
    const csv = renderCsv(columns, [
      { name: '=cmd', amountFen: 1_250_000n, at: new Date('2025-07-01T00:00:00Z') },
      { name: '成都智算', amountFen: -1n, at: new Date('2025-07-02T00:00:00Z') },
    ]);
    expect(csv.split('\r\n')).toEqual([
      '\uFEFFname,amount_fen,amount_yuan,at',
      "'=cmd,1250000,12500.00,2025-07-01T00:00:00.000Z",
      '成都智算,-1,-0.01,2025-07-02T00:00:00.000Z',
      '',
    ]);
  });
});
