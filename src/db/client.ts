import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { acquireDataDirectoryLock } from './data-dir-lock.ts';

export { DataDirectoryLockedError } from './data-dir-lock.ts';

/**
 * The one way code talks to the database. Parameterised SQL only; `int8` columns come back as
 * `bigint` on both drivers so money never passes through a float.
 *
 * @example
 * const rows = await db.query<{ id: string }>('select id from accounts where ledger = $1', [1]);
 */
export interface Sql {
  /** Which server runs the statements: PGlite takes parameters as text only. */
  readonly kind: 'pglite' | 'postgres';
  query<Row extends object = Record<string, unknown>>(
    text: string,
    params?: readonly unknown[],
    options?: QueryOptions,
  ): Promise<Row[]>;
  /** Runs a script of several statements without parameters (migrations, fixtures). */
  exec(script: string): Promise<void>;
}

export interface QueryOptions {
  /**
   * Names the statement so a PostgreSQL connection parses it once and may reuse its plan (a
   * named prepared statement): for a hot statement, parsing is a good part of a small call's
   * time. One name per text. PGlite ignores it.
   */
  prepareAs?: string;
}

export interface Database extends Sql {
  /** Runs `work` in one transaction; commits when it resolves, rolls back when it throws. */
  transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** `postgres://…` for a server; undefined for embedded PGlite in `dataDir`. */
  databaseUrl?: string | undefined;
  /** PGlite data directory; `memory://` keeps everything in memory (tests). */
  dataDir?: string | undefined;
  /** Connection pool size for PostgreSQL. */
  poolSize?: number | undefined;
  /**
   * PGlite only: start from this data directory (a tarball of `dumpDataDir`) instead of an
   * empty one. Tests start every database from one migrated template: it skips initdb and the
   * migrations, which cost seconds per database.
   */
  loadDataDir?: Blob | undefined;
}

const INT8_OID = 20;
const parseInt8 = (value: string): bigint => BigInt(value);

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize ?? 10);
  return openPglite(options.dataDir ?? './data', options.loadDataDir);
}

/**
 * An embedded database's whole data directory as one uncompressed tarball, for
 * `OpenDatabaseOptions.loadDataDir`. PostgreSQL servers have `pg_dump` and template databases.
 */
export async function dumpPgliteDataDirectory(database: Database): Promise<Blob> {
  const dump = pgliteDumps.get(database);
  if (dump === undefined) throw new Error('dumpPgliteDataDirectory: not an embedded database');
  return dump();
}

const pgliteDumps = new WeakMap<Database, () => Promise<Blob>>();

async function openPglite(dataDir: string, loadDataDir: Blob | undefined): Promise<Database> {
  // One process at a time: see acquireDataDirectoryLock. In-memory databases are private.
  const release = dataDir.startsWith('memory://')
    ? () => undefined
    : acquireDataDirectoryLock(dataDir);
  let client: PGlite;
  try {
    client = await PGlite.create(dataDir, {
      parsers: { [INT8_OID]: parseInt8 },
      ...(loadDataDir === undefined ? {} : { loadDataDir }),
    });
  } catch (error) {
    release();
    throw error;
  }
  const run = async <Row extends object>(
    runner: Pick<PGlite, 'query'>,
    text: string,
    params?: readonly unknown[],
  ): Promise<Row[]> => (await runner.query<Row>(text, params as unknown[] | undefined)).rows;
  const database: Database = {
    kind: 'pglite',
    query: (text, params) => run(client, text, params),
    exec: async (script) => {
      await client.exec(script);
    },
    // PGlite has one connection; its transaction() holds an exclusive lock, so other queries
    // wait instead of interleaving with the open transaction.
    transaction: (work) =>
      client.transaction((tx) =>
        work({
          kind: 'pglite',
          query: (text, params) => run(tx, text, params),
          exec: async (script) => {
            await tx.exec(script);
          },
        }),
      ),
    close: async () => {
      try {
        await client.close();
      } finally {
        release();
      }
    },
  };
  pgliteDumps.set(database, () => client.dumpDataDir('none'));
  return database;
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
