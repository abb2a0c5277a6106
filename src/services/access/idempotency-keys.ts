import type { Sql } from '../../db/client.ts';
import { assert } from '../../domain/shared/assert.ts';

/** Idempotency records expire after 24 hours; a key may be reused after that. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

export interface StoredResponse {
  status: number;
  contentType: string | null;
  body: string;
}

export type IdempotencyStart =
  | { kind: 'started' }
  | { kind: 'replay'; response: StoredResponse }
  | { kind: 'conflict' }
  | { kind: 'unfinished' };

interface IdempotencyRow {
  request_hash: string;
  state: 'pending' | 'done';
  response_status: number | null;
  response_content_type: string | null;
  response_body: string | null;
  created_at: Date;
}

/**
 * Claims `(scope, key)` for a request, in the caller's transaction (the one that runs the
 * request and then calls `completeIdempotentRequest`, so the key, the request's effects and its
 * response commit together or not at all). A concurrent request holding the same key waits here
 * on the primary key until that transaction ends, then sees its outcome.
 *
 * `started`: run the request. `replay`: the stored response of the same request. `conflict`:
 * the key was used with another request. `unfinished`: a committed row without a response. Only
 * the earlier design, which stored the response in a second transaction, left such rows (when
 * its process died in between); that request may have taken effect, so the key is refused until
 * it expires rather than run a second time.
 */
export async function beginIdempotentRequest(options: {
  sql: Sql;
  scope: string;
  key: string;
  requestHash: string;
  now: Date;
}): Promise<IdempotencyStart> {
  const { sql, scope, key, requestHash, now } = options;
  const expiredBefore = new Date(now.getTime() - IDEMPOTENCY_TTL_SECONDS * 1000);
  // One retry: the first pass may find an expired record and remove it.
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const inserted = await sql.query<{ key: string }>(
      `insert into idempotency_keys (scope, key, request_hash, state, created_at)
       values ($1, $2, $3, 'pending', $4) on conflict (scope, key) do nothing returning key`,
      [scope, key, requestHash, now],
    );
    if (inserted.length > 0) return { kind: 'started' };
    const [row] = await sql.query<IdempotencyRow>(
      `select request_hash, state, response_status, response_content_type, response_body, created_at
         from idempotency_keys where scope = $1 and key = $2`,
      [scope, key],
    );
    if (!row) continue; // expired and removed by another request meanwhile: claim again
    if (new Date(row.created_at) < expiredBefore) {
      await sql.query(
        'delete from idempotency_keys where scope = $1 and key = $2 and created_at < $3',
        [scope, key, expiredBefore],
      );
      continue;
    }
    if (row.request_hash !== requestHash) return { kind: 'conflict' };
    if (row.state === 'pending' || row.response_status === null) return { kind: 'unfinished' };
    return {
      kind: 'replay',
      response: {
        status: row.response_status,
        contentType: row.response_content_type,
        body: row.response_body ?? '',
      },
    };
  }
  // Removed twice between our two statements: only under heavy churn on one expired key.
  return { kind: 'unfinished' };
}

/** Expired records removed per successful request: bounded work, steady-state cleanup. */
const PURGE_BATCH = 50;

/**
 * Stores the response of a request that succeeded, in the transaction that claimed the key, for
 * replays within 24 hours, and removes a few expired records so the table does not grow without
 * bound. One statement, just before the commit: it runs while the request's locks are held.
 * SKIP LOCKED: records another request is removing are left to it, so this never waits.
 */
export async function completeIdempotentRequest(options: {
  sql: Sql;
  scope: string;
  key: string;
  response: StoredResponse;
  now: Date;
}): Promise<void> {
  const expiredBefore = new Date(options.now.getTime() - IDEMPOTENCY_TTL_SECONDS * 1000);
  const stored = await options.sql.query<{ key: string }>(
    `with purged as (
       delete from idempotency_keys where (scope, key) in (
         select scope, key from idempotency_keys where created_at < $6
          limit $7 for update skip locked))
     update idempotency_keys set state = 'done', response_status = $3,
        response_content_type = $4, response_body = $5
      where scope = $1 and key = $2 and state = 'pending'
     returning key`,
    [
      options.scope,
      options.key,
      options.response.status,
      options.response.contentType,
      options.response.body,
      expiredBefore,
      PURGE_BATCH,
    ],
  );
  assert(stored.length === 1, 'completeIdempotentRequest: the claimed key row is missing');
}
