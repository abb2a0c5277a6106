/**
 * Normal forms used to compare contact data of different parties (related-party detection):
 * two spellings of one phone number or one address must compare equal.
 */

/**
 * Digits of a Chinese phone number in national form: `+86 138-0000-0000` → `13800000000`,
 * `(0571) 8888 8888` and `+86 571 88888888` → `057188888888`. Returns null when fewer than
 * 7 or more than 15 digits remain, or when other characters than digits, spaces, `+-()` and
 * `.` appear.
 *
 * @example
 * normalizePhone('+86 138 0000 0000') // '13800000000'
 */
export function normalizePhone(input: string): string | null {
  const text = input.normalize('NFKC').trim();
  if (!/^[0-9+\-(). ]+$/.test(text)) return null;
  let digits = text.replace(/[^0-9]/g, '');
  let international = false;
  if (text.startsWith('+86') || digits.startsWith('0086')) {
    digits = digits.slice(digits.startsWith('0086') ? 4 : 2);
    international = true;
  } else if (digits.length === 13 && digits.startsWith('861')) {
    digits = digits.slice(2); // 86 + an 11-digit mobile number written without '+'
  }
  // From abroad a landline drops its trunk 0 ("+86 571 …"); put it back.
  if (international && !digits.startsWith('1') && !digits.startsWith('0')) digits = `0${digits}`;
  return digits.length >= 7 && digits.length <= 15 ? digits : null;
}

/**
 * An address for comparison: full-width forms folded (NFKC), lower case, without spaces or
 * punctuation, without a leading country name. `浙江省 杭州市西湖区（文三路）１号` and
 * `浙江省杭州市西湖区文三路1号` compare equal.
 */
export function normalizeAddress(input: string): string {
  return input
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]/gu, '')
    .replace(/^(中华人民共和国|中国)/u, '');
}

/** A person's name for comparison: NFKC, no spaces or middle dots, lower case. */
export function normalizePersonName(input: string): string {
  return input
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s·•.]/gu, '');
}

/**
 * An identity document number in the form that is hashed: NFKC, no spaces, upper case (the
 * check character X of a resident identity card is written both ways).
 */
export function normalizeIdDocument(input: string): string {
  return input.normalize('NFKC').replace(/\s/g, '').toUpperCase();
}
