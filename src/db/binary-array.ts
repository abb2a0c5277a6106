/**
 * One-dimensional arrays in PostgreSQL's binary wire format (`array_recv`), for the large array
 * parameters of batch statements. node-pg sends a `Buffer` parameter as binary, and the server
 * takes its type from the statement's cast (`$1::uuid[]`). Parsing binary elements costs the
 * server a fraction of parsing text ones (a quarter of a ledger batch's time went into the
 * text arrays), and it happens while the batch holds its locks. PGlite takes text only: callers
 * choose with `Sql.kind`.
 *
 * Layout: ndim, has-nulls flag, element type oid, then per dimension its length and lower
 * bound; then each element as a 4-byte length (−1 for NULL) and its bytes, big-endian.
 */

const OID = {
  bool: 16,
  bytea: 17,
  int8: 20,
  int4: 23,
  text: 25,
  timestamptz: 1184,
  uuid: 2950,
} as const;
const HEADER_BYTES = 20;

/** A buffer and a DataView over it: DataView writes are inlined, Buffer's write* are calls. */
function allocate(size: number): { buffer: Buffer; view: DataView } {
  const buffer = Buffer.allocUnsafe(size);
  return { buffer, view: new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength) };
}

function header(view: DataView, elementOid: number, count: number, hasNulls: boolean): number {
  view.setInt32(0, 1);
  view.setInt32(4, hasNulls ? 1 : 0);
  view.setInt32(8, elementOid);
  view.setInt32(12, count);
  view.setInt32(16, 1);
  return HEADER_BYTES;
}

/**
 * An array of `count` elements of one width: the buffer with its header and every element's
 * length written, and where the first element's bytes go (each next one is `4 + width` on).
 * Callers fill the elements in a loop of their own: one callback for every type would make
 * the call site megamorphic, and the engine would not inline it.
 */
function fixedWidthArray(
  elementOid: number,
  width: number,
  count: number,
): { buffer: Buffer; view: DataView; first: number } {
  const { buffer, view } = allocate(HEADER_BYTES + count * (4 + width));
  const first = header(view, elementOid, count, false) + 4;
  for (let offset = first - 4; offset < buffer.length; offset += 4 + width) {
    view.setInt32(offset, width);
  }
  return { buffer, view, first };
}

export function int4Array(values: readonly number[]): Buffer {
  const { buffer, view, first } = fixedWidthArray(OID.int4, 4, values.length);
  for (let i = 0, offset = first; i < values.length; i += 1, offset += 8) {
    view.setInt32(offset, values[i] ?? 0);
  }
  return buffer;
}

export function int8Array(values: readonly bigint[]): Buffer {
  const { buffer, view, first } = fixedWidthArray(OID.int8, 8, values.length);
  for (let i = 0, offset = first; i < values.length; i += 1, offset += 12) {
    view.setBigInt64(offset, values[i] ?? 0n);
  }
  return buffer;
}

export function boolArray(values: readonly boolean[]): Buffer {
  const { buffer, first } = fixedWidthArray(OID.bool, 1, values.length);
  for (let i = 0, offset = first; i < values.length; i += 1, offset += 5) {
    buffer[offset] = values[i] === true ? 1 : 0;
  }
  return buffer;
}

/** Nibble value of each ASCII character code; −1 for what is not a lower- or upper-case hex digit. */
const NIBBLE = new Int8Array(128).fill(-1);
for (let digit = 0; digit < 16; digit += 1) {
  NIBBLE[digit.toString(16).charCodeAt(0)] = digit;
  NIBBLE[digit.toString(16).toUpperCase().charCodeAt(0)] = digit;
}

/**
 * Writes the byte spelled by the two hex digits at `at` in `text`; false when they are not hex
 * digits. A table lookup per digit: node's hex decoder costs a call and a slice per uuid part.
 */
function writeHexByte(buffer: Buffer, offset: number, text: string, at: number): boolean {
  const high = NIBBLE[text.charCodeAt(at)] ?? -1;
  const low = NIBBLE[text.charCodeAt(at + 1)] ?? -1;
  buffer[offset] = (high << 4) | low;
  return (high | low) >= 0;
}

