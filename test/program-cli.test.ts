import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { programJsonSchema } from '../src/contracts/program.ts';
import { loadCatalog } from '../src/services/programs/index.ts';

const run = promisify(execFile);

/** Runs `suanli <args>` and returns its exit code and output, whatever the code. */
async function suanli(
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: join(import.meta.dirname, '..'),
      env: { ...process.env, DATA_DIR: 'memory://' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const purchase = JSON.stringify({
  kind: 'compute',
  amountFen: '100000000',
  contractId: 'c-1',
  contractAmountFen: '100000000',
  contractSignedOn: '2025-03-01',
  providerId: 'p-1',
  chipOrigin: 'domestic',
  date: '2025-04-01',
});
const enterprise = JSON.stringify({
  id: 'e-1',
  usccRegionCode: '330106',
  size: 'large',
  foundedOn: '2015-05-01',
});

describe('program files and their JSON Schema', () => {
  it('programs/program.schema.json is in sync with the zod schema (regenerate: suanli program schema --write)', async () => {
    const onDisk = JSON.parse(
      await readFile(join(import.meta.dirname, '../programs/program.schema.json'), 'utf8'),
    ) as unknown;
    expect(onDisk).toEqual(programJsonSchema());
  });

  it('every catalog file points editors at the schema', async () => {
    for (const file of await loadCatalog()) {
      expect(
        file.yamlText.startsWith('# yaml-language-server: $schema=./program.schema.json\n'),
      ).toBe(true);
    }
  });
});

describe('suanli program (CLI, no database)', () => {
  it('check: exit 0 for the catalog, non-zero with every problem at file:line:column for a bad file', async () => {
    const ok = await suanli(
      'program',
      'check',
      'programs/beijing-compute.v1.yaml',
      'programs/hangzhou-city-compute.v1.yaml',
    );
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('beijing-compute v1');
    const directory = await mkdtemp(join(tmpdir(), 'suanli-program-'));
    const bad = join(directory, 'bad.yaml');
    const text = (await readFile('programs/beijing-compute.v1.yaml', 'utf8'))
      .replace('rateBps: 2000', 'rateBps: 20000')
      .replace('allocation: review', 'allocation: lottery\nbudget: 5');
    await writeFile(bad, text);
    const failed = await suanli('program', 'check', bad);
    expect(failed.code).toBe(1);
    const lines = text.split('\n');
    const lineOf = (needle: string) => lines.findIndex((line) => line.includes(needle)) + 1;
    expect(failed.stderr).toContain(`${bad}:${lineOf('allocation: lottery')}:13: allocation:`);
    expect(failed.stderr).toContain(
      `${bad}:${lineOf('budget: 5')}:1: (file): Unrecognized key: "budget"`,
    );
    expect(failed.stderr).toContain(`${bad}:${lineOf('rateBps: 20000')}:14: rates.0.rateBps:`);
  });

  it('explain prints the subsidy and the trace in zh-CN and en', async () => {
    const result = await suanli(
      'program',
      'explain',
      '--program',
      'hangzhou-city-compute',
      '--purchase',
      purchase,
      '--enterprise',
      enterprise,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('¥300,000.00');
    expect(result.stdout).toContain('适用费率「国产智能算力」：30%');
    expect(result.stdout).toContain('rate "domestic intelligent compute" applies: 30%');
    expect(result.stdout).toContain('rounded down to the fen');
  });

  it('explain on a date no version covers says so in one line, without a stack trace (issue 12, item 12)', async () => {
    const before = JSON.stringify({
      ...(JSON.parse(purchase) as object),
      contractSignedOn: '2022-03-01',
      date: '2022-05-01',
    });
    const result = await suanli(
      'program',
      'explain',
      '--program',
      'beijing-compute',
      '--purchase',
      before,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'error PROGRAM_NOT_IN_FORCE: no version of beijing-compute covers 2022-05-01',
    );
    expect(result.stderr).toContain('2024-01-01 – 2024-12-31 (fiscal 2024, v2)');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    // 2024 is covered: the trace cites the clause of each step.
    const covered = await suanli(
      'program',
      'explain',
      '--program',
      'beijing-compute',
      '--purchase',
      JSON.stringify({
        ...(JSON.parse(purchase) as object),
        contractSignedOn: '2024-03-01',
        contractTermMonths: 12,
        purpose: 'model-rnd',
        date: '2024-05-01',
      }),
      '--enterprise',
      JSON.stringify({
        id: 'e-bj',
        usccRegionCode: '110108',
        size: 'small',
        foundedOn: '2019-01-01',
        industries: ['I65'],
      }),
    );
    expect(covered.code).toBe(0);
    expect(covered.stdout).toContain('¥200,000.00');
    expect(covered.stdout).toContain('↳ 《人工智能算力券实施方案（2023—2025年）》二、支持内容');
  });

  it('compare ranks the qualifying programs and stacks city and district', async () => {
    const result = await suanli(
      'program',
      'compare',
      '--enterprise',
      enterprise,
      '--purchase',
      purchase,
      '--json',
    );
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout) as {
      ranking: { programId: string; eligible: boolean; subsidyFen: string }[];
      stacked: { totalSubsidyFen: string };
    };
    expect(
      parsed.ranking
        .filter((item) => item.eligible)
        .map((item) => [item.programId, item.subsidyFen]),
    ).toEqual([
      ['hangzhou-city-compute', '30000000'],
      ['hangzhou-xihu-compute-topup', '30000000'],
    ]);
    expect(parsed.stacked.totalSubsidyFen).toBe('60000000');
  });

  it('list shows the version in force on the date', async () => {
    const result = await suanli('program', 'list', '--date', '2026-03-01');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('1 program(s) in force on 2026-03-01');
    expect(result.stdout).toContain('guizhou-compute v2');
  });

  it('rejects a malformed purchase with every field named', async () => {
    const result = await suanli(
      'program',
      'compare',
      '--enterprise',
      enterprise,
      '--purchase',
      '{"kind":"gpu"}',
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('purchase.kind');
    expect(result.stderr).toContain('purchase.amountFen');
  });
});

describe('suanli program (CLI, database)', () => {
  it('seed publishes the catalog once and explain --db reads the published version', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'suanli-db-'));
    const first = await suanliIn(directory, 'program', 'seed');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/published\s+beijing-compute v1/);
    const second = await suanliIn(directory, 'program', 'seed');
    expect(second.stdout).not.toMatch(/published/);
    const explained = await suanliIn(
      directory,
      'program',
      'explain',
      '--db',
      '--program',
      'hangzhou-city-compute',
      '--purchase',
      purchase,
      '--enterprise',
      enterprise,
    );
    expect(explained.stdout).toContain('¥300,000.00');
    // Three processes, each creating or opening an on-disk database: a minute on a loaded
    // 2-core machine. The limit is for a hang, not for speed.
  }, 240_000);
});

async function suanliIn(dataDir: string, ...args: string[]) {
  try {
    const { stdout, stderr } = await run('node', ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: join(import.meta.dirname, '..'),
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}
