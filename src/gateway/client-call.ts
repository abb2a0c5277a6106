import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from 'hono';
import { nodeHeader, requestHeader } from './request-header.ts';

/**
 * What a handler needs of the client's request. On @hono/node-server it reads the Node request
 * directly: touching the Web `Request`'s body or signal there builds a full Request with a
 * web stream over the socket, which cost about a quarter of a small call's CPU in the
 * benchmark. Elsewhere (in-process `app.request`) it falls back to the Web Request.
 */
export interface ClientCall {
  header: (name: Lowercase<string>) => string | undefined;
  /**
   * The body as UTF-8 text, or null once it passes `maxBytes` (counted as the bytes arrive,
   * whatever Content-Length says; the rest is not read).
   */
  text: (maxBytes: number) => Promise<string | null>;
  /** Runs `listener` once if the client goes away before the answer is complete. */
  onGone: (listener: () => void) => void;
}

interface NodeBindings {
  incoming?: IncomingMessage;
  outgoing?: ServerResponse;
}

export function clientCallOf(c: Context): ClientCall {
  const env = c.env as NodeBindings | undefined;
  const incoming = env?.incoming;
  const outgoing = env?.outgoing;
  // Tests hand `app.request` an `incoming` with only a socket (a client address): no headers.
  if (incoming?.headers && outgoing) return nodeClientCall(incoming, outgoing);
  const request = c.req.raw;
  return {
    header: (name) => requestHeader(c, name),
    text: (maxBytes) =>
      iterableText((request.body ?? []) as unknown as AsyncIterable<Uint8Array>, maxBytes),
    onGone: (listener) => {
      request.signal.addEventListener('abort', listener, { once: true });
    },
  };
}

/** The client's request as Node received it (the model calls' direct path, or @hono/node-server). */
export function nodeClientCall(incoming: IncomingMessage, outgoing: ServerResponse): ClientCall {
  return {
    header: (name) => nodeHeader(incoming.headers, name),
    text: (maxBytes) => incomingText(incoming, maxBytes),
    onGone: (listener) => {
      outgoing.once('close', () => {
        if (!outgoing.writableFinished) listener();
      });
    },
  };
}

/**
 * Node's request body by its events: an async iterator over the request (what `for await`
 * makes) allocated about 3 KB per call for a body that arrives in one chunk. Past `maxBytes`
 * the request is destroyed, as leaving a `for await` early does.
 */
function incomingText(incoming: IncomingMessage, maxBytes: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const onData = (chunk: Buffer): void => {
      total += chunk.byteLength;
      if (total > maxBytes) {
        cleanUp();
        incoming.destroy();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanUp();
      const [only] = chunks;
      const whole = chunks.length === 1 && only ? only : Buffer.concat(chunks);
      resolve(whole.toString('utf8'));
    };
    const onError = (error: Error): void => {
      cleanUp();
      reject(error);
    };
    const cleanUp = (): void => {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onError);
    };
    incoming.on('data', onData);
    incoming.once('end', onEnd);
    incoming.once('error', onError);
  });
}

async function iterableText(
  body: AsyncIterable<Uint8Array>,
  maxBytes: number,
): Promise<string | null> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of body) {
    total += chunk.byteLength;
    if (total > maxBytes) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
