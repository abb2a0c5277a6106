import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../domain/shared/errors.ts';
import { decodeCursor, encodeCursor, isIdKey, isSeqKey, toPage } from './pagination.ts';

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

  it('refuse anything not made for this list as VALIDATION_FAILED on cursor', () => {
    for (const bad of ['', 'abc', encodeCursor({ seq: '12' }), encodeCursor({ id: "1' or 1=1" })]) {
      expect(() => decodeCursor(bad, isIdKey)).toThrow(DomainError);
    }
    expect(() => decodeCursor(encodeCursor({ seq: '-1' }), isSeqKey)).toThrow(/cursor/);
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
