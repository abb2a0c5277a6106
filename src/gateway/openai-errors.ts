import type { GatewayAnswer } from './gateway-answer.ts';
import { gatewayHeaders } from './response-headers.ts';
import { DomainError, type ErrorCode } from '../domain/shared/errors.ts';

/**
 * The gateway speaks OpenAI's error shape at its own edge — `{ error: { message, type, param,
 * code } }` — mapped from the platform's DomainError codes, so the official SDKs raise their own
 * error classes (AuthenticationError, NotFoundError, RateLimitError, BadRequestError, …).
 */
export interface OpenAiErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

export interface GatewayFailure {
  status: number;
  body: OpenAiErrorBody;
  /** Seconds, for 429s. */
  retryAfterSeconds?: number;
}

export function openAiError(
  status: number,
  message: string,
  type: string,
  code: string | null,
  param: string | null = null,
): GatewayFailure {
  return { status, body: { error: { message, type, param, code } } };
}

/** Status, OpenAI error type and code of each platform code the gateway can meet. */
const MAPPED: Partial<Record<ErrorCode, { status: number; type: string; code: string }>> = {
  VALIDATION_FAILED: { status: 400, type: 'invalid_request_error', code: 'invalid_request' },
  PAYLOAD_TOO_LARGE: { status: 413, type: 'invalid_request_error', code: 'request_too_large' },
  UNAUTHENTICATED: { status: 401, type: 'invalid_request_error', code: 'invalid_api_key' },
  FORBIDDEN: { status: 403, type: 'invalid_request_error', code: 'forbidden' },
  NOT_FOUND: { status: 404, type: 'invalid_request_error', code: 'model_not_found' },
  RATE_LIMITED: { status: 429, type: 'requests', code: 'rate_limit_exceeded' },
  GATEWAY_SPEND_LIMIT_REACHED: {
    status: 429,
    type: 'insufficient_quota',
    code: 'spend_limit_reached',
  },
  // OpenAI's "payment required": the voucher and the wallet cannot cover the call.
  INSUFFICIENT_BALANCE: { status: 402, type: 'insufficient_quota', code: 'insufficient_balance' },
  BUDGET_EXHAUSTED: { status: 402, type: 'insufficient_quota', code: 'insufficient_balance' },
};

/** The OpenAI-shaped failure of anything thrown on the request path; null: not an expected one. */
export function failureOf(error: unknown): GatewayFailure | null {
  if (!(error instanceof DomainError)) return null;
  const mapped = MAPPED[error.code] ?? {
    status: 400,
    type: 'invalid_request_error',
    code: error.code.toLowerCase(),
  };
  const field = error.details.field;
  const failure = openAiError(
    mapped.status,
    error.message,
    mapped.type,
    mapped.code,
    typeof field === 'string' ? field : null,
  );
  const retry = error.details.retryAfterSeconds;
  if (typeof retry === 'number') failure.retryAfterSeconds = retry;
  return failure;
}

/** The answer of a failure, with `retry-after` when it has one. */
export function failureAnswer(failure: GatewayFailure, requestId: string): GatewayAnswer {
  const headers = gatewayHeaders(requestId, 'application/json');
  if (failure.retryAfterSeconds !== undefined)
    headers['retry-after'] = String(failure.retryAfterSeconds);
  return { status: failure.status, headers, body: JSON.stringify(failure.body) };
}
