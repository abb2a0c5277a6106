import type { Context } from 'hono';

/**
 * Headers of every gateway response: its request id, and the platform's security headers set
 * here rather than by the app's middleware afterwards (which would copy the response into a
 * streamed one, a measurable cost per call).
 */
export function gatewayHeaders(requestId: string, contentType: string): Record<string, string> {
  return {
    'content-type': contentType,
    'x-request-id': requestId,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
  };
}

const HEADERS_SET_BY_HANDLER = 'securityHeadersSetByHandler';

/**
 * Tells the platform's `securityHeaders` middleware (src/http/security-headers.ts) that this
 * request's answer carries the security headers already (`gatewayHeaders`), so it leaves the
 * response untouched.
 */
export function markSecurityHeadersSet(c: Context): void {
  c.set(HEADERS_SET_BY_HANDLER as never, true as never);
}

/** Whether a handler said its answer carries the security headers (`markSecurityHeadersSet`). */
export function securityHeadersSetByHandler(c: Context): boolean {
  return c.get(HEADERS_SET_BY_HANDLER as never) === true;
}
