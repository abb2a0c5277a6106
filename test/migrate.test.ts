import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { createTestPostgres } from './support/test-database.ts';

const scratch = mkdtempSync(join(tmpdir(), 'suanli-migrate-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('migrations', () => {
  it('apply once on PGlite, are a no-op the second time, and refuse an edited file', async () => {
    const directory = join(scratch, 'migrations');
    rmSync(directory, { recursive: true, force: true });
    mkdirSync(directory);
    writeFileSync(
      join(directory, '0001_a.sql'),
      'create table a (x int);\ncreate index a_x on a (x);',
    );
    writeFileSync(join(directory, '0002_b.sql'), 'create table b (y int);');
    const db = await openDatabase({ dataDir: 'memory://' });
    expect((await migrate(db, directory)).applied).toEqual(['0001_a.sql', '0002_b.sql']);
    expect(await migrate(db, directory)).toEqual({ applied: [], alreadyApplied: 2 });
    writeFileSync(join(directory, '0002_b.sql'), 'create table b (y bigint);');
    await expect(migrate(db, directory)).rejects.toThrow(/0002_b.sql was changed/);
    await db.close();
  });

  it('run the real schema unchanged on PostgreSQL, also from two processes at once', async () => {
    const postgres = await createTestPostgres(4);
    // createTestPostgres migrated already; two more concurrent runs must both be no-ops.
    const [first, second] = await Promise.all([migrate(postgres.db), migrate(postgres.db)]);
    expect(first.applied).toEqual([]);
    expect(second.applied).toEqual([]);
    await postgres.drop();
  });

  it('`suanli migrate` migrates the configured PGlite directory', () => {
    const dataDir = join(scratch, 'cli-data');
    const run = () =>
      spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'migrate'], {
        env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' },
        encoding: 'utf8',
      });
    const first = run();
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/applied 0000_init.sql/);
    const second = run();
    expect(second.stdout).toMatch(/^0 applied, \d+ already applied/m);
  });
});
