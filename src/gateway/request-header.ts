import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

/**
 * A request header by its lower-case name (the gateway's handlers and the platform app's
 * request-id middleware). On @hono/node-server it reads the headers Node has
 * already parsed: `c.req.header()` there builds a Web `Headers` of every header on first use,
 * which every model call paid for one header (docs/benchmarks.md#gateway). Elsewhere (the
 * in-process `app.request` of tests) it asks the Web Request.
 */
export function requestHeader(
  c: { env: unknown; req: { header(name: string): string | undefined } },
  name: Lowercase<string>,
): string | undefined {
  // Tests hand `app.request` an `incoming` with only a socket (a client address): no headers.
  const headers = (c.env as { incoming?: Partial<IncomingMessage> } | undefined)?.incoming?.headers;
  if (!headers) return c.req.header(name);
  return nodeHeader(headers, name);
}

/** A header of Node's parsed headers, repeated ones joined as a Web `Headers` would. */
export function nodeHeader(
  headers: IncomingHttpHeaders,
  name: Lowercase<string>,
): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * The id a request goes by: the incoming `x-request-id` when it is well formed (so a trace spans
 * the load balancer and us), else a new UUID. The platform app's middleware and the gateway's
 * direct path both name their requests with it.
 */
export function requestIdOf(incoming: string | undefined): string {
  return incoming && REQUEST_ID_PATTERN.test(incoming) ? incoming : randomUUID();
}
