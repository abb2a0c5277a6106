import { DomainError } from '../shared/errors.ts';

/**
 * Objections (异议) to a publication, filed by anyone while the window is open and resolved by
 * an operator: upheld (the entry is withdrawn and its payout blocked) or dismissed.
 */
export type ObjectionState = 'open' | 'upheld' | 'dismissed';
export type ObjectionResolution = 'upheld' | 'dismissed';

/** Limits on what the public may send: long enough to say something, short enough to read. */
export const OBJECTION_BODY_CHARS_MIN = 10;
export const OBJECTION_BODY_CHARS_MAX = 2000;
export const OBJECTION_CONTACT_CHARS_MAX = 200;
export const RESOLUTION_NOTE_CHARS_MAX = 2000;

export interface ObjectionInput {
  body: string;
  contact?: string | undefined;
}

// C0 controls except TAB, LF and CR, plus DEL: nothing a person types into a form.
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

function invalid(field: string, message: string): DomainError {
  return new DomainError('VALIDATION_FAILED', `${field}: ${message}`, { field });
}

/**
 * Counts code points (so 𠀀 is one, not two UTF-16 units), as PostgreSQL's `length()` does in
 * the CHECK constraints that back these limits.
 */
function characterCount(text: string): number {
  return Array.from(text).length;
}

/**
 * Trims and checks a public objection; returns the text to store.
 *
 * @example
 * validateObjection({ body: '该企业与服务商为关联方，合同金额虚高。' })
 */
export function validateObjection(input: ObjectionInput): { body: string; contact: string | null } {
  const body = input.body.trim();
  const bodyChars = characterCount(body);
  if (bodyChars < OBJECTION_BODY_CHARS_MIN || bodyChars > OBJECTION_BODY_CHARS_MAX) {
    throw invalid(
      'body',
      `between ${OBJECTION_BODY_CHARS_MIN} and ${OBJECTION_BODY_CHARS_MAX} characters`,
    );
  }
  if (CONTROL_CHARACTERS.test(body)) throw invalid('body', 'control characters are not allowed');
  const contact = input.contact?.trim() ?? '';
  if (characterCount(contact) > OBJECTION_CONTACT_CHARS_MAX) {
    throw invalid('contact', `at most ${OBJECTION_CONTACT_CHARS_MAX} characters`);
  }
  if (CONTROL_CHARACTERS.test(contact)) {
    throw invalid('contact', 'control characters are not allowed');
  }
  return { body, contact: contact === '' ? null : contact };
}

/** open → upheld | dismissed; a resolved objection stays as it was decided. */
export function resolveObjection(
  state: ObjectionState,
  resolution: ObjectionResolution,
): ObjectionState {
  if (state !== 'open') {
    throw new DomainError(
      'INVALID_STATE_TRANSITION',
      `the objection is already ${state}; it cannot be ${resolution}`,
      { from: state, action: resolution },
    );
  }
  return resolution;
}

/** Checks an operator's note on a resolution. */
export function validateResolutionNote(note: string): string {
  const trimmed = note.trim();
  if (trimmed.length === 0 || characterCount(trimmed) > RESOLUTION_NOTE_CHARS_MAX) {
    throw invalid('note', `between 1 and ${RESOLUTION_NOTE_CHARS_MAX} characters`);
  }
  return trimmed;
}
