import type { IncomingMessage } from 'node:http';

/**
 * A request header by its lower-case name. On @hono/node-server it reads the headers Node has
 * already parsed: `c.req.header()` there builds a Web `Headers` of every header on first use,
 * which every model call paid for one header (docs/benchmarks.md#gateway). Elsewhere (the
 * in-process `app.request` of tests) it asks the Web Request.
 */
export function requestHeader(
  c: { env: unknown; req: { header(name: string): string | undefined } },
  name: Lowercase<string>,
): string | undefined {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (!incoming) return c.req.header(name);
  const value = incoming.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}
