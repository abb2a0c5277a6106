import type { ServerResponse } from 'node:http';

/**
 * What a gateway handler answers: a status, headers and a body, written either as a Web
 * `Response` (the `/v1` Hono app: `answerResponse`) or straight to Node's response (the model
 * calls' direct path: `writeAnswer`), so neither way pays for the other's objects.
 */
export interface GatewayAnswer {
  status: number;
  headers: Record<string, string>;
  /** The whole body, or the events of a stream as they come. */
  body: string | ReadableStream<Uint8Array>;
}

export function answerResponse(answer: GatewayAnswer): Response {
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}

/**
 * Writes an answer to Node's response. A stream is written chunk by chunk as it comes (each
 * event reaches the client at once); if the client goes away first, the stream is cancelled,
 * which stops the upstream and bills what was delivered (`relayStream`).
 */
export function writeAnswer(response: ServerResponse, answer: GatewayAnswer): Promise<void> {
  if (typeof answer.body === 'string') {
    response.writeHead(answer.status, {
      ...answer.headers,
      'content-length': String(Buffer.byteLength(answer.body)),
    });
    response.end(answer.body);
    return Promise.resolve();
  }
  response.writeHead(answer.status, answer.headers);
  response.flushHeaders();
  return pump(answer.body.getReader(), response);
}

async function pump(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  response: ServerResponse,
): Promise<void> {
  response.once('close', () => {
    if (!response.writableFinished) reader.cancel().catch(() => undefined);
  });
  try {
    for (;;) {
      const next = await reader.read();
      // The client went away (the stream was cancelled above).
      if (response.destroyed) return;
      if (next.done) {
        response.end();
        return;
      }
      if (!response.write(next.value)) await drained(response);
    }
  } catch (error) {
    // The stream failed (the relay turns the upstream's failures into an error event, so this is
    // unexpected): the client sees the connection cut rather than a stream that looks complete.
    response.destroy(error instanceof Error ? error : new Error(String(error)));
  }
}

/** Resolves once the socket takes more, or the client has gone (then `pump` stops). */
function drained(response: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      response.off('drain', done);
      response.off('close', done);
      resolve();
    };
    response.once('drain', done);
    response.once('close', done);
  });
}
