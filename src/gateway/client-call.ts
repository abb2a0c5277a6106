import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from 'hono';

/**
 * What a handler needs of the client's request. On @hono/node-server it reads the Node request
 * directly: touching the Web `Request`'s body or signal there builds a full Request with a
 * web stream over the socket, which cost about a quarter of a small call's CPU in the
 * benchmark. Elsewhere (in-process `app.request`) it falls back to the Web Request.
 */
export interface ClientCall {
  header: (name: string) => string | undefined;
  body: () => AsyncIterable<Uint8Array>;
  /** Runs `listener` once if the client goes away before the answer is complete. */
  onGone: (listener: () => void) => void;
}

interface NodeBindings {
  incoming?: IncomingMessage;
  outgoing?: ServerResponse;
}

export function clientCallOf(c: Context): ClientCall {
  const env = c.env as NodeBindings | undefined;
  const header = (name: string) => c.req.header(name);
  const incoming = env?.incoming;
  const outgoing = env?.outgoing;
  if (incoming && outgoing) {
    return {
      header,
      body: () => incoming,
      onGone: (listener) => {
        outgoing.once('close', () => {
          if (!outgoing.writableFinished) listener();
        });
      },
    };
  }
  const request = c.req.raw;
  return {
    header,
    body: () => (request.body ?? []) as unknown as AsyncIterable<Uint8Array>,
    onGone: (listener) => {
      request.signal.addEventListener('abort', listener, { once: true });
    },
  };
}
