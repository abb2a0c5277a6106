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

let pgliteTemplate: Promise<Blob> | undefined;

/** A fresh, migrated in-memory PGlite database (a copy of the run's migrated template). */
export async function createTestPglite(): Promise<Database> {
  pgliteTemplate ??= readFile(inject('pgliteTemplatePath')).then((bytes) => new Blob([bytes]));
  const db = await openDatabase({ dataDir: 'memory://', loadDataDir: await pgliteTemplate });
  await migrate(db);
  return db;
}
