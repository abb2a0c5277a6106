import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../domain/shared/errors.ts';
import { cursorKey, decodeCursor, encodeCursor, isIdKey, isSeqKey, toPage } from './pagination.ts';

describe('cursors', () => {
  it('round-trip their key and are url-safe', () => {
    fc.assert(
      fc.property(fc.uuid(), (id) => {
        const cursor = encodeCursor({ id });
        expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(decodeCursor(cursor, isIdKey)).toEqual({ id });
      }),
    );
    expect(decodeCursor(undefined, isIdKey)).toBeUndefined();
  });

  it('refuse anything not made for this list as INVALID_CURSOR on cursor', () => {
    const refusal = (cursor: string, isKey: (value: unknown) => boolean) => {
      try {
        decodeCursor(cursor, isKey as (value: unknown) => value is unknown);
        return undefined;
      } catch (error) {
        return error instanceof DomainError ? [error.code, error.details.field] : error;
      }
    };
    for (const bad of [
      '',
      'abc',
      encodeCursor({ seq: '12' }),
      encodeCursor({ id: "1' or 1=1" }),
      encodeCursor({ id: '0190f5e2-7c1a-7000-8000-000000000001', extra: 'x' }),
      Buffer.from('[]').toString('base64url'),
      Buffer.from('null').toString('base64url'),
    ]) {
      expect(refusal(bad, isIdKey), bad).toEqual(['INVALID_CURSOR', 'cursor']);
    }
    for (const seq of ['-1', '0', '01', '9223372036854775808', '9999999999999999999', '1e3']) {
      expect(refusal(encodeCursor({ seq }), isSeqKey), seq).toEqual(['INVALID_CURSOR', 'cursor']);
    }
    expect(decodeCursor(encodeCursor({ seq: '9223372036854775807' }), isSeqKey)).toEqual({
      seq: '9223372036854775807',
    });
  });

  it('check dates and instants for a day that exists', () => {
    const isDayKey = cursorKey({ day: 'date', at: 'timestamp', id: 'uuid' });
    const id = '0190f5e2-7c1a-7000-8000-000000000001';
    const good = { day: '2024-02-29', at: '2026-03-02T09:00:00.000Z', id };
    expect(isDayKey(good)).toBe(true);
    for (const day of ['2025-02-29', '2026-13-01', '10000-01-01', '0000-01-01', '2026-1-1']) {
      expect(isDayKey({ ...good, day }), day).toBe(false);
    }
    for (const at of ['2026-02-30T00:00:00.000Z', '2026-03-02T25:00:00Z', '2026-03-02', 'now']) {
      expect(isDayKey({ ...good, at }), at).toBe(false);
    }
    expect(isDayKey({ ...good, id: 42 })).toBe(false);
  });

  it('pages rows fetched with limit + 1', () => {
    const rows = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    const full = toPage(
      rows,
      2,
      (row) => ({ id: row.id }),
      (row) => row.id,
    );
    expect(full.items).toEqual(['a', 'b']);
    expect(full.nextCursor).toBe(encodeCursor({ id: 'b' }));
    expect(
      toPage(
        rows.slice(0, 2),
        2,
        (row) => ({ id: row.id }),
        (row) => row.id,
      ).nextCursor,
    ).toBeNull();
  });
});
