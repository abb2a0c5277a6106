// The PGlite side of `src/db/pglite-client.ts`: one PGlite instance answering requests (query,
// exec, a transaction's begin and end, close) with replies that survive a structured clone.
// Plain JavaScript so that a worker thread loads it as it is, under tsx, vitest and bare Node
// alike; `openPgliteEngine` is also what the in-process adapter calls directly, so both adapters
// run the very same code for rows, parameters, transactions and errors. Types: pglite-engine.d.mts.
import { PGlite } from '@electric-sql/pglite';

const INT8_OID = 20;
/** Money columns are int8: they come back as bigint, never through a float. */
const parsers = { [INT8_OID]: (/** @type {string} */ value) => BigInt(value) };

/** What `end` gives PGlite's transaction to reject with, so that it rolls back; never reported. */
const ROLLBACK = Symbol('rollback requested');

/**
 * Own fields of an error that a structured clone carries (PostgreSQL's `code`, `detail`,
 * `constraint`, `table`, …): the clone itself keeps only `message` and `stack` of an Error.
 * @param {unknown} value
 */
function cloneable(value) {
  if (value === null || typeof value !== 'object') return typeof value !== 'function';
  try {
    structuredClone(value);
    return true;
  } catch {
    return false;
  }
}

/** @param {unknown} error @returns {import('./pglite-engine.d.mts').SerializedError} */
export function serializeError(error) {
  if (!(error instanceof Error)) {
    return { name: 'Error', message: String(error), stack: undefined, fields: {} };
  }
  /** @type {Record<string, unknown>} */
  const fields = {};
  for (const [key, value] of Object.entries(error)) {
    if (cloneable(value)) fields[key] = value;
  }
  return { name: error.name, message: error.message, stack: error.stack, fields };
}

/**
 * @param {string} dataDir
 * @param {import('./pglite-engine.d.mts').PgliteStart} [start]
 * @returns {Promise<import('./pglite-engine.d.mts').PgliteEngine>}
 */
export async function openPgliteEngine(dataDir, start = {}) {
  const load = start.loadDataDir;
  const client = await PGlite.create(dataDir, {
    parsers,
    ...(load === undefined ? {} : { loadDataDir: new Blob([load]) }),
  });
  /**
   * Transactions by the id the caller chose, registered as soon as `begin` arrives: the caller
   * sends its statements without waiting for the BEGIN (a message hop less per transaction), and
   * they wait here until it is open. `ready` rejects when it could not open.
   */
  const transactions = new Map();

  /** @param {number | undefined} tx */
  const runnerOf = async (tx) => {
    if (tx === undefined) return client;
    const open = transactions.get(tx);
    if (!open) throw new Error(`PGlite: transaction ${tx} is not open`);
    await open.ready;
    return open.sql;
  };

  // PGlite's transaction() holds its exclusive lock until `work` settles: statements of other
  // callers wait meanwhile, as they did when PGlite ran in the caller's thread. Here `work`
  // settles when the caller sends `end`.
  /** @param {number} tx @returns {Promise<void>} */
  const begin = (tx) => {
    const open = { sql: undefined, commit: undefined, rollBack: undefined, outcome: undefined };
    open.ready = new Promise((opened, notOpened) => {
      open.outcome = client.transaction(
        (sql) =>
          new Promise((commit, rollBack) => {
            Object.assign(open, { sql, commit, rollBack });
            opened();
          }),
      );
      // A BEGIN that fails rejects `ready`; once open, `end` reports the outcome.
      open.outcome.catch(notOpened);
    });
    open.ready.catch(() => undefined); // reported to whoever uses the transaction
    transactions.set(tx, open);
    return open.ready;
  };

  /** @param {number} tx @param {boolean} commit */
  const end = async (tx, commit) => {
    const open = transactions.get(tx);
    if (!open) throw new Error(`PGlite: transaction ${tx} is not open`);
    transactions.delete(tx);
    await open.ready;
    if (commit) open.commit();
    else open.rollBack(ROLLBACK);
    try {
      await open.outcome;
    } catch (error) {
      if (error !== ROLLBACK) throw error;
    }
  };

  /** @param {import('./pglite-engine.d.mts').EngineRequest} request */
  const perform = async (request) => {
    switch (request.op) {
      case 'query': {
        const runner = await runnerOf(request.tx);
        if (request.copyFrom === undefined) {
          return (await runner.query(request.text, request.params)).rows;
        }
        // PGlite reads a COPY's input from this Blob (its '/dev/blob').
        const blob = new Blob([request.copyFrom]);
        return (await runner.query(request.text, request.params, { blob })).rows;
      }
      case 'exec':
        await (await runnerOf(request.tx)).exec(request.script);
        return undefined;
      case 'begin':
        return begin(request.tx);
      case 'end':
        return end(request.tx, request.commit);
      case 'dump':
        // Uncompressed: a test template is loaded many times and unpacked faster than gunzipped.
        return new Uint8Array(await (await client.dumpDataDir('none')).arrayBuffer());
      case 'close':
        await client.close();
        return undefined;
    }
  };

  return {
    handle: async (request) => {
      try {
        return { ok: true, value: await perform(request) };
      } catch (error) {
        return { ok: false, error: serializeError(error) };
      }
    },
  };
}
