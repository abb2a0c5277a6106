import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ZodError } from 'zod';
import { DomainError } from '../domain/shared/errors.ts';
import { errorStatus } from './error-status.ts';
import type { AppEnv } from './app-env.ts';

/** The error body every endpoint returns: a stable code, a sentence, and details naming fields. */
export interface ErrorBody {
  error: { code: string; message: string; details: Record<string, unknown>; requestId?: string };
}

export function errorBody(
  code: string,
  message: string,
  details: Record<string, unknown> = {},
): ErrorBody {
  return { error: { code, message, details } };
}

/** Turns anything thrown into the error body; unknown errors become a 500 that leaks nothing. */
export function handleError(error: Error, c: Context<AppEnv>): Response {
  const requestId = c.get('requestId');
  if (error instanceof DomainError) {
    // Every "come back later" refusal (RATE_LIMITED, LOGIN_THROTTLED) says when, as HTTP does.
    const { retryAfterSeconds } = error.details;
    if (typeof retryAfterSeconds === 'number') c.header('retry-after', String(retryAfterSeconds));
    return c.json(
      { error: { code: error.code, message: error.message, details: error.details, requestId } },
      errorStatus[error.code],
    );
  }
  if (error instanceof ZodError) {
    const first = error.issues[0];
    return c.json(
      {
        error: {
          code: 'VALIDATION_FAILED',
          message: first ? `${first.path.join('.') || 'body'}: ${first.message}` : 'invalid input',
          details: { field: first?.path.join('.'), issues: error.issues },
          requestId,
        },
      },
      400,
    );
  }
  if (error instanceof HTTPException) {
    const status = error.status;
    const code =
      status === 413
        ? 'PAYLOAD_TOO_LARGE'
        : status === 415
          ? 'UNSUPPORTED_MEDIA_TYPE'
          : status === 401
            ? 'UNAUTHENTICATED'
            : 'VALIDATION_FAILED';
    return c.json(
      { error: { code, message: error.message || code, details: {}, requestId } },
      status,
    );
  }
  c.get('logger').error({ err: error, requestId }, 'unhandled error');
  return c.json(
    {
      error: {
        code: 'INTERNAL',
        message: 'internal error; quote the request id',
        details: {},
        requestId,
      },
    },
    500,
  );
}
