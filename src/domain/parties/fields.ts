import { isCalendarDate } from '../shared/calendar.ts';
import { normalizePhone } from './normalize.ts';
import { regionCodeProblem } from './region.ts';
import { normalizeUscc, validateUscc } from './uscc.ts';

/** Stable codes of a problem with one field of a party (also used per CSV cell). */
export type FieldProblemCode =
  | 'REQUIRED'
  | 'INVALID_USCC'
  | 'INVALID_REGION'
  | 'INVALID_VALUE'
  | 'INVALID_DATE'
  | 'TOO_LONG'
  | 'DUPLICATE'
  | 'CONFLICT';

export interface FieldProblem {
  /** Field name as in the API (`regionCode`), not the CSV column. */
  field: string;
  code: FieldProblemCode;
  message: string;
}

/** Collects problems while fields are checked one by one. */
export class ProblemList {
  readonly problems: FieldProblem[] = [];

  add(field: string, code: FieldProblemCode, message: string): void {
    this.problems.push({ field, code, message });
  }
}

/** GB/T 4754 industry: a section letter A–T, optionally followed by a 2–4 digit class. */
const INDUSTRY = /^[A-T]([0-9]{2,4})?$/;
/** C0/C1 controls except tab and line breaks (addresses may be pasted with them). */
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * True when text can be stored and hashed as written: no control characters (PostgreSQL text
 * cannot hold NUL) and no unpaired UTF-16 surrogates (they have no UTF-8 form).
 */
export function isCleanText(text: string): boolean {
  return !CONTROL_CHARACTER.test(text) && !LONE_SURROGATE.test(text);
}
export const MAX_NAME_LENGTH = 200;
export const MAX_PERSON_NAME_LENGTH = 100;
export const MAX_ADDRESS_LENGTH = 300;
export const MAX_INDUSTRIES = 20;

export function checkUscc(problems: ProblemList, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    problems.add('uscc', 'REQUIRED', 'uscc is required');
    return '';
  }
  const code = normalizeUscc(value);
  const result = validateUscc(code);
  if (!result.ok) problems.add('uscc', 'INVALID_USCC', `uscc ${result.reason}`);
  return code;
}

export function checkText(
  problems: ProblemList,
  field: string,
  value: unknown,
  maxLength: number,
): string {
  if (typeof value !== 'string' || value.trim() === '') {
    problems.add(field, 'REQUIRED', `${field} is required`);
    return '';
  }
  const text = value.normalize('NFC').trim();
  if (text.length > maxLength) {
    problems.add(field, 'TOO_LONG', `${field} must be at most ${maxLength} characters`);
  }
  // PostgreSQL text cannot hold NUL, and no name or address needs control characters.
  if (!isCleanText(text)) {
    problems.add(field, 'INVALID_VALUE', `${field} must not contain control characters`);
  }
  return text;
}

/** An optional text: absent, null and blank become null. */
export function checkOptionalText(
  problems: ProblemList,
  field: string,
  value: unknown,
  maxLength: number,
): string | null {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
    return null;
  }
  return checkText(problems, field, value, maxLength);
}

export function checkOptionalPhone(
  problems: ProblemList,
  field: string,
  value: unknown,
): string | null {
  const text = checkOptionalText(problems, field, value, 40);
  if (text === null) return null;
  if (normalizePhone(text) === null) {
    problems.add(field, 'INVALID_VALUE', `${field} must be a phone number of 7–15 digits`);
  }
  return text;
}

/** A region code; absent → the fallback (the USCC's registration region, '' if unknown). */
export function checkRegion(problems: ProblemList, value: unknown, fallback: string): string {
  const absent = value === undefined || value === null || value === '';
  // Derived from an invalid USCC: the USCC problem already says what is wrong.
  if (absent && fallback === '') return '';
  const code = absent ? fallback : value;
  if (typeof code !== 'string') {
    problems.add('regionCode', 'INVALID_REGION', 'regionCode must be a 6-digit string');
    return '';
  }
  const problem = regionCodeProblem(code);
  if (problem) problems.add('regionCode', 'INVALID_REGION', `regionCode ${problem}`);
  return code;
}

export function checkEnum<T extends string>(
  problems: ProblemList,
  field: string,
  value: unknown,
  allowed: readonly T[],
): T {
  const found = allowed.find((option) => option === value);
  if (found === undefined) {
    problems.add(field, 'INVALID_VALUE', `${field} must be one of ${allowed.join(', ')}`);
    return allowed[0] as T;
  }
  return found;
}

/** A set of enum values (duplicates folded, order of `allowed`). */
export function checkEnumSet<T extends string>(
  problems: ProblemList,
  field: string,
  value: unknown,
  allowed: readonly T[],
  minCount: number,
): T[] {
  const items = Array.isArray(value) ? (value as unknown[]) : [];
  const bad = !Array.isArray(value) || items.some((item) => !allowed.some((a) => a === item));
  if (bad || new Set(items).size < minCount) {
    problems.add(
      field,
      'INVALID_VALUE',
      `${field} must list at least ${minCount} of ${allowed.join(', ')}`,
    );
  }
  return allowed.filter((option) => items.includes(option));
}

export function checkIndustries(problems: ProblemList, value: unknown): string[] {
  if (value === undefined || value === null) return [];
  const items = Array.isArray(value) ? (value as unknown[]) : [value];
  const codes = [...new Set(items.map((item) => (typeof item === 'string' ? item.trim() : '')))];
  const wrong = codes.filter((code) => !INDUSTRY.test(code));
  if (wrong.length > 0 || codes.length > MAX_INDUSTRIES) {
    problems.add(
      'industries',
      'INVALID_VALUE',
      `industries must be at most ${MAX_INDUSTRIES} GB/T 4754 codes like I65 (bad: ${wrong.slice(0, 3).join(', ')})`,
    );
  }
  return codes.sort();
}

/** A date on or before `today` (YYYY-MM-DD) and after 1900. */
export function checkPastDate(
  problems: ProblemList,
  field: string,
  value: unknown,
  today: string,
): string {
  if (typeof value !== 'string' || value.trim() === '') {
    problems.add(field, 'REQUIRED', `${field} is required`);
    return '';
  }
  const text = value.trim();
  if (!isCalendarDate(text) || text < '1900-01-01' || text > today) {
    problems.add(field, 'INVALID_DATE', `${field} must be a date YYYY-MM-DD not after ${today}`);
  }
  return text;
}
