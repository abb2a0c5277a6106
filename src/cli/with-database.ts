import { loadConfig } from '../config/config.ts';
import { openDatabase, type Database } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';

/** Opens the configured database (migrated), runs `work`, and always closes it. */
export async function withDatabase<T>(work: (db: Database) => Promise<T>): Promise<T> {
  const config = loadConfig(process.env);
  const db = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    poolSize: 4,
  });
  try {
    await migrate(db);
    return await work(db);
  } finally {
    await db.close();
  }
}
