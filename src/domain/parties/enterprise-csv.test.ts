import { describe, expect, it } from 'vitest';
import { applyEnterprisePatch, checkEnterpriseInput } from './enterprise.ts';
import { readEnterpriseCsv } from './enterprise-csv.ts';
import { makeUscc } from './uscc.ts';

const TODAY = '2026-11-22';
const ALIBABA = '91330100799655058B';
const XIAOMI = '91110108551385082Q';

describe('checkEnterpriseInput', () => {
  it('normalises a valid enterprise and takes the region from the USCC by default', () => {
    const result = checkEnterpriseInput(
      {
        uscc: ' 91330100799655058b ',
        name: ' 阿里巴巴（中国）有限公司 ',
        size: 'large',
        foundedOn: '2007-03-26',
        industries: ['I65', 'I64', 'I65'],
        phone: '0571-85022088',
      },
      TODAY,
    );
    expect(result).toEqual({
      ok: true,
      value: {
        uscc: ALIBABA,
        name: '阿里巴巴（中国）有限公司',
        regionCode: '330100',
        size: 'large',
        foundedOn: '2007-03-26',
        industries: ['I64', 'I65'],
        creditRecord: 'good',
        legalRepresentative: null,
        phone: '0571-85022088',
        address: null,
      },
    });
  });

  it('reports every problem with its field', () => {
    const result = checkEnterpriseInput(
      {
        uscc: '91330100799655058C',
        name: '',
        regionCode: '990000',
        size: 'huge',
        foundedOn: '2027-01-01',
        industries: ['65'],
        creditRecord: 'excellent',
        phone: 'none',
      },
      TODAY,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.field, p.code])).toEqual([
      ['uscc', 'INVALID_USCC'],
      ['name', 'REQUIRED'],
      ['regionCode', 'INVALID_REGION'],
      ['size', 'INVALID_VALUE'],
      ['foundedOn', 'INVALID_DATE'],
      ['industries', 'INVALID_VALUE'],
      ['creditRecord', 'INVALID_VALUE'],
      ['phone', 'INVALID_VALUE'],
    ]);
  });

  it('refuses text that PostgreSQL or the audit hash cannot hold', () => {
    const input = { uscc: ALIBABA, size: 'small', foundedOn: '2020-01-01' };
    const problems = (extra: Record<string, unknown>) => {
      const result = checkEnterpriseInput({ ...input, ...extra }, TODAY);
      return result.ok ? [] : result.problems.map((p) => [p.field, p.code]);
    };
    expect(problems({ name: 'A\u0000B' })).toEqual([['name', 'INVALID_VALUE']]);
    expect(problems({ name: 'A', address: 'x\uD800y' })).toEqual([['address', 'INVALID_VALUE']]);
    expect(problems({ name: '😀 Emoji 有限公司', address: 'line 1\nline 2' })).toEqual([]);
  });

  it('refuses dates that do not exist', () => {
    const input = { uscc: ALIBABA, name: 'x', size: 'small', foundedOn: '2023-02-29' };
    expect(checkEnterpriseInput(input, TODAY).ok).toBe(false);
    expect(checkEnterpriseInput({ ...input, foundedOn: '2024-02-29' }, TODAY).ok).toBe(true);
  });

  it('applies a patch and checks the whole result', () => {
    const base = checkEnterpriseInput(
      { uscc: ALIBABA, name: 'x', size: 'small', foundedOn: '2020-01-01' },
      TODAY,
    );
    if (!base.ok) throw new Error('fixture');
    expect(applyEnterprisePatch(base.value, { size: 'medium' }, TODAY)).toMatchObject({
      ok: true,
      value: { size: 'medium', uscc: ALIBABA },
    });
    expect(applyEnterprisePatch(base.value, { regionCode: '12' }, TODAY)).toMatchObject({
      ok: false,
      problems: [{ field: 'regionCode' }],
    });
  });
});

describe('readEnterpriseCsv', () => {
  const header =
    'uscc,name,region_code,size,founded_on,industries,credit_record,legal_representative,phone,address';

  it('reads every row of a valid file, columns in any order', () => {
    const text =
      '\uFEFFname,uscc,size,founded_on,industries,address\r\n' +
      `"Alibaba, China",${ALIBABA},large,2007-03-26,I65;I64,"杭州市余杭区""文一西路""969号"\r\n` +
      `小米科技,${XIAOMI},large,2010-03-03,,\r\n`;
    const result = readEnterpriseCsv(text, TODAY);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.rows.map((r) => [r.row, r.fields.name, r.fields.regionCode])).toEqual([
      [2, 'Alibaba, China', '330100'],
      [3, '小米科技', '110108'],
    ]);
    expect(result.rows[0]?.fields.industries).toEqual(['I64', 'I65']);
    expect(result.rows[0]?.fields.address).toBe('杭州市余杭区"文一西路"969号');
  });

  it('reports every bad cell by row and column and returns no rows', () => {
    const text = [
      header,
      `${ALIBABA},Alibaba,,large,2007-03-26,I65,good,张勇,,`,
      `${makeUscc('91330106MA2XXXXX1')},,330106,tiny,2020-13-01,,good,,,`,
      `${ALIBABA},Again,,large,2007-03-26,,,,,`,
      'short,row',
    ].join('\n');
    const result = readEnterpriseCsv(text, TODAY);
    expect(result).toMatchObject({ ok: false, truncated: false });
    if (result.ok) return;
    expect(result.problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [3, 'name', 'REQUIRED'],
      [3, 'size', 'INVALID_VALUE'],
      [3, 'founded_on', 'INVALID_DATE'],
      [4, 'uscc', 'DUPLICATE'],
      [5, '*', 'FIELD_COUNT'],
    ]);
  });

  it('checks the header', () => {
    const result = readEnterpriseCsv('uscc,name,colour\nx,y,z\n', TODAY);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.column, p.code])).toEqual([
      ['colour', 'UNKNOWN_COLUMN'],
      ['size', 'MISSING_COLUMN'],
      ['founded_on', 'MISSING_COLUMN'],
    ]);
    expect(readEnterpriseCsv(header, TODAY)).toMatchObject({
      ok: false,
      problems: [{ code: 'EMPTY_FILE' }],
    });
    expect(readEnterpriseCsv(`${header}\n"open`, TODAY)).toMatchObject({
      ok: false,
      problems: [{ row: 2, code: 'MALFORMED_CSV' }],
    });
  });

  it('limits the number of rows', () => {
    const row = `${ALIBABA},A,,large,2007-03-26,,,,,`;
    const text = [header, ...Array.from({ length: 10_001 }, () => row)].join('\n');
    expect(readEnterpriseCsv(text, TODAY)).toMatchObject({
      ok: false,
      problems: [{ code: 'MALFORMED_CSV', message: 'more than 10001 records' }],
    });
  });
});
