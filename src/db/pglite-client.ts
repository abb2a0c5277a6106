import { Worker } from 'node:worker_threads';
import type { Database, QueryOptions, Sql, WorkerScheduling } from './sql.ts';
import {
  openPgliteEngine,
  type EngineReply,
  type EngineRequest,
  type PgliteStart,
  type SerializedError,
} from './pglite-engine.mjs';

/**
 * How requests reach the PGlite engine (src/db/pglite-engine.mjs): a direct call in this thread,
 * or messages to a worker thread that owns the instance. Everything else — rows, parameters,
 * transactions, errors — is the engine's and `pgliteDatabase`'s, the same for both.
 */
export interface EngineTransport {
  request(request: EngineRequest): Promise<EngineReply>;
  /** Closes the database and ends the transport; rejects when PGlite could not close. */
  close(): Promise<void>;
}

/** The engine on this thread: each statement runs on this event loop. */
export async function inProcessTransport(
  dataDir: string,
  start: PgliteStart = {},
): Promise<EngineTransport> {
  const engine = await openPgliteEngine(dataDir, start);
  return {
    request: (request) => engine.handle(request),
    close: async () => {
      const reply = await engine.handle({ op: 'close' });
      if (!reply.ok) throw rebuildError(reply.error);
    },
  };
}

/** Raised for every request still waiting, or sent after, when the worker thread has died. */
export class DatabaseWorkerExitedError extends Error {
  override readonly name = 'DatabaseWorkerExitedError';
}

type Settle = (reply: EngineReply) => void;

/**
 * How low the worker thread runs (src/db/pglite-worker.mjs): 'low', nice 10, or 'idle', Linux's
 * SCHED_IDLE (any other thread that wakes preempts a statement at once: a lower gateway tail on a
 * machine of its own; the database starves while other processes saturate the machine).
 */
export type PgliteWorkerPriority = 'idle' | 'low';

/**
 * The engine in a worker thread of its own (pglite-worker.mjs), so PGlite's WebAssembly runs off
 * this event loop. The worker is unreferenced while no request waits, so a process that holds
 * an idle database can still exit; referenced while one does, so awaiting a statement keeps the
 * process alive. `worker` is exposed for diagnostics and the adapter's crash test.
 */
export async function workerTransport(
  dataDir: string,
  start: PgliteStart = {},
  priority: PgliteWorkerPriority = 'low',
): Promise<{ transport: EngineTransport; worker: Worker; scheduling: WorkerScheduling }> {
  // The worker file is plain JavaScript: no loader (tsx, vitest) is needed, so none is passed.
  const worker = new Worker(new URL('./pglite-worker.mjs', import.meta.url), {
    workerData: { dataDir, start, priority },
    execArgv: [],
  });
  const waiting = new Map<number, { settle: Settle; fail: (error: Error) => void }>();
  let nextId = 1;
  let exited: Error | undefined;

  const failAll = (error: Error): void => {
    exited ??= error;
    for (const { fail } of waiting.values()) fail(error);
    waiting.clear();
  };
  worker.on('message', ({ id, ...reply }: { id: number } & EngineReply) => {
    const entry = waiting.get(id);
    if (!entry) return;
    waiting.delete(id);
    if (waiting.size === 0) worker.unref();
    entry.settle(reply);
  });
  worker.on('error', (error) => {
    failAll(new DatabaseWorkerExitedError(`PGlite worker failed: ${error.message}`));
  });
  worker.on('exit', (code) => {
    failAll(new DatabaseWorkerExitedError(`PGlite worker exited (code ${code})`));
  });

  const send = (id: number, request: EngineRequest | undefined): Promise<EngineReply> => {
    if (exited) return Promise.reject(exited);
    return new Promise<EngineReply>((settle, fail) => {
      if (waiting.size === 0) worker.ref();
      waiting.set(id, { settle, fail });
      try {
        if (request) worker.postMessage({ id, request });
      } catch (error) {
        // A parameter the structured clone cannot carry (a function, a symbol): nothing was sent.
        waiting.delete(id);
        if (waiting.size === 0) worker.unref();
        fail(error instanceof Error ? error : new Error(String(error)));
      }
    });
  };

  // Id 0 is the worker's "opened" (or why not).
  const opened = await send(0, undefined);
  if (!opened.ok) {
    await worker.terminate();
    throw rebuildError(opened.error);
  }
  const transport: EngineTransport = {
    request: (request) => send(nextId++, request),
    close: async () => {
      const reply = await send(nextId++, { op: 'close' });
      exited ??= new DatabaseWorkerExitedError('PGlite worker: the database is closed');
      if (!reply.ok) {
        await worker.terminate();
        throw rebuildError(reply.error);
      }
      await worker.terminate();
    },
  };
  const { scheduling } = opened.value as { scheduling: WorkerScheduling };
  return { transport, worker, scheduling };
}