/** Hex digests of `bytes` bytes (for example sha-256: 32) as `bytea[]`. */
export function byteaArrayFromHex(values: readonly string[], bytes: number): Buffer {
  const { buffer, first } = fixedWidthArray(OID.bytea, bytes, values.length);
  let offset = first;
  for (const value of values) {
    let valid = value.length === 2 * bytes;
    for (let i = 0; i < bytes && valid; i += 1)
      valid = writeHexByte(buffer, offset + i, value, 2 * i);
    if (!valid) throw new RangeError(`binary array: not ${bytes} bytes of hex: ${value}`);
    offset += 4 + bytes;
  }
  return buffer;
}

/** Where each byte's two hex digits start in a canonical uuid (`8-4-4-4-12`). */
const UUID_DIGIT_PAIRS = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];

function isUuidShape(value: string): boolean {
  return (
    value.length === 36 &&
    value[8] === '-' &&
    value[13] === '-' &&
    value[18] === '-' &&
    value[23] === '-'
  );
}

/** Canonical uuids (`8-4-4-4-12` hex digits) and NULLs as `uuid[]`. */
export function uuidArray(values: readonly (string | null)[]): Buffer {
  const nulls = values.reduce((count, value) => count + (value === null ? 1 : 0), 0);
  const { buffer, view } = allocate(
    HEADER_BYTES + values.length * 4 + (values.length - nulls) * 16,
  );
  let offset = header(view, OID.uuid, values.length, nulls > 0);
  for (const value of values) {
    if (value === null) {
      view.setInt32(offset, -1);
      offset += 4;
      continue;
    }
    view.setInt32(offset, 16);
    let valid = isUuidShape(value);
    for (let i = 0; i < 16 && valid; i += 1) {
      valid = writeHexByte(buffer, offset + 4 + i, value, UUID_DIGIT_PAIRS[i] ?? 0);
    }
    if (!valid) throw new RangeError(`binary array: not a uuid: ${value}`);
    offset += 20;
  }
  return buffer;
}

/** Strings and NULLs as `text[]` (UTF-8; the server checks the encoding as it would for text). */
export function textArray(values: readonly (string | null)[]): Buffer {
  let size = HEADER_BYTES;
  let nulls = false;
  for (const value of values) {
    size += 4 + (value === null ? 0 : Buffer.byteLength(value));
    nulls ||= value === null;
  }
  const { buffer, view } = allocate(size);
  let offset = header(view, OID.text, values.length, nulls);
  for (const value of values) {
    const length = value === null || value === '' ? 0 : buffer.write(value, offset + 4, 'utf8');
    view.setInt32(offset, value === null ? -1 : length);
    offset += 4 + length;
  }
  return buffer;
}

/** Integers and NULLs as `int4[]`. */
export function nullableInt4Array(values: readonly (number | null)[]): Buffer {
  const nulls = values.reduce<number>((count, value) => count + (value === null ? 1 : 0), 0);
  if (nulls === 0) return int4Array(values as readonly number[]);
  const { buffer, view } = allocate(HEADER_BYTES + values.length * 4 + (values.length - nulls) * 4);
  let offset = header(view, OID.int4, values.length, true);
  for (const value of values) {
    view.setInt32(offset, value === null ? -1 : 4);
    if (value !== null) view.setInt32(offset + 4, value);
    offset += value === null ? 4 : 8;
  }
  return buffer;
}

/** Milliseconds from the Unix epoch to PostgreSQL's (2000-01-01 UTC), where timestamps count from. */
const POSTGRES_EPOCH_MS = 946_684_800_000;

/** Instants as `timestamptz[]`: microseconds since 2000-01-01 UTC (JavaScript keeps milliseconds). */
export function timestamptzArray(values: readonly Date[]): Buffer {
  const { buffer, view, first } = fixedWidthArray(OID.timestamptz, 8, values.length);
  for (let i = 0, offset = first; i < values.length; i += 1, offset += 12) {
    const at = values[i]?.getTime() ?? Number.NaN;
    if (!Number.isFinite(at)) throw new RangeError('binary array: not a valid date');
    view.setBigInt64(offset, BigInt(at - POSTGRES_EPOCH_MS) * 1000n);
  }
  return buffer;
}
