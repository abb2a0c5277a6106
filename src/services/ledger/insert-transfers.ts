import {
  boolArray,
  byteaArrayFromHex,
  int4Array,
  int8Array,
  textArray,
  uuidArray,
} from '../../db/binary-array.ts';
import type { Sql } from '../../db/client.ts';
import { assert } from '../../domain/shared/assert.ts';
import type { Transfer } from '../../domain/ledger/index.ts';
import { plainArray, quotedArray } from './rows.ts';

/**
 * Inserts a batch's transfer rows in one statement, with parameters `$1`–`$15` from
 * `transferRowParams`. The arrays are unnested in a select list, in lockstep, rather than by
 * `unnest(a, b, …)` in FROM: that form stores every row in a tuple store before the insert
 * reads it back, a quarter of the insert's time for a batch of 16,384 rows. Part of the
 * ledger's batch write (`store.ts`); the ORM comparison of bench:ledger runs it alone.
 */
export const INSERT_TRANSFERS_SQL = `insert into ledger_transfers (seq, id, kind, debit_account_id,
         credit_account_id, amount_fen, ledger, code, linked, pending_id, timeout_seconds,
         user_data, created_at, hash)
       select $1::bigint + u.n, u.id, u.kind, ($15::uuid[])[u.debit], ($15::uuid[])[u.credit],
              u.amount, u.ledger, u.code, u.linked, u.pending_id, u.timeout, u.user_data, $14,
              u.hash
         from (select unnest($2::uuid[]) as id, unnest($3::text[]) as kind,
                      unnest($4::int[]) as debit, unnest($5::int[]) as credit,
                      unnest($6::bigint[]) as amount, unnest($7::int[]) as ledger,
                      unnest($8::int[]) as code, unnest($9::bool[]) as linked,
                      unnest($10::uuid[]) as pending_id, unnest($11::int[]) as timeout,
                      unnest($12::text[]) as user_data, unnest($13::bytea[]) as hash,
                      generate_series(1, cardinality($2::uuid[])) as n) u`;

export interface TransferRowsToInsert {
  /** In chain order; each row's `seq` is already set, consecutive from the first. */
  rows: readonly Transfer[];
  /** Each row's chain hash, hex. */
  hashes: readonly string[];
  /** Every account the rows name, each once: rows refer to them by position. */
  accountIds: readonly string[];
  now: Date;
}

/**
 * The parameters of `INSERT_TRANSFERS_SQL`: per-row arrays in binary for a PostgreSQL server
 * (see `binary-array.ts`), as array literals for PGlite. Account ids repeat (a hot account is
 * in every row), so each is sent once and rows carry its position.
 */
export function transferRowParams(batch: TransferRowsToInsert, server: Sql['kind']): unknown[] {
  const { rows, hashes, accountIds, now } = batch;
  const positions = new Map(accountIds.map((id, i) => [id, i + 1]));
  const positionOf = (id: string): number => {
    const position = positions.get(id);
    assert(position !== undefined, 'ledger: a row names an account the batch did not touch');
    return position;
  };
  const seqBefore = (rows[0]?.seq ?? 1n) - 1n;
  return [
    seqBefore.toString(),
    ...(server === 'postgres'
      ? binaryRowArrays(rows, positionOf, hashes)
      : textRowArrays(rows, positionOf, hashes)),
    now,
    plainArray(accountIds),
  ];
}

type PositionOf = (id: string) => number;

/** Parameters $2–$13, the per-row arrays, as array literals for PGlite. */
function textRowArrays(
  rows: readonly Transfer[],
  positionOf: PositionOf,
  hashes: readonly string[],
): string[] {
  // Ids are validated lower-case uuids and numbers are numbers: only user data needs quoting.
  return [
    plainArray(rows.map((r) => r.id)),
    plainArray(rows.map((r) => r.kind)),
    plainArray(rows.map((r) => positionOf(r.debitAccountId))),
    plainArray(rows.map((r) => positionOf(r.creditAccountId))),
    plainArray(rows.map((r) => r.amountFen)),
    plainArray(rows.map((r) => r.ledger)),
    plainArray(rows.map((r) => r.code)),
    plainArray(rows.map((r) => r.linked)),
    plainArray(rows.map((r) => r.pendingId ?? 'NULL')),
    plainArray(rows.map((r) => r.timeoutSeconds)),
    quotedArray(rows.map((r) => r.userData)),
    // bytea's hex input `\x…`, its backslash escaped for the array literal.
    plainArray(hashes.map((h) => `\\\\x${h}`)),
  ];
}

/** The same arrays in binary, for a PostgreSQL server. */
function binaryRowArrays(
  rows: readonly Transfer[],
  positionOf: PositionOf,
  hashes: readonly string[],
): Buffer[] {
  return [
    uuidArray(rows.map((r) => r.id)),
    textArray(rows.map((r) => r.kind)),
    int4Array(rows.map((r) => positionOf(r.debitAccountId))),
    int4Array(rows.map((r) => positionOf(r.creditAccountId))),
    int8Array(rows.map((r) => r.amountFen)),
    int4Array(rows.map((r) => r.ledger)),
    int4Array(rows.map((r) => r.code)),
    boolArray(rows.map((r) => r.linked)),
    uuidArray(rows.map((r) => r.pendingId)),
    int4Array(rows.map((r) => r.timeoutSeconds)),
    textArray(rows.map((r) => r.userData)),
    byteaArrayFromHex(hashes, SHA256_BYTES),
  ];
}

const SHA256_BYTES = 32;
