// A worker thread that owns one PGlite instance (src/db/pglite-client.ts starts it): PGlite runs
// every statement as WebAssembly on its thread's event loop, and here that loop is not the
// server's. Messages in: `{ id, request }`; out: `{ id, ok, value | error }`, with id 0 for
// "opened" (or why not). The main thread holds the data directory's lock.
import { execFileSync } from 'node:child_process';
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { openPgliteEngine, serializeError } from './pglite-engine.mjs';

/**
 * This thread's niceness when it runs at 'low' priority (or 'idle' is not to be had). The
 * database's work is the gateway's settlement rounds and the console's queries; the server's
 * event loop carries every model call in flight. On a machine with few cores a round (~12 ms of
 * WebAssembly for 100 usage records and a lease's transfers) took the core a call needed and
 * tripled the gateway's p99 (docs/benchmarks.md#gateway): at nice 10 the scheduler gives the
 * calls most of the CPU and the round the rest.
 */
const WORKER_NICENESS = 10;

/**
 * Lowers this thread's priority; Linux only (a thread has its own id there), elsewhere the thread
 * keeps the process's. 'idle' asks for SCHED_IDLE through util-linux's `chrt` (Node has no call
 * for it): Linux then preempts this thread at once for any other thread that wakes, and counts its
 * core as free when it places one, so a call that arrives during a round runs at once instead of
 * queueing behind the round's slice, as it can at nice 10 (docs/benchmarks.md#gateway). The cost:
 * the database gets a core only when no normal thread wants it, so on a machine other processes
 * saturate it all but stops (why 'low' is the default). Without `chrt`, or not allowed, the
 * thread runs at nice 10. Returns what it got: 'idle', 'low' or 'normal'.
 *
 * @param {'idle' | 'low'} wanted
 * @returns {'idle' | 'low' | 'normal'}
 */
function lowerThreadPriority(wanted) {
  let threadId;
  try {
    threadId = Number(readlinkSync('/proc/thread-self').split('/').at(-1));
  } catch {
    // No /proc/thread-self: not Linux.
    return 'normal';
  }
  if (!Number.isInteger(threadId) || threadId <= 0) return 'normal';
  if (wanted === 'idle') {
    try {
      execFileSync('chrt', ['--idle', '--pid', '0', String(threadId)], {
        stdio: 'ignore',
        timeout: 5_000,
      });
      return 'idle';
    } catch {
      // No chrt, or not permitted: nice 10 below.
    }
  }
  try {
    setPriority(threadId, WORKER_NICENESS);
    return 'low';
  } catch {
    return 'normal';
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

const { dataDir, start, priority } =
  /** @type {{ dataDir: string; start: any; priority: 'idle' | 'low' }} */ (workerData);
const scheduling = lowerThreadPriority(priority);
try {
  const engine = await openPgliteEngine(dataDir, start);
  port.on('message', (/** @type {{ id: number; request: any }} */ { id, request }) => {
    void engine.handle(request).then((reply) => {
      send(id, reply);
      // Closed: let the thread end once the reply is out.
      if (request.op === 'close' && reply.ok) port.close();
    });
  });
  send(0, { ok: true, value: { scheduling } });
} catch (error) {
  send(0, { ok: false, error: serializeError(error) });
  port.close();
}
