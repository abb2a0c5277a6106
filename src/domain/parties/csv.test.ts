import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCsv, parseCsv } from './csv.ts';

describe('parseCsv', () => {
  it('reads quoted fields with commas, quotes and line breaks', () => {
    const text = 'name,address\r\n"Acme, Ltd.","Line 1\nLine 2"\r\n"He said ""hi""",x\n';
    expect(parseCsv(text)).toEqual({
      ok: true,
      records: [
        ['name', 'address'],
        ['Acme, Ltd.', 'Line 1\nLine 2'],
        ['He said "hi"', 'x'],
      ],
    });
  });

  it('drops a UTF-8 byte-order mark and keeps Chinese text', () => {
    expect(parseCsv('\uFEFFname\n杭州算力科技有限公司')).toEqual({
      ok: true,
      records: [['name'], ['杭州算力科技有限公司']],
    });
  });

  it('keeps empty fields and skips blank lines', () => {
    expect(parseCsv('a,,c\n\n,\n')).toEqual({
      ok: true,
      records: [
        ['a', '', 'c'],
        ['', ''],
      ],
    });
    expect(parseCsv('')).toEqual({ ok: true, records: [] });
    expect(parseCsv('""\n')).toEqual({ ok: true, records: [['']] });
  });

  it('accepts CR alone as a line end', () => {
    expect(parseCsv('a\rb')).toEqual({ ok: true, records: [['a'], ['b']] });
  });

  it('refuses malformed quoting and names the record', () => {
    expect(parseCsv('a\n"open')).toEqual({
      ok: false,
      record: 2,
      reason: 'a quoted field is not closed before the end of the text',
    });
    expect(parseCsv('ab"c"\n')).toMatchObject({ ok: false, record: 1 });
    expect(parseCsv('x\n"a"b\n')).toMatchObject({ ok: false, record: 2 });
  });

  it('enforces its limits', () => {
    const limits = { maxRecords: 2, maxFieldLength: 5, maxFields: 3 };
    expect(parseCsv('a\nb\nc\n', limits)).toMatchObject({ ok: false, record: 3 });
    expect(parseCsv('123456', limits)).toMatchObject({ ok: false, reason: /over 5/ });
    expect(parseCsv('"123456"', limits)).toMatchObject({ ok: false, reason: /over 5/ });
    expect(parseCsv('a,b,c,d', limits)).toMatchObject({ ok: false, reason: /more than 3 fields/ });
  });

  it('quotes fields with ";" for spreadsheets whose list separator is ";"', () => {
    expect(formatCsv([['I64;I65', 'plain']])).toBe('"I64;I65",plain\r\n');
  });

  it('reads back whatever formatCsv writes', () => {
    const field = fc.string({
      unit: fc.constantFrom('a', '中', ',', ';', '"', '\n', '\r', ' ', 'x'),
    });
    const records = fc.array(fc.array(field, { minLength: 1, maxLength: 5 }), { maxLength: 8 });
    fc.assert(
      fc.property(records, (rows) => {
        expect(parseCsv(formatCsv(rows))).toEqual({ ok: true, records: rows });
      }),
    );
  });
});
