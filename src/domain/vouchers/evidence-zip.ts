/**
 * Just enough of the ZIP format (APPNOTE 6.3) to tell an OFD from any other ZIP: find the
 * central directory from the end-of-central-directory record, then list the entry names. No
 * decompression, and every loop is bounded by the bytes it is given.
 */

/** The end record is 22 bytes plus a comment of at most 65 535: a tail this long holds it. */
export const ZIP_TAIL_BYTES = 22 + 65_535;
/** Largest central directory read (an OFD of a few pages lists a few dozen entries). */
export const MAX_CENTRAL_DIRECTORY_BYTES = 1024 * 1024;

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_ENTRY = 0x02014b50;

/**
 * Where the central directory is, from the file's last bytes (`tail`, up to ZIP_TAIL_BYTES) and
 * its size; null when there is no end record, the directory lies outside the file, or the file
 * is ZIP64 (not needed below 4 GiB).
 */
export function locateCentralDirectory(
  tail: Uint8Array,
  fileSizeBytes: number,
): { offset: number; sizeBytes: number } | null {
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  for (let at = tail.length - 22; at >= 0; at -= 1) {
    if (view.getUint32(at, true) !== END_OF_CENTRAL_DIRECTORY) continue;
    const sizeBytes = view.getUint32(at + 12, true);
    const offset = view.getUint32(at + 16, true);
    const endOffset = fileSizeBytes - tail.length + at;
    if (offset + sizeBytes > endOffset || sizeBytes > MAX_CENTRAL_DIRECTORY_BYTES) return null;
    return { offset, sizeBytes };
  }
  return null;
}

/** The entry names of a central directory (paths as stored, `/`-separated). */
export function zipEntryNames(directory: Uint8Array): string[] {
  const view = new DataView(directory.buffer, directory.byteOffset, directory.byteLength);
  const decoder = new TextDecoder('utf-8');
  const names: string[] = [];
  let at = 0;
  while (at + 46 <= directory.length && view.getUint32(at, true) === CENTRAL_DIRECTORY_ENTRY) {
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    if (at + 46 + nameLength > directory.length) break;
    names.push(decoder.decode(directory.subarray(at + 46, at + 46 + nameLength)));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

/** An OFD package holds its entry document `OFD.xml` at the root of the container. */
export function isOfdPackage(entryNames: readonly string[]): boolean {
  return entryNames.some((name) => name.toLowerCase() === 'ofd.xml');
}
