import { DomainError } from '../../domain/shared/errors.ts';

/**
 * Opaque cursors: base64url of the JSON of the sort key of the last item of a page. Clients
 * must not parse them; the server may change what is inside.
 *
 * @example
 * const after = decodeCursor(query.cursor, isUuidKey); // undefined on the first page
 * const rows = await listThings({ sql: db, afterId: after?.id, limit: query.limit + 1 });
 * return c.json(toPage(rows, query.limit, (row) => ({ id: row.id }), toJson));
 */
export function encodeCursor(key: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/**
 * Decodes a cursor and checks its shape with `isKey`; a cursor that was not made by
 * `encodeCursor` with the same shape is 400 VALIDATION_FAILED naming `cursor`.
 */
export function decodeCursor<Key>(
  cursor: string | undefined,
  isKey: (value: unknown) => value is Key,
): Key | undefined {
  if (cursor === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  if (!isKey(value)) {
    throw new DomainError('VALIDATION_FAILED', 'cursor: not a cursor of this list', {
      field: 'cursor',
    });
  }
  return value;
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The usual key shape: `{ id }` of a uuid (v7 ids sort by creation time). */
export function isIdKey(value: unknown): value is { id: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { id?: unknown }).id === 'string' &&
    UUID_PATTERN.test((value as { id: string }).id)
  );
}

/** `{ seq }` keys (decimal string) for append-only logs read newest first. */
export function isSeqKey(value: unknown): value is { seq: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { seq?: unknown }).seq === 'string' &&
    /^[1-9]\d{0,18}$/.test((value as { seq: string }).seq)
  );
}

/**
 * One page of `{ items, nextCursor }` from rows fetched with `limit + 1`: the extra row only
 * says that another page exists.
 */
export function toPage<Row, Item>(
  rows: readonly Row[],
  limit: number,
  keyOf: (row: Row) => Record<string, string | number>,
  toItem: (row: Row) => Item,
): { items: Item[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(toItem),
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null,
  };
}
