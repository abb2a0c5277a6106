import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';
import { POSTGRES_TEMPLATE_DATABASE } from './database-templates.ts';

export interface TestPostgres {
  db: Database;
  url: string;
  /** A superuser connection for fault injection (terminating backends, tampering). */
  admin: () => Promise<pg.Client>;
  drop: () => Promise<void>;
}

/** A fresh, migrated database in the run's PostgreSQL cluster (a copy of the migrated template). */
export async function createTestPostgres(poolSize = 20): Promise<TestPostgres> {
  const adminUrl = inject('postgresAdminUrl');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name} template ${POSTGRES_TEMPLATE_DATABASE}`);
  await admin.end();
  const url = adminUrl.replace(/\/postgres$/, `/${name}`);
  const db = await openDatabase({ databaseUrl: url, poolSize });
  await migrate(db);
  return {
    db,
    url,
    admin: async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      return client;
    },
    drop: async () => {
      await db.close();
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

let pgliteTemplate: Promise<Uint8Array> | undefined;

/**
 * A fresh, migrated in-memory PGlite database, on the test's own thread unless `thread` says
 * 'worker' (for tests of what crosses to the worker). The server runs PGlite in a worker
 * thread; the tests' databases stay in-process because a message hop per statement
 * made a statement-heavy file much slower (test/ledger-model.test.ts, interleaved runs at load
 * 5.5–7: worker 81 s and 94 s, in-process 52 s and 55 s; docs/benchmarks.md#gateway). Both run
 * the same engine;
 * test/db-pglite-worker.test.ts checks the two alike, and every test that starts the server
 * runs the worker.
 */
export async function createTestPglite(
  thread: 'in-process' | 'worker' = 'in-process',
): Promise<Database> {
  pgliteTemplate ??= readFile(inject('pgliteTemplatePath'));
  const db = await openDatabase({
    dataDir: 'memory://',
    pgliteThread: thread,
    // A copy of the run's migrated template (database-templates.ts); `migrate` then finds
    // every migration applied.
    loadDataDir: await pgliteTemplate,
  });
  await migrate(db);
  return db;
}
