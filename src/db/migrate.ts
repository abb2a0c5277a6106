import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './client.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
// Any constant works; it only has to be the same in every process that migrates.
const MIGRATION_LOCK_KEY = 7_301_955;

export interface MigrationResult {
  applied: string[];
  alreadyApplied: number;
}

/**
 * Applies every `src/db/migrations/NNNN_name.sql` not applied yet, each in its own
 * transaction, in file-name order. An advisory lock makes concurrent starts of several
 * processes safe; a changed checksum of an applied file is refused rather than ignored.
 */
export async function migrate(
  db: Database,
  directory: string = MIGRATIONS_DIR,
): Promise<MigrationResult> {
  const files = (await readdir(directory)).filter((name) => name.endsWith('.sql')).sort();
  await db.query(`create table if not exists schema_migrations (
    name text primary key, checksum text not null, applied_at timestamptz not null default now())`);
  return db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    const appliedRows = await tx.query<{ name: string; checksum: string }>(
      'select name, checksum from schema_migrations',
    );
    const applied = new Map(appliedRows.map((row) => [row.name, row.checksum]));
    const result: MigrationResult = { applied: [], alreadyApplied: 0 };
    for (const name of files) {
      const text = await readFile(join(directory, name), 'utf8');
      const checksum = createHash('sha256').update(text).digest('hex');
      const previous = applied.get(name);
      if (previous !== undefined) {
        if (previous !== checksum) {
          throw new Error(`migration ${name} was changed after it was applied; add a new one`);
        }
        result.alreadyApplied += 1;
        continue;
      }
      await tx.exec(text);
      await tx.query('insert into schema_migrations (name, checksum) values ($1, $2)', [
        name,
        checksum,
      ]);
      result.applied.push(name);
    }
    return result;
  });
}
