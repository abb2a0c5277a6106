import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dumpPgliteDataDirectory,
  openDatabase,
  type Database,
  type PgliteThread,
} from '../src/db/client.ts';
import { LOCK_FILE_NAME } from '../src/db/data-dir-lock.ts';
import { databaseInTransaction } from '../src/db/nested-transaction.ts';
import {
  DatabaseWorkerExitedError,
  pgliteDatabase,
  workerTransport,
} from '../src/db/pglite-client.ts';

/**
 * Embedded PGlite in a worker thread (the default) and in this thread: one engine behind both
 * (src/db/pglite-engine.mjs), so every case runs on both and must give the same answers — what
 * crosses the thread boundary (parameters, rows, errors) arrives as the in-process adapter
 * returns it.
 */

const THREADS: readonly PgliteThread[] = ['worker', 'in-process'];
const databases = new Map<PgliteThread, Database>();
beforeAll(async () => {
  for (const pgliteThread of THREADS) {
    const db = await openDatabase({ dataDir: 'memory://', pgliteThread });
    await db.exec(`
      create table probe (id int primary key, note text not null);
      create table probe_child (parent int not null references probe (id));`);
    databases.set(pgliteThread, db);
  }
}, 120_000);
afterAll(async () => {
  for (const db of databases.values()) await db.close();
});

async function notes(db: Database): Promise<string[]> {
  const rows = await db.query<{ note: string }>('select note from probe order by id');
  return rows.map((row) => row.note);
}

