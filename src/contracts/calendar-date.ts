import { z } from 'zod';
import { isCalendarDate } from '../domain/shared/calendar.ts';

/**
 * The one schema of a calendar date at every boundary (claims, review, programs, the
 * calculator, parties): `YYYY-MM-DD` of a day that exists, years 0001–9999. Anything else —
 * 2026-02-31, month 13, year 0000, a time or zone appended — is a 400 VALIDATION_FAILED whose
 * `details.field` names the field, before any service or the database sees it. Plain zod (no
 * server import), so the web console can use it as it is.
 *
 * @example
 * calendarDate.safeParse('2027-02-30').success // false
 */
export const calendarDate = z
  .string()
  // The pattern also goes into the JSON Schema and OpenAPI documents (editors check it); the
  // refinement says what a pattern cannot: that the day exists.
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a calendar date YYYY-MM-DD')
  .refine(isCalendarDate, {
    error: 'not a calendar date YYYY-MM-DD that exists (years 0001–9999)',
  })
  .meta({ format: 'date' });