/**
 * The error PGlite raised, rebuilt: an `Error` with the same name, message and the fields
 * callers read (`code` such as '23505', `detail`, `constraint`, …). Its stack is the engine's.
 */
export function rebuildError(serialized: SerializedError): Error {
  const error = new Error(serialized.message);
  error.name = serialized.name;
  Object.assign(error, serialized.fields);
  if (serialized.stack !== undefined) error.stack = serialized.stack;
  return error;
}

/**
 * A `Database` on a PGlite engine. PGlite has one connection: a transaction holds it
 * exclusively, and other statements wait in the engine until it ends.
 */
export function pgliteDatabase(
  transport: EngineTransport,
  releaseLock: () => void,
  blocksEventLoop: boolean,
  workerScheduling?: WorkerScheduling,
): Database {
  const call = async (request: EngineRequest): Promise<unknown> => {
    const reply = await transport.request(request);
    if (!reply.ok) throw rebuildError(reply.error);
    return reply.value;
  };
  const sqlOf = (tx: number | undefined): Sql => ({
    kind: 'pglite',
    blocksEventLoop,
    query: async <Row extends object>(
      text: string,
      params?: readonly unknown[],
      options?: QueryOptions,
    ) => (await call({ op: 'query', text, params, tx, copyFrom: options?.copyFrom })) as Row[],
    exec: async (script) => {
      await call({ op: 'exec', script, tx });
    },
  });
  let nextTransaction = 1;
  const database: Database = {
    ...sqlOf(undefined),
    ...(workerScheduling === undefined ? {} : { pgliteWorkerScheduling: workerScheduling }),
    transaction: async (work) => {
      const tx = nextTransaction++;
      // Not awaited: the engine keeps the order of requests, and the transaction's statements
      // wait there for the BEGIN (a failed BEGIN is their error, and `end`'s).
      call({ op: 'begin', tx }).catch(() => undefined);
      let result;
      try {
        result = await work(sqlOf(tx));
      } catch (error) {
        // The caller's error is the one worth reporting; a failed rollback means the engine is
        // gone, and the next statement says so.
        await call({ op: 'end', tx, commit: false }).catch(() => undefined);
        throw error;
      }
      await call({ op: 'end', tx, commit: true });
      return result;
    },
    close: async () => {
      try {
        await transport.close();
      } finally {
        releaseLock();
      }
    },
  };
  pgliteDumps.set(database, async () => (await call({ op: 'dump' })) as Uint8Array);
  return database;
}

const pgliteDumps = new WeakMap<Database, () => Promise<Uint8Array>>();

/**
 * An embedded database's whole data directory as one uncompressed tarball, for
 * `OpenDatabaseOptions.loadDataDir`. PostgreSQL servers have `pg_dump` and template databases.
 */
export async function dumpPgliteDataDirectory(database: Database): Promise<Uint8Array> {
  const dump = pgliteDumps.get(database);
  if (dump === undefined) throw new Error('dumpPgliteDataDirectory: not an embedded database');
  return dump();
}
