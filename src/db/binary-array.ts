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

const OID = { bool: 16, bytea: 17, int8: 20, int4: 23, text: 25, uuid: 2950 } as const;
const HEADER_BYTES = 20;

function header(buffer: Buffer, elementOid: number, count: number, hasNulls: boolean): number {
  buffer.writeInt32BE(1, 0);
  buffer.writeInt32BE(hasNulls ? 1 : 0, 4);
  buffer.writeInt32BE(elementOid, 8);
  buffer.writeInt32BE(count, 12);
  buffer.writeInt32BE(1, 16);
  return HEADER_BYTES;
}

/** Elements of one fixed width, written by `write` at the given offset. */
function fixedWidthArray<T>(
  elementOid: number,
  width: number,
  values: readonly T[],
  write: (buffer: Buffer, value: T, offset: number) => void,
): Buffer {
  const buffer = Buffer.allocUnsafe(HEADER_BYTES + values.length * (4 + width));
  let offset = header(buffer, elementOid, values.length, false);
  for (const value of values) {
    buffer.writeInt32BE(width, offset);
    write(buffer, value, offset + 4);
    offset += 4 + width;
  }
  return buffer;
}

export function int4Array(values: readonly number[]): Buffer {
  return fixedWidthArray(OID.int4, 4, values, (buffer, value, offset) => {
    buffer.writeInt32BE(value, offset);
  });
}

export function int8Array(values: readonly bigint[]): Buffer {
  return fixedWidthArray(OID.int8, 8, values, (buffer, value, offset) => {
    buffer.writeBigInt64BE(value, offset);
  });
}

export function boolArray(values: readonly boolean[]): Buffer {
  return fixedWidthArray(OID.bool, 1, values, (buffer, value, offset) => {
    buffer[offset] = value ? 1 : 0;
  });
}

/** Lower-case hex of `bytes` bytes at the start of `hex` (validated by the caller). */
function writeHex(buffer: Buffer, hex: string, offset: number, bytes: number): void {
  const written = buffer.write(hex, offset, bytes, 'hex');
  if (written !== bytes) throw new RangeError(`binary array: not ${bytes} bytes of hex: ${hex}`);
}

/** Hex digests (for example sha-256: 32 bytes) as `bytea[]`. */
export function byteaArrayFromHex(values: readonly string[], bytes: number): Buffer {
  return fixedWidthArray(OID.bytea, bytes, values, (buffer, value, offset) => {
    writeHex(buffer, value, offset, bytes);
  });
}

/** Canonical uuids (`8-4-4-4-12` hex digits) and NULLs as `uuid[]`. */
export function uuidArray(values: readonly (string | null)[]): Buffer {
  const nulls = values.reduce((count, value) => count + (value === null ? 1 : 0), 0);
  const buffer = Buffer.allocUnsafe(
    HEADER_BYTES + values.length * 4 + (values.length - nulls) * 16,
  );
  let offset = header(buffer, OID.uuid, values.length, nulls > 0);
  for (const value of values) {
    if (value === null) {
      buffer.writeInt32BE(-1, offset);
      offset += 4;
      continue;
    }
    if (value.length !== 36) throw new RangeError(`binary array: not a uuid: ${value}`);
    buffer.writeInt32BE(16, offset);
    writeHex(buffer, value.slice(0, 8), offset + 4, 4);
    writeHex(buffer, value.slice(9, 13), offset + 8, 2);
    writeHex(buffer, value.slice(14, 18), offset + 10, 2);
    writeHex(buffer, value.slice(19, 23), offset + 12, 2);
    writeHex(buffer, value.slice(24, 36), offset + 14, 6);
    offset += 20;
  }
  return buffer;
}

/** Strings as `text[]` (UTF-8; the server checks the encoding as it would for text input). */
export function textArray(values: readonly string[]): Buffer {
  const size = values.reduce((total, value) => total + 4 + Buffer.byteLength(value), HEADER_BYTES);
  const buffer = Buffer.allocUnsafe(size);
  let offset = header(buffer, OID.text, values.length, false);
  for (const value of values) {
    const length = value === '' ? 0 : buffer.write(value, offset + 4, 'utf8');
    buffer.writeInt32BE(length, offset);
    offset += 4 + length;
  }
  return buffer;
}
