import { DomainError } from '../shared/errors.ts';

/**
 * What a new password must be, after NIST SP 800-63B §3.1.1.2: long enough, no composition rules
 * (no "one digit, one capital"), and not one an attacker tries first — a common or breached
 * password, a repetitive or sequential string, or the user's own email name. Lengths count
 * Unicode code points, so a passphrase in Chinese counts its characters, not its bytes.
 */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

/** Why a password was refused (`details.reason` of PASSWORD_TOO_WEAK / PASSWORD_TOO_COMMON). */
export type WeakPasswordReason = 'common' | 'repetitive' | 'sequential' | 'email' | 'product';

/**
 * The product's own names. A password that is nothing but these plus digits and punctuation
 * (`Suanli2025!`) is refused; one that merely contains them (the demo's `suanli-demo-2025`) is
 * not: the rule targets the guess "service name + year", not every mention.
 */
const PRODUCT_NAMES = ['suanli', '算力'] as const;

/** An email name shorter than this is too likely to occur by chance to forbid it. */
const EMAIL_NAME_MIN_LENGTH = 4;

/**
 * Refuses a password a user may not choose; returns nothing when it is acceptable.
 * `isCommon` answers for a lower-cased candidate whether it is on the list of common and
 * breached passwords (the list is data, loaded by the caller).
 * Errors: VALIDATION_FAILED (length), PASSWORD_TOO_COMMON, PASSWORD_TOO_WEAK — all with
 * `field: 'password'`.
 *
 * @example
 * checkNewPassword({ password: 'aaaaaaaaaa', email: 'li@example.cn', isCommon: () => false });
 * // throws PASSWORD_TOO_WEAK, details { field: 'password', reason: 'repetitive' }
 */
export function checkNewPassword(options: {
  password: string;
  email: string;
  isCommon: (lowerCased: string) => boolean;
}): void {
  // NIST counts each Unicode code point as one character (not UTF-16 units, not graphemes).
  const length = Array.from(options.password).length;
  if (length < PASSWORD_MIN_LENGTH || length > PASSWORD_MAX_LENGTH) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `password: ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters`,
      { field: 'password' },
    );
  }
  const reason = weakPasswordReason(options);
  if (reason === 'common') {
    throw new DomainError(
      'PASSWORD_TOO_COMMON',
      'password: this is a common or breached password; choose another (a few unrelated words make a good one)',
      { field: 'password', reason },
    );
  }
  if (reason !== undefined) {
    throw new DomainError('PASSWORD_TOO_WEAK', `password: ${weakPasswordMessages[reason]}`, {
      field: 'password',
      reason,
    });
  }
}

const weakPasswordMessages: Record<Exclude<WeakPasswordReason, 'common'>, string> = {
  repetitive: 'repeats a few characters; choose a longer, less regular one',
  sequential: 'is a run of sequential characters (like 1234567890 or abcdef); choose another',
  email: 'contains the email name; choose one that does not',
  product: 'is the product name with digits or symbols; choose another',
};

/** The first rule the password breaks, or undefined. Pure; exported for the property tests. */
export function weakPasswordReason(options: {
  password: string;
  email: string;
  isCommon: (lowerCased: string) => boolean;
}): WeakPasswordReason | undefined {
  const text = options.password.normalize('NFKC').toLowerCase();
  const characters = Array.from(text);
  if (new Set(characters).size < 4 || isPeriodic(characters)) return 'repetitive';
  if (sequentialRunCount(characters) <= 2) return 'sequential';
  // "word + year!" is the attacker's first variation of a listed word, so the list is also
  // checked with digits and symbols trimmed from both ends.
  const core = text.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
  if (options.isCommon(text) || (core.length > 0 && options.isCommon(core))) return 'common';
  const emailName = lettersAndDigits(options.email.split('@')[0]?.split('+')[0] ?? '');
  if (emailName.length >= EMAIL_NAME_MIN_LENGTH && lettersAndDigits(text).includes(emailName)) {
    return 'email';
  }
  let rest = text;
  for (const name of PRODUCT_NAMES) rest = rest.replaceAll(name, '');
  if (rest !== text && lettersOnly(rest) === '') return 'product';
  return undefined;
}

/** `abcabcabca`, `passpass`: one unit of at most half the length, repeated. */
function isPeriodic(characters: readonly string[]): boolean {
  for (let period = 1; period <= characters.length / 2; period += 1) {
    if (characters.every((character, index) => character === characters[index % period])) {
      return true;
    }
  }
  return false;
}

/**
 * How many runs the password falls into, a run being characters that step by the same -1, 0
 * or +1 (digits and Latin letters wrap: `7890`, `xyza`). `1234567890` is one run,
 * `aaaaa12345` two, a passphrase dozens.
 */
function sequentialRunCount(characters: readonly string[]): number {
  let runs = 1;
  let runStep: number | undefined;
  for (let index = 1; index < characters.length; index += 1) {
    const step = stepBetween(characters[index - 1] ?? '', characters[index] ?? '');
    if (runStep === undefined && step !== undefined) {
      runStep = step;
      continue;
    }
    if (step === undefined || step !== runStep) {
      runs += 1;
      runStep = undefined;
    }
  }
  return runs;
}

function stepBetween(previous: string, next: string): number | undefined {
  const wrapped = (alphabet: string): number | undefined => {
    const from = alphabet.indexOf(previous);
    const to = alphabet.indexOf(next);
    if (from < 0 || to < 0) return undefined;
    const step = (to - from + alphabet.length) % alphabet.length;
    if (step === 0) return 0;
    if (step === 1) return 1;
    return step === alphabet.length - 1 ? -1 : undefined;
  };
  if (previous === next) return 0;
  const step = wrapped('0123456789') ?? wrapped('abcdefghijklmnopqrstuvwxyz');
  if (step !== undefined) return step;
  const delta = (next.codePointAt(0) ?? 0) - (previous.codePointAt(0) ?? 0);
  return Math.abs(delta) === 1 ? delta : undefined;
}

function lettersAndDigits(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

function lettersOnly(text: string): string {
  return text.replace(/[^\p{L}]/gu, '');
}
