// A worker thread that owns one PGlite instance (src/db/pglite-client.ts starts it): PGlite runs
// every statement as WebAssembly on its thread's event loop, and here that loop is not the
// server's. Messages in: `{ id, request }`; out: `{ id, ok, value | error }`, with id 0 for
// "opened" (or why not). The main thread holds the data directory's lock.
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { openPgliteEngine, serializeError } from './pglite-engine.mjs';

/**
 * This thread's niceness. The database's work is the gateway's settlement rounds and the
 * console's queries; the server's event loop carries every model call in flight. On a machine
 * with few cores a round (~15 ms of WebAssembly for 100 usage records and a lease's transfers)
 * took the core a call needed and tripled the gateway's p99 (docs/benchmarks.md#gateway): at
 * nice 10 the scheduler runs the calls first and the round in the time left over.
 */
const WORKER_NICENESS = 10;

/** Lowers this thread's priority: Linux only (a thread has its own id there); else nothing. */
function lowerThreadPriority() {
  try {
    const threadId = Number(readlinkSync('/proc/thread-self').split('/').at(-1));
    if (Number.isInteger(threadId) && threadId > 0) setPriority(threadId, WORKER_NICENESS);
  } catch {
    // No /proc/thread-self (macOS, Windows) or no permission: the thread keeps the process's.
  }
}

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

lowerThreadPriority();
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
