// A worker thread that owns one PGlite instance (src/db/pglite-client.ts starts it): PGlite runs
// every statement as WebAssembly on its thread's event loop, and here that loop is not the
// server's. Messages in: `{ id, request }`; out: `{ id, ok, value | error }`, with id 0 for
// "opened" (or why not). The main thread holds the data directory's lock.
import { parentPort, workerData } from 'node:worker_threads';
import { openPgliteEngine, serializeError } from './pglite-engine.mjs';

const port = parentPort;
if (!port) throw new Error('pglite-worker.mjs runs as a worker thread');

/** @param {number} id @param {import('./pglite-engine.d.mts').EngineReply} reply */
function send(id, reply) {
  try {
    port.postMessage({ id, ...reply });
  } catch (error) {
    // A value the clone cannot carry: the caller gets an error instead of waiting for ever.
    port.postMessage({ id, ok: false, error: serializeError(error) });
  }
}

try {
  const { dataDir, start } = /** @type {{ dataDir: string; start: any }} */ (workerData);
  const engine = await openPgliteEngine(dataDir, start);
  port.on('message', (/** @type {{ id: number; request: any }} */ { id, request }) => {
    void engine.handle(request).then((reply) => {
      send(id, reply);
      // Closed: let the thread end once the reply is out.
      if (request.op === 'close' && reply.ok) port.close();
    });
  });
  send(0, { ok: true, value: undefined });
} catch (error) {
  send(0, { ok: false, error: serializeError(error) });
  port.close();
}
