import pg from 'pg';
import { acquireDataDirectoryLock } from './data-dir-lock.ts';
import type { PgliteStart } from './pglite-engine.mjs';
import type { Database, QueryOptions } from './sql.ts';
import {
  inProcessTransport,
  pgliteDatabase,
  workerTransport,
  type PgliteWorkerPriority,
} from './pglite-client.ts';

export { dumpPgliteDataDirectory } from './pglite-client.ts';
export type { PgliteWorkerPriority } from './pglite-client.ts';

export { DataDirectoryLockedError } from './data-dir-lock.ts';

export type { Database, QueryOptions, Sql } from './sql.ts';

export interface OpenDatabaseOptions {
  /** `postgres://…` for a server; undefined for embedded PGlite in `dataDir`. */
  databaseUrl?: string | undefined;
  /** PGlite data directory; `memory://` keeps everything in memory (tests). */
  dataDir?: string | undefined;
  /** Connection pool size for PostgreSQL. */
  poolSize?: number | undefined;
  /**
   * Where embedded PGlite runs its statements (WebAssembly, synchronous): 'worker' (default), a
   * worker thread of its own, so a statement never holds this event loop (the gateway's tail
   * latency, docs/benchmarks.md#gateway); 'in-process', this thread, a message hop less per
   * statement. Both run the same engine (src/db/pglite-engine.mjs).
   */
  pgliteThread?: PgliteThread | undefined;
  /** How low PGlite's worker thread runs (default 'low': nice 10); see `PgliteWorkerPriority`. */
  pgliteWorkerPriority?: PgliteWorkerPriority | undefined;
  /**
   * PGlite only: start from this data directory (an uncompressed tarball from
   * `dumpPgliteDataDirectory`) instead of an empty one. Tests start every database from one
   * migrated template: it skips initdb and the migrations, which cost seconds per database.
   */
  loadDataDir?: Uint8Array | undefined;
}

export type PgliteThread = 'worker' | 'in-process';

// The int8 parser of PGlite is in pglite-engine.mjs.
const INT8_OID = 20;
const parseInt8 = (value: string): bigint => BigInt(value);

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize ?? 10);
  return openPglite(
    options.dataDir ?? './data',
    options.pgliteThread ?? 'worker',
    { loadDataDir: options.loadDataDir },
    options.pgliteWorkerPriority ?? 'low',
  );
}

async function openPglite(
  dataDir: string,
  thread: PgliteThread,
  start: PgliteStart,
  priority: PgliteWorkerPriority,
): Promise<Database> {
  // One process at a time: see acquireDataDirectoryLock. In-memory databases are private.
  const release = dataDir.startsWith('memory://')
    ? () => undefined
    : acquireDataDirectoryLock(dataDir);
  try {
    if (thread === 'in-process') {
      return pgliteDatabase(await inProcessTransport(dataDir, start), release, true);
    }
    const { transport, scheduling } = await workerTransport(dataDir, start, priority);
    return pgliteDatabase(transport, release, false, scheduling);
  } catch (error) {
    release();
    throw error;
  }
}

// pg's per-pool type table: int8 → bigint here, every other type as pg parses it by default.
const getPostgresTypeParser = ((oid: number, format?: string) =>
  oid === INT8_OID
    ? parseInt8
    : (pg.types.getTypeParser as (oid: number, format?: string) => unknown)(
        oid,
        format,
      )) as typeof pg.types.getTypeParser;

function openPostgres(databaseUrl: string, poolSize: number): Database {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: poolSize,
    types: { getTypeParser: getPostgresTypeParser },
  });
  // An idle client that loses its connection (server restart, pg_terminate_backend) emits
  // 'error' on the pool; without a listener Node would crash the process.
  pool.on('error', () => undefined);
  const run = async <Row extends object>(
    runner: pg.Pool | pg.PoolClient,
    text: string,
    params?: readonly unknown[],
    options?: QueryOptions,
  ): Promise<Row[]> => {
    if (options?.copyFrom !== undefined) throw new Error('copyFrom: embedded PGlite only');
    const values = params as unknown[] | undefined;
    const config = options?.prepareAs
      ? { name: options.prepareAs, text, values }
      : { text, values };
    return (await runner.query<Row & pg.QueryResultRow>(config)).rows;
  };
  return {
    kind: 'postgres',
    query: (text, params, options) => run(pool, text, params, options),
    // Without parameters pg uses the simple-query protocol, which accepts several statements.
    exec: async (script) => {
      await pool.query(script);
    },
    transaction: async (work) => {
      const client = await pool.connect();
      let broken: Error | undefined;
      // While checked out the pool no longer listens for the client's errors; a backend that
      // dies between two statements (pg_terminate_backend, server restart) would otherwise
      // emit an unhandled 'error' and crash the process. The next query then rejects.
      const onError = (error: Error): void => {
        broken = error;
      };
      client.on('error', onError);
      try {
        await client.query('begin');
        const result = await work({
          kind: 'postgres',
          query: (text, params, options) => run(client, text, params, options),
          exec: async (script) => {
            await client.query(script);
          },
        });
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch((rollbackError: unknown) => {
          broken =
            rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
        });
        throw error;
      } finally {
        // A connection whose rollback failed is dead; destroy it instead of reusing it.
        client.removeListener('error', onError);
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}
