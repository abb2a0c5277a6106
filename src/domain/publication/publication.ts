import { DomainError } from '../shared/errors.ts';

/**
 * A publication (公示): the recipients of one program in one period, frozen when it is created,
 * shown to the public with an objection window before anyone on it may be paid.
 *
 *   draft ──publish──► published (objection window open until windowClosesAt) ──close──► closed
 *
 * A draft can be checked by the operator and is not public. Closing is allowed once the window
 * is over and every objection is resolved; only then may the listed claims be paid out.
 */
export type PublicationState = 'draft' | 'published' | 'closed';

export interface PublicationStatus {
  state: PublicationState;
  objectionWindowDays: number;
  publishedAt: Date | null;
  objectionWindowClosesAt: Date | null;
  closedAt: Date | null;
}

/** Shortest and longest objection window; 公示 periods in the programs are 5 to 7 days. */
export const OBJECTION_WINDOW_DAYS_MIN = 1;
export const OBJECTION_WINDOW_DAYS_MAX = 30;
export const OBJECTION_WINDOW_DAYS_DEFAULT = 7;
const DAY_MS = 86_400_000;

/** Checks a requested window length; a bad one is VALIDATION_FAILED naming the field. */
export function validateObjectionWindowDays(days: number): number {
  if (
    !Number.isInteger(days) ||
    days < OBJECTION_WINDOW_DAYS_MIN ||
    days > OBJECTION_WINDOW_DAYS_MAX
  ) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `objectionWindowDays: an integer from ${OBJECTION_WINDOW_DAYS_MIN} to ${OBJECTION_WINDOW_DAYS_MAX}`,
      { field: 'objectionWindowDays' },
    );
  }
  return days;
}

function refuse(from: PublicationState, action: string, why: string): DomainError {
  return new DomainError(
    'INVALID_STATE_TRANSITION',
    `cannot ${action} a ${from} publication: ${why}`,
    {
      from,
      action,
    },
  );
}

/**
 * draft → published: opens the objection window for `objectionWindowDays` full days from `now`.
 *
 * @example
 * publish(draft, new Date('2025-07-01T02:00:00Z')).objectionWindowClosesAt // 7 days later
 */
export function publish(status: PublicationStatus, now: Date): PublicationStatus {
  if (status.state !== 'draft') throw refuse(status.state, 'publish', 'only a draft is published');
  return {
    ...status,
    state: 'published',
    publishedAt: now,
    objectionWindowClosesAt: new Date(now.getTime() + status.objectionWindowDays * DAY_MS),
  };
}

/**
 * published → closed, when the window is over and no objection is still open (an open
 * objection must be upheld or dismissed first, or someone would be paid despite it).
 */
export function close(
  status: PublicationStatus,
  openObjections: number,
  now: Date,
): PublicationStatus {
  if (status.state !== 'published') {
    throw refuse(status.state, 'close', 'only a published publication is closed');
  }
  if (status.objectionWindowClosesAt === null || now < status.objectionWindowClosesAt) {
    throw refuse(status.state, 'close', 'the objection window is still open');
  }
  if (openObjections > 0) {
    throw refuse(status.state, 'close', `${openObjections} objection(s) are not resolved yet`);
  }
  return { ...status, state: 'closed', closedAt: now };
}

/** Whether the public may file an objection at `now`. */
export function isObjectionWindowOpen(status: PublicationStatus, now: Date): boolean {
  return (
    status.state === 'published' &&
    status.objectionWindowClosesAt !== null &&
    now < status.objectionWindowClosesAt
  );
}
