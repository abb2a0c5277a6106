import type { Command } from 'commander';
import { loadConfig } from '../../config/config.ts';
import { openDatabase } from '../../db/client.ts';
import { migrate } from '../../db/migrate.ts';

export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations (also done at every start)')
    .action(async () => {
      const config = loadConfig(process.env);
      const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
      try {
        const result = await migrate(db);
        for (const name of result.applied) console.log(`applied ${name}`);
        console.log(`${result.applied.length} applied, ${result.alreadyApplied} already applied`);
      } finally {
        await db.close();
      }
    });
}
