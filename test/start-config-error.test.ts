import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * `npm start` with a bad environment variable: the operator's mistake, said in a few lines that
 * name every bad variable, exit 1, no stack trace, and nothing created (the refusal comes before
 * the data directory is opened).
 */

const scratch = mkdtempSync(join(tmpdir(), 'suanli-config-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('starting with an invalid configuration', () => {
  it('names every bad variable in one message, exits 1, and touches nothing', () => {
    const dataDir = join(scratch, 'data');
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        DATABASE_URL: '',
        PORT: 'eighty',
        SUANLI_DEMO_API_KEY: 'sk-suanli-too-short',
      },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(result.status, result.stderr).toBe(1);
    expect(result.stderr).toMatch(/^suanli: cannot start: invalid configuration:\n/);
    expect(result.stderr).toContain('PORT');
    expect(result.stderr).toContain('SUANLI_DEMO_API_KEY: sk-suanli- and 43 base64url characters');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(dataDir)).toBe(false);
  }, 150_000);
});
