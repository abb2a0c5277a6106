import { errorBodySchema } from '@contracts/common.ts';

/** Codes the console adds to the server's: the network failed, or the body was not ours. */
export type ClientErrorCode = 'NETWORK' | 'UNKNOWN';

/**
 * A failed API call: the server's stable error code (src/domain/shared/errors.ts), its
 * details and the request id, or a client-side code when no error body came back.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly code: string;
  readonly status: number;
  readonly details: Record<string, unknown>;
  readonly requestId: string | undefined;

  constructor(options: {
    code: string;
    status: number;
    message: string;
    details?: Record<string, unknown>;
    requestId?: string | undefined;
  }) {
    super(options.message);
    this.code = options.code;
    this.status = options.status;
    this.details = options.details ?? {};
    this.requestId = options.requestId;
  }

  /** The field at fault, when the server named one (`details.field`). */
  get field(): string | undefined {
    const field = this.details['field'];
    return typeof field === 'string' && field !== '' ? field : undefined;
  }
}

/** Reads an error response into an ApiError, whatever the body holds. */
export async function apiErrorOf(response: Response): Promise<ApiError> {
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const body = errorBodySchema.safeParse(parsed);
  if (!body.success) {
    return new ApiError({
      code: response.status >= 500 ? 'INTERNAL' : 'UNKNOWN',
      status: response.status,
      message: text.slice(0, 200),
    });
  }
  const { code, message, details, requestId } = body.data.error;
  return new ApiError({ code, status: response.status, message, details, requestId });
}
