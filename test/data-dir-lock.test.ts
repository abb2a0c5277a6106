import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/config.ts';
import { DataDirectoryLockedError, openDatabase } from '../src/db/client.ts';
import { LOCK_FILE_NAME } from '../src/db/data-dir-lock.ts';
import { startServer } from '../src/http/serve.ts';

/**
 * A PGlite data directory is one process's: while the server (or any other open) holds it, the
 * CLI and a second server refuse with a clear message instead of opening the same files; a lock
 * left by a process that died is taken over.
 */

const scratch = mkdtempSync(join(tmpdir(), 'suanli-lock-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function run(dataDir: string, ...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', ...args], {
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
const suanli = (dataDir: string, ...args: string[]) => run(dataDir, 'src/cli/main.ts', ...args);

const holderPid = (dataDir: string): unknown =>
  (JSON.parse(readFileSync(join(dataDir, LOCK_FILE_NAME), 'utf8')) as { pid: unknown }).pid;

describe('the PGlite data directory lock', () => {
  it('makes the CLI and a second server refuse while the server runs, and works after', async () => {
    const dataDir = join(scratch, 'served');
    const server = await startServer({
      config: loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', DEMO_DATA: 'false' }),
    });
    try {
      expect(holderPid(dataDir)).toBe(process.pid);
      for (const command of [['ledger', 'verify'], ['migrate']]) {
        const refused = suanli(dataDir, ...command);
        expect(refused.status, command.join(' ')).toBe(1);
        expect(refused.stderr).toContain(
          `suanli: the data directory ${dataDir} is in use by process ${process.pid}`,
        );
        expect(refused.stderr).not.toMatch(/\n\s+at /);
        expect(refused.stdout).not.toContain('ledger ok');
      }
      const secondServer = run(dataDir, 'src/main.ts', '--no-demo');
      expect(secondServer.status).toBe(1);
      expect(secondServer.stderr).toContain(
        `suanli: cannot start: the data directory ${dataDir} is in use by process ${process.pid}`,
      );
      // The server was not disturbed.
      const ready = await fetch(`http://127.0.0.1:${server.port}/readyz`);
      expect(ready.status).toBe(200);
    } finally {
      await server.stop();
    }
    expect(existsSync(join(dataDir, LOCK_FILE_NAME))).toBe(false);
    const after = suanli(dataDir, 'ledger', 'verify');
    expect(after.status, after.stderr).toBe(0);
    expect(after.stdout).toContain('ledger ok');
  }, 240_000);

  it('refuses a second open in the same process and keeps the first one’s lock', async () => {
    const dataDir = join(scratch, 'twice');
    const first = await openDatabase({ dataDir });
    try {
      await expect(openDatabase({ dataDir })).rejects.toBeInstanceOf(DataDirectoryLockedError);
      expect(holderPid(dataDir)).toBe(process.pid);
      expect(await first.query('select 1 as one')).toEqual([{ one: 1 }]);
    } finally {
      await first.close();
    }
    const again = await openDatabase({ dataDir });
    await again.close();
  }, 120_000);

  it('takes over a lock whose process is gone', async () => {
    const dataDir = join(scratch, 'stale');
    mkdirSync(dataDir, { recursive: true });
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(join(dataDir, LOCK_FILE_NAME), JSON.stringify({ pid: gone }));
    const db = await openDatabase({ dataDir });
    try {
      expect(holderPid(dataDir)).toBe(process.pid);
    } finally {
      await db.close();
    }
    expect(existsSync(join(dataDir, LOCK_FILE_NAME))).toBe(false);
  }, 120_000);
});
