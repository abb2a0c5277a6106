/**
 * The unified social credit code (统一社会信用代码, USCC) of GB 32100-2015: 18 characters —
 * registration authority (1), entity type (1), registration region (6, GB/T 2260), organisation
 * code (9, GB 11714) and a check character computed over the first 17.
 */

/** The 31 characters of the code; I, O, Z, S and V are left out (they look like 1, 0, 2, 5, U). */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** Weight of position i is 3^i mod 31 (GB 32100-2015 table 2). */
export const USCC_WEIGHTS = [
  1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
] as const;

/** Registration authorities of GB 32100-2015 table 1 (first character). */
export const USCC_REGISTRATION_AUTHORITIES = {
  '1': 'institutional establishment (机构编制)',
  '2': 'foreign affairs (外交)',
  '3': 'justice administration (司法行政)',
  '4': 'culture (文化)',
  '5': 'civil affairs (民政)',
  '6': 'tourism (旅游)',
  '7': 'religion (宗教)',
  '8': 'trade unions (工会)',
  '9': 'market regulation (工商/市场监管)',
  A: 'central military commission (中央军委改革和编制办公室)',
  N: 'agriculture (农业)',
  Y: 'other (其他)',
} as const;

export type UsccRegistrationAuthority = keyof typeof USCC_REGISTRATION_AUTHORITIES;

export interface UsccParts {
  ok: true;
  /** First character, e.g. `9` (market regulation: companies, sole traders, cooperatives). */
  registrationAuthority: UsccRegistrationAuthority;
  /** Second character, e.g. `1` (enterprise) under authority `9`. */
  entityType: string;
  /** Characters 3–8: the GB/T 2260 division where the entity was registered. */
  regionCode: string;
  /** Characters 9–17: the GB 11714 organisation code (body and its own check). */
  organizationCode: string;
}

export interface UsccInvalid {
  ok: false;
  reason: string;
}

const USCC_LENGTH = 18;

function isAuthority(value: string): value is UsccRegistrationAuthority {
  return Object.hasOwn(USCC_REGISTRATION_AUTHORITIES, value);
}

/**
 * Computes the check character for the first 17 characters: (31 − Σ value·weight mod 31) mod 31.
 * Returns null when the prefix is not 17 characters of the alphabet.
 *
 * @example
 * usccCheckCharacter('91330100MA27XXXXX') // one character of USCC_ALPHABET
 */
export function usccCheckCharacter(prefix17: string): string | null {
  if (prefix17.length !== USCC_LENGTH - 1) return null;
  let sum = 0;
  for (const [index, weight] of USCC_WEIGHTS.entries()) {
    const value = USCC_ALPHABET.indexOf(prefix17.charAt(index));
    if (value < 0) return null;
    sum += value * weight;
  }
  return USCC_ALPHABET.charAt((31 - (sum % 31)) % 31);
}

/**
 * Validates a USCC exactly as written (callers trim and upper-case user input first, see
 * `normalizeUscc`). Every single-character change and every swap of two different neighbours
 * among the first 17 characters is caught: 31 is prime and no weight or difference of
 * neighbouring weights is 0 mod 31.
 *
 * @example
 * validateUscc('91350100M000100Y43') // { ok: true, registrationAuthority: '9', entityType: '1', regionCode: '350100', ... }
 * validateUscc('91350100M000100Y44') // { ok: false, reason: 'check character is 4, expected 3' }
 */
export function validateUscc(code: string): UsccParts | UsccInvalid {
  if (code.length !== USCC_LENGTH) {
    return { ok: false, reason: `must be 18 characters, got ${code.length}` };
  }
  for (let index = 0; index < USCC_LENGTH; index += 1) {
    const char = code.charAt(index);
    if (!USCC_ALPHABET.includes(char)) {
      return {
        ok: false,
        reason: `character ${index + 1} (${JSON.stringify(char)}) is not one of ${USCC_ALPHABET}`,
      };
    }
  }
  const authority = code.charAt(0);
  if (!isAuthority(authority)) {
    return { ok: false, reason: `registration authority ${authority} is not defined` };
  }
  const regionCode = code.slice(2, 8);
  if (!/^[0-9]{6}$/.test(regionCode)) {
    return { ok: false, reason: `region code (characters 3–8) ${regionCode} is not 6 digits` };
  }
  const expected = usccCheckCharacter(code.slice(0, 17));
  const actual = code.charAt(17);
  if (expected !== actual) {
    return { ok: false, reason: `check character is ${actual}, expected ${expected ?? '?'}` };
  }
  return {
    ok: true,
    registrationAuthority: authority,
    entityType: code.charAt(1),
    regionCode,
    organizationCode: code.slice(8, 17),
  };
}

/** Trims and upper-cases user input, and maps full-width characters to ASCII (NFKC). */
export function normalizeUscc(input: string): string {
  return input.normalize('NFKC').trim().toUpperCase();
}

/**
 * Appends the check character to a 17-character prefix (tests and demo data).
 * Throws on a prefix that is not 17 characters of the alphabet.
 *
 * @example
 * makeUscc('91330106MA2XXXXX1') // '91330106MA2XXXXX1' + check character
 */
export function makeUscc(prefix17: string): string {
  const check = usccCheckCharacter(prefix17);
  if (check === null) {
    throw new RangeError(`makeUscc needs 17 characters of ${USCC_ALPHABET}, got ${prefix17}`);
  }
  return prefix17 + check;
}
