import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvField, DecimalText, guardFormula, toCsv, UTF8_BOM } from './csv.ts';

/** A strict RFC 4180 reader, written independently of the writer, to read its output back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let index = 0;
  let quoted = false;
  while (index < text.length) {
    const char = text.charAt(index);
    if (quoted) {
      if (char === '"' && text.charAt(index + 1) === '"') {
        field += '"';
        index += 2;
        continue;
      }
      if (char === '"') quoted = false;
      else field += char;
      index += 1;
      continue;
    }
    if (char === '"' && field === '') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\r' && text.charAt(index + 1) === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      index += 1;
    } else field += char;
    index += 1;
  }
  expect(quoted).toBe(false);
  expect(field).toBe('');
  return rows;
}

/**
 * How a spreadsheet whose list separator is `;` reads a file: cells end at `;` and records at a
 * line break, and a quote is special only as the first character of a cell (the quoted part
 * may hold `;` and line breaks; whatever follows its closing quote joins the cell).
 */
function cellsOfSemicolonReading(text: string): string[] {
  const cells: string[] = [];
  let index = 0;
  while (index < text.length) {
    let cell = '';
    if (text.charAt(index) === '"') {
      index += 1;
      while (index < text.length) {
        if (text.charAt(index) === '"' && text.charAt(index + 1) === '"') {
          cell += '"';
          index += 2;
        } else if (text.charAt(index) === '"') {
          index += 1;
          break;
        } else {
          cell += text.charAt(index);
          index += 1;
        }
      }
    }
    while (index < text.length && !';\r\n'.includes(text.charAt(index))) {
      cell += text.charAt(index);
      index += 1;
    }
    cells.push(cell);
    index += text.startsWith('\r\n', index) ? 2 : 1;
  }
  return cells;
}

describe('csv writer', () => {
  it('starts with a UTF-8 BOM and ends lines with CRLF', () => {
    expect(toCsv(['名称', 'amount_fen'], [['杭州云栖科技', 250000n]])).toBe(
      `${UTF8_BOM}名称,amount_fen\r\n杭州云栖科技,250000\r\n`,
    );
  });

  it('quotes commas, quotes and line breaks (RFC 4180)', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField('plain')).toBe('plain');
    expect(csvField(null)).toBe('');
  });

  it('quotes semicolons, for spreadsheets whose list separator is ";"', () => {
    expect(csvField('a;b')).toBe('"a;b"');
    expect(toCsv(['name'], [['杭州;云栖']])).toBe(`${UTF8_BOM}name\r\n"杭州;云栖"\r\n`);
  });

  it('guards a formula after a ";" or a line break, where a ";"-reading starts a cell', () => {
    expect(csvField('a;=1+1')).toBe(`"a;'=1+1"`);
    expect(csvField('a; "@SUM(A1)')).toBe(`"a; ""'@SUM(A1)"`);
    expect(csvField('a\n-2')).toBe(`"a\n'-2"`);
    expect(csvField('a;b-c')).toBe('"a;b-c"');
    // The enterprise name of the review, third in its row: a ";"-reading splits the row there.
    const line = toCsv(['id', 'n', 'name'], [['x', 1n, 'a;=1+1']]).split('\r\n')[1] ?? '';
    expect(cellsOfSemicolonReading(line)).toEqual(['x,1,"a', `'=1+1"`]);
  });

  // A cell may start with a line break (a field ending in ";" closes with a quote that a
  // ";"-reading takes for an opening one, up to the next quote): what follows must be safe too.
  it('leaves no text cell starting with a formula in a ";"-reading of any table', () => {
    const tricky = fc.string({
      unit: fc.constantFrom(';', ',', '"', '=', '+', '-', '@', '\t', '\r', '\n', ' ', 'a', '杭'),
      maxLength: 12,
    });
    fc.assert(
      fc.property(fc.array(fc.array(tricky, { minLength: 3, maxLength: 3 })), (rows) => {
        const cells = cellsOfSemicolonReading(toCsv(['a', 'b', 'c'], rows).slice(1));
        for (const cell of cells)
          expect(cell, JSON.stringify(cell)).not.toMatch(/^[\t\r\n]*[=+\-@]/);
      }),
      { numRuns: 2_000 },
    );
  });

  it('guards text that a spreadsheet would run as a formula', () => {
    for (const text of ['=1+1', '+86 571', '-2', '@SUM(A1)', '\tx', '\rx']) {
      expect(guardFormula(text)).toBe(`'${text}`);
    }
    expect(csvField('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(guardFormula('杭州')).toBe('杭州');
  });

  it('writes numbers and decimals as numbers, even when negative', () => {
    expect(csvField(-100n)).toBe('-100');
    expect(csvField(new DecimalText('-1.50'))).toBe('-1.50');
    expect(() => new DecimalText('=1')).toThrow(RangeError);
  });

  it('reads back every text exactly, up to the formula guard', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string({ unit: 'grapheme' }), { minLength: 1, maxLength: 5 }), {
          maxLength: 10,
        }),
        (table) => {
          const width = Math.max(1, ...table.map((row) => row.length));
          const rows = table.map((row) => [...row, ...Array<string>(width - row.length).fill('')]);
          const header = Array.from({ length: width }, (_, index) => `c${index}`);
          const text = toCsv(header, rows);
          expect(text.startsWith(UTF8_BOM)).toBe(true);
          const parsed = parseCsv(text.slice(1));
          expect(parsed).toEqual([header, ...rows.map((row) => row.map(guardFormula))]);
        },
      ),
      { numRuns: 500 },
    );
  });
});
