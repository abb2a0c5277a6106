import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  boolArray,
  byteaArrayFromHex,
  int4Array,
  int8Array,
  nullableInt4Array,
  textArray,
  timestamptzArray,
  uuidArray,
} from '../src/db/binary-array.ts';
import { createTestPostgres, type TestPostgres } from './support/test-database.ts';

/**
 * The binary array parameters of the ledger's batch write, read back by a real PostgreSQL
 * server (`array_recv`): every value arrives as the same value its text form would give.
 */

let pg: TestPostgres;
beforeAll(async () => {
  pg = await createTestPostgres(2);
});
afterAll(async () => {
  await pg.drop();
});

/**
 * The server's text output of the binary parameter and of the same values sent as text: the
 * whole array literal, so bounds and element types count as well as the elements.
 */
async function roundTrip(type: string, binary: Buffer, values: readonly unknown[]): Promise<void> {
  const [row] = await pg.db.query<{ binary: string; text: string }>(
    `select $1::${type}[]::text as binary, $2::${type}[]::text as text`,
    [binary, values],
  );
  expect(row?.binary).toEqual(row?.text);
}

const RUNS = 40;

describe('binary arrays read by PostgreSQL', () => {
  it('int4, int8 (the full range, money is int8) and bool', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { maxLength: 50 }),
        fc.array(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), { maxLength: 50 }),
        fc.array(fc.boolean(), { maxLength: 50 }),
        async (ints, bigints, bools) => {
          await roundTrip('int4', int4Array(ints), ints);
          await roundTrip('int8', int8Array(bigints), bigints.map(String));
          await roundTrip('bool', boolArray(bools), bools);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('uuids with NULLs, text in any script, sha-256 digests', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.option(fc.uuid(), { nil: null }), { maxLength: 50 }),
        fc.array(
          fc.string({ unit: 'grapheme', maxLength: 20 }).filter((s) => !s.includes('\0')),
          { maxLength: 50 },
        ),
        fc.array(fc.uint8Array({ minLength: 32, maxLength: 32 }), { maxLength: 20 }),
        async (uuids, texts, digests) => {
          await roundTrip('uuid', uuidArray(uuids), uuids);
          await roundTrip('text', textArray(texts), texts);
          const hex = digests.map((bytes) => Buffer.from(bytes).toString('hex'));
          await roundTrip(
            'bytea',
            byteaArrayFromHex(hex, 32),
            hex.map((h) => `\\x${h}`),
          );
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('text and int4 with NULLs, instants to the millisecond (the usage records)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.option(fc.string({ maxLength: 20 }).filter((s) => !s.includes('\0'))), {
          maxLength: 50,
        }),
        fc.array(fc.option(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })), { maxLength: 50 }),
        fc.array(
          fc.date({
            min: new Date('0001-01-01T00:00:00Z'),
            max: new Date('9999-12-31T23:59:59.999Z'),
            noInvalidDate: true,
          }),
          { maxLength: 50 },
        ),
        async (texts, ints, dates) => {
          await roundTrip('text', textArray(texts), texts);
          await roundTrip('int4', nullableInt4Array(ints), ints);
          await roundTrip('timestamptz', timestamptzArray(dates), dates);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('refuses what is not a uuid or not hex instead of sending other bytes', () => {
    expect(() => uuidArray(['0190f0e4-7b2a-7c3d-8e4f-5a6b7c8d9e0'])).toThrow(RangeError);
    expect(() => uuidArray(['0190f0e4-7b2a-7c3d-8e4f-5a6b7c8d9e0g'])).toThrow(RangeError);
    expect(() => byteaArrayFromHex(['ab'], 32)).toThrow(RangeError);
    expect(() => timestamptzArray([new Date(Number.NaN)])).toThrow(RangeError);
  });
});
