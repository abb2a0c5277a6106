import { createHash } from 'node:crypto';
import { DomainError } from '../../domain/shared/errors.ts';
import { databaseInTransaction } from '../../db/nested-transaction.ts';
import {
  beginIdempotentRequest,
  completeIdempotentRequest,
  type AuthContext,
  type IdempotencyStart,
} from '../../services/access/index.ts';
import type { ApiContext } from './api-env.ts';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'idempotent-replayed';
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * Runs `work` at most once per (tenant, Idempotency-Key), atomically with its effects. One
 * database transaction claims the key, runs `work` with `c.get('db')` bound to it (the
 * services' own transactions become savepoints of it), stores a 2xx response for 24 hours and
 * commits. A crash before that commit leaves neither the key nor the effects, so a retry runs
 * again; after it, both, so a retry gets the stored response with `idempotent-replayed: true`.
 * A thrown error or a non-2xx response rolls everything back: a failed request changes nothing.
 *
 * A copy sent while the first is running waits for it (on the key's primary key), then gets
 * its stored response, or runs itself if the first failed. The same key with a different
 * request is 409 IDEMPOTENCY_CONFLICT.
 */
export async function runIdempotent(
  c: ApiContext,
  auth: AuthContext | undefined,
  input: { params: unknown; query: unknown; body: unknown },
  work: () => Response | Promise<Response>,
): Promise<Response> {
  const key = c.req.header(IDEMPOTENCY_HEADER);
  if (key === undefined || !IDEMPOTENCY_KEY_PATTERN.test(key)) {
    throw new DomainError(
      'VALIDATION_FAILED',
      'Idempotency-Key: send 8 to 128 characters of A-Z a-z 0-9 . _ : - on every POST',
      { field: 'Idempotency-Key' },
    );
  }
  const db = c.get('db');
  const now = c.get('now');
  const scope = auth ? `tenant:${auth.tenantId}` : 'public';
  const requestHash = createHash('sha256')
    .update(JSON.stringify([c.req.method, c.req.path, input], bigintAsString))
    .digest('hex');
  try {
    return await db.transaction(async (tx) => {
      const start = await beginIdempotentRequest({ sql: tx, scope, key, requestHash, now });
      if (start.kind !== 'started') return answerWithoutRunning(start);
      let response: Response;
      c.set('db', databaseInTransaction(tx));
      try {
        response = await work();
      } finally {
        c.set('db', db);
      }
      if (response.status < 200 || response.status >= 300) throw new RollBack(response);
      const body = await response.clone().text();
      const contentType = response.headers.get('content-type');
      const stored = { status: response.status, contentType, body };
      await completeIdempotentRequest({ sql: tx, scope, key, response: stored, now });
      return response;
    });
  } catch (error) {
    if (error instanceof RollBack) return error.response;
    throw error;
  }
}

/** Thrown inside the transaction to undo a request that answered with a non-2xx response. */
class RollBack extends Error {
  constructor(readonly response: Response) {
    super(`idempotent request answered ${response.status}: rolled back`);
  }
}

/** The answer for a key that is not ours to run: the stored response, or why not. */
function answerWithoutRunning(start: Exclude<IdempotencyStart, { kind: 'started' }>): Response {
  switch (start.kind) {
    case 'conflict':
      throw new DomainError(
        'IDEMPOTENCY_CONFLICT',
        'this Idempotency-Key was used with a different request',
        { field: 'Idempotency-Key' },
      );
    case 'unfinished':
      throw new DomainError(
        'CONFLICT',
        'a request with this Idempotency-Key did not finish and may have taken effect: check, then use a new key',
        { field: 'Idempotency-Key' },
      );
    case 'replay': {
      const headers = new Headers({ [REPLAYED_HEADER]: 'true' });
      if (start.response.contentType) headers.set('content-type', start.response.contentType);
      return new Response(start.response.body, { status: start.response.status, headers });
    }
  }
}

function bigintAsString(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