describe.each(THREADS)('PGlite (%s)', (pgliteThread) => {
  const db = (): Database => databases.get(pgliteThread)!;

  it('parameters and rows keep their types: bigint, Date, bytea, json, arrays, null', async () => {
    const big = 2n ** 62n + 7n;
    const at = new Date('2026-12-06T12:34:56.789Z');
    const bytes = Buffer.from([0, 1, 254, 255]);
    const document = { fen: '12', nested: { list: [1, 'two', null] } };
    const [row] = await db().query(
      `select $1::int8 as big, $2::timestamptz as at, $3::bytea as bytes, $4::jsonb as document,
              $5::text[] as words, $6::int4 as nothing, (-$1::int8) as negative`,
      [big, at, bytes, JSON.stringify(document), ['a', null, 'c'], null],
    );
    expect(row).toEqual({
      big,
      at,
      bytes: new Uint8Array([0, 1, 254, 255]),
      document,
      words: ['a', null, 'c'],
      nothing: null,
      negative: -big,
    });
    expect(typeof row!.big).toBe('bigint');
    expect(row!.at).toBeInstanceOf(Date);
    expect(row!.bytes).toBeInstanceOf(Uint8Array);
  });

  it('dumps its data directory, and a database started from the dump has its rows', async () => {
    await db().query('insert into probe (id, note) values (900, $1)', [`dumped ${pgliteThread}`]);
    const dump = await dumpPgliteDataDirectory(db());
    await db().query('delete from probe where id = 900');
    // Loaded on the other thread: the tarball is the same whichever thread wrote it.
    const other = THREADS.find((thread) => thread !== pgliteThread);
    const copy = await openDatabase({
      dataDir: 'memory://',
      pgliteThread: other,
      loadDataDir: dump,
    });
    try {
      expect(await notes(copy)).toContain(`dumped ${pgliteThread}`);
    } finally {
      await copy.close();
    }
  }, 60_000);

  it('says whether its statements hold this event loop', async () => {
    expect(db().blocksEventLoop).toBe(pgliteThread === 'in-process');
    await db().transaction((tx) => {
      expect(tx.blocksEventLoop).toBe(pgliteThread === 'in-process');
      expect(databaseInTransaction(tx).blocksEventLoop).toBe(pgliteThread === 'in-process');
      return Promise.resolve();
    });
  });

  it('an error keeps the fields callers read: code, detail, constraint, table', async () => {
    await db().exec('truncate probe cascade');
    await db().query(`insert into probe values (1, 'one')`);
    const duplicate = await db()
      .query(`insert into probe values (1, 'again')`)
      .catch((error: unknown) => error);
    expect(duplicate).toBeInstanceOf(Error);
    expect(duplicate).toMatchObject({
      code: '23505',
      constraint: 'probe_pkey',
      detail: 'Key (id)=(1) already exists.',
      table: 'probe',
    });
    expect((duplicate as Error).message).toMatch(/duplicate key value violates unique constraint/);
    const orphan = await db()
      .query('insert into probe_child values ($1)', [99])
      .catch((error: unknown) => error);
    expect(orphan).toMatchObject({ code: '23503', constraint: 'probe_child_parent_fkey' });
    expect(await notes(db())).toEqual(['one']);
  });

  it('a transaction commits when its work resolves and rolls back when it throws', async () => {
    await db().exec('truncate probe cascade');
    await db().transaction(async (tx) => {
      await tx.query(`insert into probe values (1, 'committed')`);
    });
    const failure = new Error('work failed');
    await expect(
      db().transaction(async (tx) => {
        await tx.query(`insert into probe values (2, 'rolled back')`);
        throw failure;
      }),
    ).rejects.toBe(failure);
    // A statement that fails inside rolls the whole transaction back too.
    await expect(
      db().transaction(async (tx) => {
        await tx.query(`insert into probe values (3, 'rolled back too')`);
        await tx.query(`insert into probe values (1, 'duplicate')`);
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect(await notes(db())).toEqual(['committed']);
    expect(await db().transaction((tx) => tx.query('select 41 + 1 as answer'))).toEqual([
      { answer: 42 },
    ]);
  });

  it('savepoints nest inside a transaction (databaseInTransaction)', async () => {
    await db().exec('truncate probe cascade');
    await db().transaction(async (tx) => {
      const inner = databaseInTransaction(tx);
      await inner.transaction((sql) => sql.query(`insert into probe values (1, 'kept')`));
      await expect(
        inner.transaction(async (sql) => {
          await sql.query(`insert into probe values (2, 'undone')`);
          await sql.query(`insert into probe values (1, 'duplicate')`);
        }),
      ).rejects.toMatchObject({ code: '23505' });
      await inner.query(`insert into probe values (3, 'after')`);
    });
    expect(await notes(db())).toEqual(['kept', 'after']);
  });

  it('statements sent while a transaction is open wait for it, then run', async () => {
    await db().exec('truncate probe cascade');
    let outsideDone = false;
    let outside: Promise<string[]> | undefined;
    await db().transaction(async (tx) => {
      await tx.query(`insert into probe values (1, 'first')`);
      outside = notes(db()).then((seen) => {
        outsideDone = true;
        return seen;
      });
      await sleep(50);
      expect(outsideDone).toBe(false);
      await tx.query(`insert into probe values (2, 'second')`);
    });
    // It ran after the commit: it sees both rows, never half the transaction.
    expect(await outside).toEqual(['first', 'second']);
  });
});

describe('the PGlite worker thread', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'suanli-pglite-worker-'));
  afterAll(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  /** Runs `body` in a fresh Node process (under tsx) with `openDatabase` imported; its result. */
  function runScript(name: string, body: string): ReturnType<typeof spawnSync> {
    const client = resolve(import.meta.dirname, '../src/db/client.ts');
    const script = join(scratch, `${name}.mts`);
    writeFileSync(script, `import { openDatabase } from ${JSON.stringify(client)};\n${body}\n`);
    return spawnSync(process.execPath, ['--import', 'tsx', script], {
      encoding: 'utf8',
      timeout: 90_000,
    });
  }

  it('close() ends the worker and releases the lock; the process then exits by itself', () => {
    const dataDir = join(scratch, 'closed');
    const run = runScript(
      'close',
      `const db = await openDatabase({ dataDir: ${JSON.stringify(dataDir)} });
       await db.exec('create table kept (n int8)');
       await db.query('insert into kept values ($1)', [5n]);
       await db.close();
       console.log('closed');`,
    );
    expect(run.status, String(run.stderr)).toBe(0);
    expect(run.stdout).toContain('closed');
    expect(existsSync(join(dataDir, LOCK_FILE_NAME))).toBe(false);
    // What it wrote is on disk for the next process.
    const reread = runScript(
      'reread',
      `const db = await openDatabase({ dataDir: ${JSON.stringify(dataDir)} });
       const [row] = await db.query('select n from kept');
       console.log(typeof row.n, String(row.n));
       await db.close();`,
    );
    expect(reread.status, String(reread.stderr)).toBe(0);
    expect(reread.stdout).toContain('bigint 5');
  }, 240_000);

  it('an idle open database does not keep the process alive; a waiting statement does', () => {
    const run = runScript(
      'idle',
      `const db = await openDatabase({ dataDir: 'memory://' });
       const [row] = await db.query('select 7 as seven');
       console.log('answer', row.seven);`,
    );
    expect(run.status, String(run.stderr)).toBe(0);
    expect(run.stdout).toContain('answer 7');
  }, 120_000);

  it('a worker that dies rejects the statements waiting on it and every later one', async () => {
    const { transport, worker } = await workerTransport('memory://');
    const db = pgliteDatabase(transport, () => undefined, false);
    expect(await db.query('select 1 as one')).toEqual([{ one: 1 }]);
    // A parameter no message can carry is refused here, and the database stays usable.
    await expect(db.query('select $1::text', [Symbol('not cloneable')])).rejects.toThrow();
    expect(await db.query('select 1 as one')).toEqual([{ one: 1 }]);
    const waiting = db.query('select count(*) from generate_series(1, 50000000)');
    const inTransaction = db.transaction(async (tx) => tx.query('select 2'));
    await worker.terminate();
    await expect(waiting).rejects.toBeInstanceOf(DatabaseWorkerExitedError);
    await expect(inTransaction).rejects.toThrow(/PGlite worker exited/);
    await expect(db.query('select 1')).rejects.toBeInstanceOf(DatabaseWorkerExitedError);
  }, 120_000);

  // Linux only: a thread's own priority is set through its thread id in /proc.
  it.runIf(process.platform === 'linux')(
    'the worker thread runs at nice 10, below the event loop that carries the calls',
    async () => {
      const before = statFieldOfThreads(NICE_FIELD).filter((nice) => nice === 10).length;
      const { transport, scheduling } = await workerTransport('memory://');
      try {
        expect(scheduling).toBe('low');
        expect(statFieldOfThreads(NICE_FIELD).filter((nice) => nice === 10)).toHaveLength(
          before + 1,
        );
        expect(readFileSync('/proc/thread-self/stat', 'utf8')).toMatch(/\) \S+( \S+){15} 0 /);
      } finally {
        await transport.close();
      }
    },
    120_000,
  );

  it.runIf(process.platform === 'linux')(
    "at 'idle' the worker thread runs under SCHED_IDLE where chrt is installed, else at nice 10",
    async () => {
      const hasChrt = spawnSync('chrt', ['--version'], { stdio: 'ignore' }).status === 0;
      const idleBefore = statFieldOfThreads(POLICY_FIELD).filter((p) => p === SCHED_IDLE).length;
      const niceBefore = statFieldOfThreads(NICE_FIELD).filter((nice) => nice === 10).length;
      const { transport, scheduling } = await workerTransport('memory://', {}, 'idle');
      try {
        expect(scheduling).toBe(hasChrt ? 'idle' : 'low');
        const idleThreads = statFieldOfThreads(POLICY_FIELD).filter((p) => p === SCHED_IDLE);
        expect(idleThreads).toHaveLength(idleBefore + (hasChrt ? 1 : 0));
        const niceThreads = statFieldOfThreads(NICE_FIELD).filter((nice) => nice === 10);
        expect(niceThreads).toHaveLength(niceBefore + (hasChrt ? 0 : 1));
        // This thread, which carries the requests, keeps the normal policy.
        expect(statField(readFileSync('/proc/thread-self/stat', 'utf8'), POLICY_FIELD)).toBe(0);
      } finally {
        await transport.close();
      }
    },
    120_000,
  );

  it.runIf(process.platform === 'linux')(
    'the database says how its worker thread is scheduled (the server logs it at startup)',
    async () => {
      const hasChrt = spawnSync('chrt', ['--version'], { stdio: 'ignore' }).status === 0;
      const low = await openDatabase({ dataDir: 'memory://' });
      const idle = await openDatabase({ dataDir: 'memory://', pgliteWorkerPriority: 'idle' });
      const inProcess = await openDatabase({ dataDir: 'memory://', pgliteThread: 'in-process' });
      try {
        expect(low.pgliteWorkerScheduling).toBe('low');
        expect(idle.pgliteWorkerScheduling).toBe(hasChrt ? 'idle' : 'low');
        expect(inProcess.pgliteWorkerScheduling).toBeUndefined();
      } finally {
        await Promise.all([low.close(), idle.close(), inProcess.close()]);
      }
    },
    120_000,
  );
});

/** Fields of /proc/…/stat, numbered as proc(5) numbers them. */
const NICE_FIELD = 19;
const POLICY_FIELD = 41;
const SCHED_IDLE = 5;

function statField(stat: string, field: number): number {
  // Fields after the command's closing parenthesis start at field 3.
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[field - 3]);
}

function statFieldOfThreads(field: number): number[] {
  return readdirSync('/proc/self/task').map((thread) =>
    statField(readFileSync(`/proc/self/task/${thread}/stat`, 'utf8'), field),
  );
}
