import type { MiddlewareHandler } from 'hono';
import { securityHeadersSetByHandler } from '../gateway/response-headers.ts';

/**
 * The Content-Security-Policy of our HTML pages: everything from this server only, scripts
 * only from files (plus the inline scripts a page lists by hash), and no framing
 * (`frame-ancestors 'none'`, against clickjacking). Styles may be inline: the landing page has
 * a `<style>` block and the API reference injects its styles at run time; CSS cannot run code.
 *
 * @example
 * contentSecurityPolicy({ scriptHashes: ["'sha256-…'"] });
 */
export function contentSecurityPolicy(options: { scriptHashes?: readonly string[] } = {}): string {
  return [
    "default-src 'self'",
    ['script-src', "'self'", ...(options.scriptHashes ?? [])].join(' '),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Security headers on every response: `nosniff` (a browser must not guess a download or JSON
 * body is HTML), a referrer policy that tells other sites nothing (`same-origin`), and on HTML
 * the CSP above — unless the route set a stricter one of its own — and `X-Frame-Options` for
 * browsers that predate `frame-ancestors`.
 */
export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  // A handler that set these headers on its response itself (the gateway, on its hot path:
  // `gatewayHeaders`) says so, and its response is left untouched: reading `c.res.headers`
  // builds a Web Headers of a response that had none, and setting one copies the response.
  if (securityHeadersSetByHandler(c)) return;
  if (c.res.headers.get('x-content-type-options') !== 'nosniff') {
    c.header('x-content-type-options', 'nosniff');
  }
  if (c.res.headers.get('referrer-policy') !== 'same-origin') {
    c.header('referrer-policy', 'same-origin');
  }
  if (c.res.headers.get('content-type')?.startsWith('text/html') === true) {
    if (!c.res.headers.has('content-security-policy')) {
      c.header('content-security-policy', contentSecurityPolicy());
    }
    c.header('x-frame-options', 'DENY');
  }
};
