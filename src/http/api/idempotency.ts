import { createHash } from 'node:crypto';
import { DomainError } from '../../domain/shared/errors.ts';
import {
  abandonIdempotentRequest,
  beginIdempotentRequest,
  completeIdempotentRequest,
  type AuthContext,
} from '../../services/access/index.ts';
import type { ApiContext } from './api-env.ts';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'idempotent-replayed';
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * Runs `work` at most once per (tenant, Idempotency-Key): stores a 2xx response for 24 hours
 * and replays it; the same key with a different request is 409 IDEMPOTENCY_CONFLICT; a
 * concurrent duplicate is 409 CONFLICT. Failed requests leave no record, so a retry runs again
 * and a failing request changes nothing in the database.
 *
 * Not atomic with the handler's own transaction: if the process dies between the handler's
 * commit and storing the response, the key stays "in progress" until it expires (24 h).
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
  const scope = auth ? `tenant:${auth.tenantId}` : 'public';
  const requestHash = createHash('sha256')
    .update(JSON.stringify([c.req.method, c.req.path, input], bigintAsString))
    .digest('hex');
  const start = await beginIdempotentRequest({ db, scope, key, requestHash, now: c.get('now') });
  if (start.kind === 'conflict') {
    throw new DomainError(
      'IDEMPOTENCY_CONFLICT',
      'this Idempotency-Key was used with a different request',
      { field: 'Idempotency-Key' },
    );
  }
  if (start.kind === 'in-progress') {
    throw new DomainError('CONFLICT', 'a request with this Idempotency-Key is still running', {
      field: 'Idempotency-Key',
    });
  }
  if (start.kind === 'replay') {
    const headers = new Headers({ [REPLAYED_HEADER]: 'true' });
    if (start.response.contentType) headers.set('content-type', start.response.contentType);
    return new Response(start.response.body, { status: start.response.status, headers });
  }
  let response: Response;
  try {
    response = await work();
  } catch (error) {
    await abandonIdempotentRequest({ db, scope, key });
    throw error;
  }
  if (response.status >= 200 && response.status < 300) {
    await completeIdempotentRequest({
      db,
      scope,
      key,
      response: {
        status: response.status,
        contentType: response.headers.get('content-type'),
        body: await response.clone().text(),
      },
      now: c.get('now'),
    });
  } else {
    await abandonIdempotentRequest({ db, scope, key });
  }
  return response;
}

function bigintAsString(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
