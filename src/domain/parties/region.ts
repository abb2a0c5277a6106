import { regionContains as prefixContains } from '../policy/program.ts';

// The prefix rule itself is the policy engine's (one definition of "inside"); this module adds
// the shape check, so a malformed code never matches anything.
export { regionLevel, regionPrefix } from '../policy/program.ts';

/**
 * GB/T 2260 administrative division codes: six digits, province (2) → prefecture city (2) →
 * county/district (2). `330000` is Zhejiang, `330100` Hangzhou, `330106` Xihu district.
 */

/** The two-digit province-level codes of GB/T 2260 (including Taiwan, Hong Kong and Macao). */
const PROVINCE_CODES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64',
  '65', '71', '81', '82',
]); // prettier-ignore

/**
 * Checks the shape of a division code: six digits with a real province prefix, and no district
 * part under a zero city part (`330006` does not exist). It does not know every district.
 *
 * @example
 * regionCodeProblem('330106') // null
 * regionCodeProblem('990000') // 'province 99 does not exist'
 */
export function regionCodeProblem(code: string): string | null {
  if (!/^[0-9]{6}$/.test(code)) return 'must be 6 digits (GB/T 2260)';
  if (!PROVINCE_CODES.has(code.slice(0, 2))) return `province ${code.slice(0, 2)} does not exist`;
  if (code.slice(2, 4) === '00' && code.slice(4) !== '00') {
    return 'a district code needs a city part (characters 3–4 are 00)';
  }
  return null;
}

/** True when `code` is a well-formed GB/T 2260 division code (see `regionCodeProblem`). */
export function isRegionCode(code: string): boolean {
  return regionCodeProblem(code) === null;
}

/**
 * True when the division `inner` lies inside (or is) the division `outer`: a program of
 * Zhejiang (330000) covers Hangzhou (330100) and Xihu district (330106); a program of Hangzhou
 * does not cover Ningbo (330200) nor the whole province. Malformed codes contain nothing.
 *
 * @example
 * regionContains('330100', '330106') // true
 * regionContains('330106', '330100') // false
 */
export function regionContains(outer: string, inner: string): boolean {
  return isRegionCode(outer) && isRegionCode(inner) && prefixContains(outer, inner);
}
