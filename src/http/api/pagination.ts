import { isCalendarDate } from '../../domain/shared/calendar.ts';
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
 * Decodes a cursor and checks its shape with `isKey` (see `cursorKey`); a cursor that was not
 * made by `encodeCursor` with the same shape — garbage, another list's, or one whose fields were
 * edited out of range — is 400 INVALID_CURSOR naming `cursor`, before any query sees it.
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
    throw new DomainError('INVALID_CURSOR', 'cursor: not a cursor of this list', {
      field: 'cursor',
    });
  }
  return value;
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The largest PostgreSQL `bigint`: a larger seq would fail in the query, not here. */
const BIGINT_MAX = 9_223_372_036_854_775_807n;
/** `Date#toISOString` of years 0000–9999 (PostgreSQL's `timestamptz` holds all of them). */
const TIMESTAMP_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/**
 * The kinds of sort-key field a cursor carries, each checked against what the column holds:
 * - `uuid`: a uuid (ids are v7, so they sort by creation time);
 * - `seq`: a positive decimal `bigint` (1 to 2^63 − 1), for append-only logs;
 * - `date`: a calendar date YYYY-MM-DD that exists (0001-01-01 to 9999-12-31);
 * - `timestamp`: an ISO 8601 UTC instant as `Date#toISOString` writes it, years 0000–9999.
 */
export type CursorFieldKind = 'uuid' | 'seq' | 'date' | 'timestamp';

const fieldChecks: Record<CursorFieldKind, (value: string) => boolean> = {
  uuid: (value) => UUID_PATTERN.test(value),
  seq: (value) => /^[1-9]\d{0,18}$/.test(value) && BigInt(value) <= BIGINT_MAX,
  date: (value) => isCalendarDate(value),
  timestamp: (value) => TIMESTAMP_PATTERN.test(value) && isRealInstant(value),
};

/** Whether an ISO text names an instant as written (no 30 February rolled into March). */
function isRealInstant(text: string): boolean {
  const instant = new Date(text);
  return !Number.isNaN(instant.getTime()) && instant.toISOString().startsWith(text.slice(0, 19));
}

/**
 * A checker of cursor keys with exactly these fields, each a string of its kind, for
 * `decodeCursor`. Every field a list's query takes from its cursor must be declared here, so
 * that an edited cursor is a 400 and never reaches the database as an out-of-range value.
 *
 * @example
 * const isCreatedKey = cursorKey({ createdAt: 'timestamp', id: 'uuid' });
 * const after = decodeCursor(query.cursor, isCreatedKey); // { createdAt: string; id: string }
 */
export function cursorKey<const Fields extends Record<string, CursorFieldKind>>(
  fields: Fields,
): (value: unknown) => value is { [Name in keyof Fields]: string } {
  const names = Object.keys(fields);
  return (value: unknown): value is { [Name in keyof Fields]: string } => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length !== names.length) return false;
    return names.every((name) => {
      const field = record[name];
      const kind = fields[name];
      return typeof field === 'string' && kind !== undefined && fieldChecks[kind](field);
    });
  };
}

/** The usual key shape: `{ id }` of a uuid (v7 ids sort by creation time). */
export const isIdKey = cursorKey({ id: 'uuid' });

/** `{ seq }` keys (decimal string of a positive bigint) for append-only logs read newest first. */
export const isSeqKey = cursorKey({ seq: 'seq' });

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
