import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { daysUntil, formatShanghaiDate, formatShanghaiDateTime } from './dates.ts';
import { formatFenExact } from './money.ts';
import { formatUscc, regionNameOf } from './parties.ts';
import { yuanToFenString } from './yuan-input.ts';
import { fileProblem, MAX_FILE_BYTES } from '../components/FilePicker.tsx';

describe('dates in Asia/Shanghai', () => {
  it('shows instants in Shanghai time whatever the machine is set to', () => {
    // 16:30 UTC is half past midnight the next day in Shanghai.
    expect(formatShanghaiDateTime('2026-03-31T16:30:00Z')).toBe('2026-04-01 00:30');
    expect(formatShanghaiDate('2026-03-31T16:30:00Z')).toBe('2026-04-01');
    expect(formatShanghaiDate('2026-02-28')).toBe('2026-02-28');
  });

  it('counts days to a date from the Shanghai day', () => {
    expect(daysUntil('2026-04-08', new Date('2026-03-31T16:30:00Z'))).toBe(7);
    expect(daysUntil('2026-03-31', new Date('2026-03-31T16:30:00Z'))).toBe(-1);
  });
});

describe('parties as people know them', () => {
  it('names regions and reads the region out of a USCC', () => {
    expect(regionNameOf('330106', 'zh-CN')).toBe('西湖区');
    expect(regionNameOf('330100', 'en')).toBe('Hangzhou');
    expect(formatUscc(' 91330106ma2h7y3k0y ')).toEqual({
      text: '91330106MA2H7Y3K0Y',
      regionCode: '330106',
    });
  });
});

describe('amounts typed in yuan', () => {
  it('turns yuan into fen exactly, and refuses what is not an amount', () => {
    expect(yuanToFenString('1,000,000.5')).toBe('100000050');
    expect(yuanToFenString('0.01')).toBe('1');
    for (const bad of ['', '-5', '1.234', '1e6', '¥5', '12,3.4.5'])
      expect(yuanToFenString(bad)).toBeUndefined();
  });

  it('reads back every amount the console shows (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 17n - 1n }), (fen) => {
        const shown = formatFenExact(fen).slice(1); // without ¥
        expect(yuanToFenString(shown)).toBe(fen.toString());
      }),
    );
  });
});

describe('files checked before upload', () => {
  it('refuses empty, oversized and unknown files by name', () => {
    expect(fileProblem({ name: 'plan.pdf', size: 10 })).toBeUndefined();
    expect(fileProblem({ name: 'scan.JPEG', size: MAX_FILE_BYTES })).toBeUndefined();
    expect(fileProblem({ name: 'plan.pdf', size: 0 })).toBe('empty');
    expect(fileProblem({ name: 'plan.pdf', size: MAX_FILE_BYTES + 1 })).toBe('tooLarge');
    expect(fileProblem({ name: 'setup.exe', size: 10 })).toBe('type');
    expect(fileProblem({ name: 'invoice.pdf.html', size: 10 })).toBe('type');
  });
});
