import { DomainError } from '../shared/errors.ts';

/**
 * Characters a file name may not hold: C0/C1 controls and DEL (they break logs, headers and
 * terminals), the line and paragraph separators, and the Unicode bidi marks, embeddings,
 * overrides and isolates — `测试\u202Egnp.exe` is displayed as `测试exe.png`, a name that lies
 * about its extension.
 */
const UNSAFE_CHARACTER = /[\p{Cc}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\u2028\u2029]/u;

/** Longest stored name, in UTF-16 code units (the database's check counts characters). */
export const MAX_FILENAME_LENGTH = 200;

/**
 * Refuses a file name that is empty, too long, names a path, or holds an unsafe character
 * (400 FILENAME_UNSAFE with the code point, so the uploader sees which one).
 *
 * @example
 * checkFileName('发票.pdf', 'filename'); // ok
 * checkFileName('测试\u202Egnp.exe', 'filename'); // throws FILENAME_UNSAFE (U+202E)
 */
export function checkFileName(name: string, field: string): void {
  if (name.length === 0 || name.length > MAX_FILENAME_LENGTH) {
    throw new DomainError('VALIDATION_FAILED', `${field}: 1–${MAX_FILENAME_LENGTH} characters`, {
      field,
    });
  }
  const unsafe = UNSAFE_CHARACTER.exec(name);
  if (unsafe) {
    const codePoint = `U+${(unsafe[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
    throw new DomainError(
      'FILENAME_UNSAFE',
      `${field}: contains ${codePoint} (a control character or bidi mark)`,
      { field, codePoint, index: unsafe.index },
    );
  }
  if (/[/\\]/u.test(name) || name === '.' || name === '..') {
    throw new DomainError('VALIDATION_FAILED', `${field}: a file name, not a path`, { field });
  }
}

/**
 * The name to store for a file whose content is of a type with these extensions: kept when its
 * extension is one of them (any case), else its last extension replaced (`invoice.hta` →
 * `invoice.pdf`) or, when it has none, the first one added. What a downloader's system opens
 * the file with then matches what the bytes are.
 *
 * @example
 * storedFileName('scan.JPG', ['jpg', 'jpeg']); // 'scan.JPG'
 * storedFileName('invoice.hta', ['xml']); // 'invoice.xml'
 * storedFileName('银行回单', ['pdf']); // '银行回单.pdf'
 */
export function storedFileName(name: string, extensions: readonly [string, ...string[]]): string {
  const match = /\.([A-Za-z0-9]{1,8})$/u.exec(name);
  const current = match?.[1]?.toLowerCase();
  if (current !== undefined && extensions.includes(current)) return name;
  // An extension is letters with maybe digits (`mp4`, `hta`); `v2.1`-like tails are kept.
  const isExtension = current !== undefined && /[a-z]/u.test(current);
  const stem = match && isExtension ? name.slice(0, match.index) : name;
  const suffix = `.${extensions[0]}`;
  const bounded = Array.from(stem)
    .slice(0, MAX_FILENAME_LENGTH - suffix.length)
    .join('');
  return `${bounded.length > 0 ? bounded : 'evidence'}${suffix}`;
}
