import type { Database } from '../../db/client.ts';

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
  | { kind: 'in-progress' };

interface IdempotencyRow {
  request_hash: string;
  state: 'pending' | 'done';
  response_status: number | null;
  response_content_type: string | null;
  response_body: string | null;
  created_at: Date;
}

/**
 * Claims `(scope, key)` for a request. `started`: run it, then `completeIdempotentRequest`
 * (success) or `abandonIdempotentRequest` (failure, so a retry runs again). `replay`: the
 * stored response of the same request. `conflict`: the key was used with another request.
 * `in-progress`: the first request with this key has not finished.
 */
export async function beginIdempotentRequest(options: {
  db: Database;
  scope: string;
  key: string;
  requestHash: string;
  now: Date;
}): Promise<IdempotencyStart> {
  const { db, scope, key, requestHash, now } = options;
  const expiredBefore = new Date(now.getTime() - IDEMPOTENCY_TTL_SECONDS * 1000);
  // One retry: the first pass may find an expired record and remove it.
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const inserted = await db.query<{ key: string }>(
      `insert into idempotency_keys (scope, key, request_hash, state, created_at)
       values ($1, $2, $3, 'pending', $4) on conflict (scope, key) do nothing returning key`,
      [scope, key, requestHash, now],
    );
    if (inserted.length > 0) return { kind: 'started' };
    const [row] = await db.query<IdempotencyRow>(
      `select request_hash, state, response_status, response_content_type, response_body, created_at
         from idempotency_keys where scope = $1 and key = $2`,
      [scope, key],
    );
    if (!row) continue; // removed between the two statements: claim again
    if (new Date(row.created_at) < expiredBefore) {
      await db.query(
        'delete from idempotency_keys where scope = $1 and key = $2 and created_at < $3',
        [scope, key, expiredBefore],
      );
      continue;
    }
    if (row.request_hash !== requestHash) return { kind: 'conflict' };
    if (row.state === 'pending' || row.response_status === null) return { kind: 'in-progress' };
    return {
      kind: 'replay',
      response: {
        status: row.response_status,
        contentType: row.response_content_type,
        body: row.response_body ?? '',
      },
    };
  }
  return { kind: 'in-progress' };
}

/** Expired records removed per successful request: bounded work, steady-state cleanup. */
const PURGE_BATCH = 50;

/**
 * Stores the response of a request that succeeded, for replays within 24 hours, and removes
 * a few expired records so the table does not grow without bound.
 */
export async function completeIdempotentRequest(options: {
  db: Database;
  scope: string;
  key: string;
  response: StoredResponse;
  now: Date;
}): Promise<void> {
  const expiredBefore = new Date(options.now.getTime() - IDEMPOTENCY_TTL_SECONDS * 1000);
  await options.db.query(
    `delete from idempotency_keys where (scope, key) in (
       select scope, key from idempotency_keys where created_at < $1 limit $2)`,
    [expiredBefore, PURGE_BATCH],
  );
  await options.db.query(
    `update idempotency_keys set state = 'done', response_status = $3,
        response_content_type = $4, response_body = $5
      where scope = $1 and key = $2`,
    [
      options.scope,
      options.key,
      options.response.status,
      options.response.contentType,
      options.response.body,
    ],
  );
}

/** Forgets a claimed key whose request failed, so that nothing of it stays in the database. */
export async function abandonIdempotentRequest(options: {
  db: Database;
  scope: string;
  key: string;
}): Promise<void> {
  await options.db.query(
    `delete from idempotency_keys where scope = $1 and key = $2 and state = 'pending'`,
    [options.scope, options.key],
  );
}
