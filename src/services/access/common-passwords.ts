import { readFileSync } from 'node:fs';

let commonPasswords: ReadonlySet<string> | undefined;

/**
 * Whether a lower-cased candidate is on the list of common and breached passwords shipped in
 * `common-passwords.txt` (about 46,000 entries of 8 or more characters; how it is built and
 * from which packages: `scripts/build-common-passwords.mjs`). Read once, on first use, so a
 * process that never sets a password never loads it.
 *
 * @example
 * isCommonPassword('password123'); // true
 */
export function isCommonPassword(lowerCased: string): boolean {
  commonPasswords ??= loadCommonPasswords();
  return commonPasswords.has(lowerCased);
}

function loadCommonPasswords(): ReadonlySet<string> {
  const text = readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8');
  const entries = text
    .split('\n')
    .filter((line) => line !== '' && line !== '#' && !line.startsWith('# '));
  // A truncated or missing list would silently let every common password through.
  if (entries.length < 10_000) {
    throw new Error(`common-passwords.txt holds ${entries.length} entries; expected ~46,000`);
  }
  return new Set(entries);
}
