import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { approvedGrant } from './support/claim-fixtures.ts';
import { publishPrograms, registerHangzhouSme } from './vouchers-support.ts';

const dir = mkdtempSync(join(tmpdir(), 'suanli-vouchers-cli-'));
const dataDir = join(dir, 'data');

function suanli(...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(async () => {
  // One ¥12,345.67 grant of Hangzhou's program expiring at the end of 2025-08-31.
  const db = await openDatabase({ dataDir });
  await migrate(db);
  await publishPrograms(db);
  const enterpriseId = await registerHangzhouSme(db);
  await approvedGrant(db, {
    enterpriseId,
    requestedFen: 1_234_567n,
    purpose: 'cli',
    expiresOn: '2025-08-31',
  });
  await db.close();
}, 120_000);
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('suanli vouchers', () => {
  it('shows the budget, runs the expiry job once, and refuses an unknown program', () => {
    const before = suanli('vouchers', 'budget', 'hangzhou-city-compute');
    expect(before.status).toBe(0);
    expect(before.stdout).toMatch(/committed\s+1234567 fen {2}¥12,345\.67/u);
    const early = suanli('vouchers', 'expire', '--at', '2025-08-20T00:00:00Z');
    expect(early.stdout.trim()).toBe('2 warnings written, 0 grants expired, ¥0.00 back to budgets');
    const due = suanli('vouchers', 'expire', '--at', '2025-09-01T00:00:00Z');
    expect(due.stdout.trim()).toBe(
      '2 warnings written, 1 grants expired, ¥12,345.67 back to budgets',
    );
    const after = suanli('vouchers', 'budget', 'hangzhou-city-compute');
    expect(after.stdout).toMatch(/committed\s+0 fen/u);
    expect(after.stdout).toMatch(/remaining\s+25000000000 fen/u);
    const unknown = suanli('vouchers', 'budget', 'no-such-program');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('no-such-program');
    expect(suanli('vouchers', 'expire', '--at', 'soon').status).toBe(1);
    const future = suanli('vouchers', 'expire', '--at', '2999-01-01T00:00:00Z');
    expect([future.status, future.stderr.trim()]).toEqual([1, '--at: must not be in the future']);
    // Seven CLI processes, each starting tsx and PGlite (3–4 s on a quiet 2-core machine).
  }, 240_000);
});
