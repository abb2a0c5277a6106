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
