/**
 * Impossible and extreme calendar dates for the API fuzz test, and where the routes take dates.
 * Date fields are found in the route table's own schemas (every date is the one `calendarDate`
 * schema, src/contracts/calendar-date.ts), so a route that takes a date later is fuzzed too.
 */
import fc from 'fast-check';
import type { z } from 'zod';
import { calendarDate } from '../../src/contracts/calendar-date.ts';
import { daysInMonth } from '../../src/domain/shared/calendar.ts';
import type { RouteDefinition } from '../../src/http/api/index.ts';

const pad = (value: number, width: number): string => String(value).padStart(width, '0');
const year = fc.integer({ min: 1, max: 9999 });
const month = fc.integer({ min: 1, max: 12 });
const nonLeapYear = year.filter((y) => !((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0));
const realDate = fc
  .record({ year, month, day: fc.integer({ min: 1, max: 31 }) })
  .map(
    (d) =>
      `${pad(d.year, 4)}-${pad(d.month, 2)}-${pad(Math.min(d.day, daysInMonth(d.year, d.month)), 2)}`,
  );

/** Text that is not a calendar date: every one must be a 400 naming its field. */
export const impossibleDate: fc.Arbitrary<string> = fc.oneof(
  // A day past the end of its month (2026-02-31, 2027-02-30, 2026-04-31 …) or day 00.
  fc
    .record({ year, month, extra: fc.integer({ min: 1, max: 60 }) })
    .map(
      ({ year: y, month: m, extra }) =>
        `${pad(y, 4)}-${pad(m, 2)}-${pad(Math.min(daysInMonth(y, m) + extra, 99), 2)}`,
    ),
  fc.record({ year, month }).map(({ year: y, month: m }) => `${pad(y, 4)}-${pad(m, 2)}-00`),
  // 29 February of a year without one.
  nonLeapYear.map((y) => `${pad(y, 4)}-02-29`),
  // Month 00 or 13–99.
  fc
    .record({ year, month: fc.oneof(fc.constant(0), fc.integer({ min: 13, max: 99 })) })
    .map(({ year: y, month: m }) => `${pad(y, 4)}-${pad(m, 2)}-01`),
  // Year 0000, years of five or more digits, signed years.
  fc.constantFrom('0000-01-01', '0000-02-29', '0000-12-31'),
  fc.integer({ min: 10_000, max: 275_760 }).map((y) => `${y}-01-01`),
  fc.constantFrom('+002026-01-01', '-000001-01-01', '+010000-01-01'),
  // A real date with a time, a zone or blanks appended or prepended.
  fc
    .tuple(
      realDate,
      fc.constantFrom(
        'T00:00:00Z',
        'T23:59:59+08:00',
        'T00:00',
        '+08:00',
        'Z',
        ' ',
        '\n',
        ' 12:00',
        'T25:00:00Z',
      ),
    )
    .map(([date, suffix]) => `${date}${suffix}`),
  realDate.map((date) => ` ${date}`),
  // Other spellings and sizes.
  fc.constantFrom(
    '',
    ' ',
    '2026-1-1',
    '2026/01/01',
    '20260101',
    '01-02-2026',
    '２０２６-０１-０１',
    '2026-01-01\u0000',
    'today',
    'NaN-NaN-NaN',
  ),
  fc.integer({ min: 11, max: 200_000 }).map((length) => '9'.repeat(length)),
  fc.integer({ min: 2, max: 20_000 }).map((times) => '2026-01-01'.repeat(times)),
);

/** Real dates at the ends of the range, and leap days that exist. */
export const extremeRealDate: fc.Arbitrary<string> = fc.constantFrom(
  '9999-12-31',
  '0001-01-01',
  '1900-02-28',
  '2000-02-29',
  '2100-02-28',
  '1970-01-01',
);

/** Far in the future: refused by every field that changes state (lifetime, claim date, founding). */
export const FAR_FUTURE_DATE = '9999-12-31';

interface SchemaNode {
  _zod: { def: Record<string, unknown> & { type: string } };
}

/**
 * Dotted paths of the calendar dates in a schema (objects, optionals, unions and pipes are
 * walked; ten levels at most).
 *
 * @example
 * datePaths(createClaimBody) // ['contractSignedOn', 'purchase.contractStartsOn', 'purchase.contractEndsOn']
 */
export function datePaths(schema: z.ZodType | undefined): string[] {
  const found = new Set<string>();
  const walk = (node: SchemaNode, path: string[], depth: number): void => {
    if (depth > 10) return;
    if ((node as unknown) === calendarDate) {
      found.add(path.join('.'));
      return;
    }
    const def = node._zod.def;
    const inner = (key: string) => def[key] as SchemaNode;
    if (['optional', 'nullable', 'default', 'prefault', 'readonly'].includes(def.type)) {
      walk(inner('innerType'), path, depth + 1);
    } else if (def.type === 'pipe') {
      walk(inner('in'), path, depth + 1);
    } else if (def.type === 'object') {
      for (const [key, value] of Object.entries(def.shape as Record<string, SchemaNode>)) {
        walk(value, [...path, key], depth + 1);
      }
    } else if (def.type === 'union') {
      for (const option of def.options as SchemaNode[]) walk(option, path, depth + 1);
    }
  };
  if (schema) walk(schema as unknown as SchemaNode, [], 0);
  return [...found];
}

/** The date fields of a route: where (body or query) and the dotted path. */
export function routeDateFields(route: RouteDefinition): { in: 'body' | 'query'; path: string }[] {
  return [
    ...datePaths(route.request.body).map((path) => ({ in: 'body' as const, path })),
    ...datePaths(route.request.query).map((path) => ({ in: 'query' as const, path })),
  ];
}

/** A copy of `body` with `value` at the dotted `path` (objects made on the way). */
export function withValueAt(body: unknown, path: string, value: unknown): unknown {
  const copy = (JSON.parse(JSON.stringify(body ?? {})) ?? {}) as Record<string, unknown>;
  const keys = path.split('.');
  let target = copy;
  for (const key of keys.slice(0, -1)) {
    const next = target[key];
    target[key] = typeof next === 'object' && next !== null ? next : {};
    target = target[key] as Record<string, unknown>;
  }
  target[keys[keys.length - 1] ?? ''] = value;
  return copy;
}
