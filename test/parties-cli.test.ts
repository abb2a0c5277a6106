import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeUscc } from '../src/services/parties/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'suanli-parties-cli-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function suanli(...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    env: { ...process.env, DATA_DIR: join(dir, 'data'), DATABASE_URL: '', LOG_LEVEL: 'silent' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('suanli parties', () => {
  it('checks USCCs and exits 1 on an invalid one', () => {
    const ok = suanli('parties', 'check-uscc', '91330100799655058b');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('91330100799655058B ok: authority 9, type 1, region 330100');
    const bad = suanli('parties', 'check-uscc', '91330100799655058B', '91330100799655058C');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('check character is C, expected B');
  });

  it('imports a CSV file, reports problems by row and column, and is idempotent', () => {
    const header = 'uscc,name,size,founded_on';
    const rows = [`${makeUscc('91110108MA0000001')},北京甲,small,2020-01-01`];
    const good = join(dir, 'good.csv');
    writeFileSync(good, `\uFEFF${[header, ...rows].join('\r\n')}\r\n`);
    const bad = join(dir, 'bad.csv');
    writeFileSync(
      bad,
      [header, ...rows, `${makeUscc('91110108MA0000002')},,huge,2020-01-01`].join('\n'),
    );

    const refused = suanli('parties', 'import-enterprises', bad);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('row 3, name: REQUIRED');
    expect(refused.stderr).toContain('row 3, size: INVALID_VALUE');
    const first = suanli('parties', 'import-enterprises', good);
    expect([first.status, first.stdout.trim()]).toEqual([0, '1 created, 0 already present']);
    const second = suanli('parties', 'import-enterprises', good);
    expect(second.stdout.trim()).toBe('0 created, 1 already present');
  });
});
