import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { dumpPgliteDataDirectory, openDatabase } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';

/** The database every test database starts from: the schema of every migration, no rows. */
export const POSTGRES_TEMPLATE_DATABASE = 'suanli_migrated_template';

export interface DatabaseTemplates {
  /** An uncompressed tarball of a migrated PGlite data directory. */
  pgliteTemplatePath: string;
  remove: () => void;
}

/**
 * Migrates one database of each kind once per run; each test database is then a copy (PGlite
 * `loadDataDir`, PostgreSQL `create database … template`). A fresh PGlite runs initdb, which
 * on this 2-core machine costs 1–6 s per database, and the migrations another 0.6–2 s; the copy
 * costs well under that. Test databases still run `migrate` (it finds every migration applied),
 * and test/migrations*.test.ts migrate from empty databases of their own.
 */
export async function createDatabaseTemplates(
  postgresAdminUrl: string,
): Promise<DatabaseTemplates> {
  const directory = mkdtempSync(join(tmpdir(), 'suanli-template-'));
  const pgliteTemplatePath = join(directory, 'pglite-migrated.tar');
  const pglite = await openDatabase({ dataDir: 'memory://', pgliteThread: 'in-process' });
  try {
    await migrate(pglite);
    writeFileSync(pgliteTemplatePath, await dumpPgliteDataDirectory(pglite));
  } finally {
    await pglite.close();
  }
  await createPostgresTemplate(postgresAdminUrl);
  return { pgliteTemplatePath, remove: () => rmSync(directory, { recursive: true, force: true }) };
}

async function createPostgresTemplate(adminUrl: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${POSTGRES_TEMPLATE_DATABASE}`);
  } finally {
    await admin.end();
  }
  // Every connection to the template must be closed before databases are copied from it.
  const template = await openDatabase({
    databaseUrl: adminUrl.replace(/\/postgres$/, `/${POSTGRES_TEMPLATE_DATABASE}`),
    poolSize: 1,
  });
  try {
    await migrate(template);
  } finally {
    await template.close();
  }
}
