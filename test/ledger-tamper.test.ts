import { spawn } from 'node:child_process';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransfers, lookupTransfers, verifyLedger } from '../src/services/ledger/index.ts';
import { makeAccounts, transfer } from './ledger-support.ts';
import { createTestPostgres, type TestPostgres } from './support/test-database.ts';

/**
 * Tampering on the real PostgreSQL cluster: the database refuses UPDATE/DELETE of transfers,
 * and when a superuser gets around that (triggers off), `verifyLedger` and
 * `suanli ledger verify` name the first bad row and fail.
 */

let db: TestPostgres;
let admin: pg.Client;
let holders: string[] = [];
const ids: string[] = [];
beforeAll(async () => {
  db = await createTestPostgres(4);
  admin = await db.admin();
  const made = await makeAccounts(db.db, 3, { fundFen: 10_000n });
  holders = made.holders;
  const [a, b, c] = holders as [string, string, string];
  for (let round = 0; round < 5; round += 1) {
    const pending = transfer(a, b, 50n, { flags: { pending: true } });
    const batch = [
      transfer(a, b, BigInt(100 + round)),
      transfer(b, c, BigInt(30 + round)),
      pending,
      transfer(a, b, 20n, { flags: { postPending: true }, pendingId: pending.id }),
    ];
    const results = await createTransfers({ sql: db.db, transfers: batch });
    expect(results.every((r) => r.status === 'created')).toBe(true);
    ids.push(...batch.map((t) => t.id));
  }
}, 120_000);
afterAll(async () => {
  await admin.end();
  await db.drop();
});

/** Runs `suanli ledger <args>` against the test database. */
function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'ledger', ...args],
      {
        env: { ...process.env, DATABASE_URL: db.url },
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs `statement` as superuser with every trigger off (the way around append-only). */
async function asTamperer(statement: string, params: unknown[]): Promise<void> {
  await admin.query('begin');
  await admin.query('set local session_replication_role = replica');
  const result = await admin.query(statement, params);
  expect(result.rowCount).toBe(1);
  await admin.query('commit');
}

async function seqOf(id: string): Promise<bigint> {
  const [stored] = await lookupTransfers({ sql: db.db, ids: [id] });
  if (!stored) throw new Error(`transfer ${id} missing`);
  return stored.seq;
}

describe('ledger tampering', () => {
  it('an untouched ledger verifies, through the service and the CLI', async () => {
    expect(await verifyLedger({ db: db.db })).toEqual({
      ok: true,
      transfers: 3 + ids.length, // funding of the three holders, then the rounds
      accounts: 4,
    });
    const out = await cli('verify');
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toMatch(/ledger ok: 23 transfers, 4 accounts/);
  });

  it('`suanli ledger balance` prints the counters and the balance views in fen and yuan', async () => {
    const [a] = holders as [string];
    // Funded 10 000; five rounds sent 100…104 and posted 20 of a 50 reservation each.
    const out = await cli('balance', a);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toMatch(/debits posted\s+610 fen\s+¥6\.10/);
    expect(out.stdout).toMatch(/credits posted\s+10000 fen\s+¥100\.00/);
    expect(out.stdout).toMatch(/settled\s+9390 fen\s+¥93\.90/);
    expect(out.stdout).toMatch(/in flight\s+0 fen\s+¥0\.00/);
    expect(out.stdout).toMatch(/committed\s+9390 fen\s+¥93\.90/);
    const missing = await cli('balance', '00000000-0000-7000-8000-000000000000');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/not found/);
  });

  it('the database refuses UPDATE, DELETE and TRUNCATE of transfers', async () => {
    const id = ids[0] ?? '';
    await expect(
      db.db.query('update ledger_transfers set amount_fen = amount_fen + 1 where id = $1', [id]),
    ).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(db.db.query('delete from ledger_transfers where id = $1', [id])).rejects.toThrow(
      /append-only: DELETE refused/,
    );
    await expect(db.db.query('truncate ledger_transfers')).rejects.toThrow(/append-only/);
    // Even the superuser, as long as the triggers are on.
    await expect(
      admin.query('update ledger_transfers set user_data = $2 where id = $1', [id, 'x']),
    ).rejects.toThrow(/append-only/);
    expect(await verifyLedger({ db: db.db })).toMatchObject({ ok: true });
  });

  it('a changed transfer amount is named (seq and id) by verify and the CLI', async () => {
    const victim = ids[9] ?? ''; // round 2, b → c, a single transfer
    const seq = await seqOf(victim);
    await asTamperer('update ledger_transfers set amount_fen = amount_fen + 1000 where id = $1', [
      victim,
    ]);
    const result = await verifyLedger({ db: db.db });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.firstBadTransferId).toBe(victim);
    expect(result.problems[0]).toBe(
      `transfer seq ${seq} id ${victim}: hash does not match its contents and the previous row`,
    );
    // The counters recomputed from the rows no longer match the accounts either.
    const [, b, c] = holders as [string, string, string];
    expect(result.problems).toContainEqual(expect.stringMatching(`^account ${b}: debitsPosted`));
    expect(result.problems).toContainEqual(expect.stringMatching(`^account ${c}: creditsPosted`));
    const out = await cli('verify');
    expect(out.code).toBe(1);
    expect(out.stderr).toContain(`first bad transfer: ${victim}`);
    expect(out.stderr).toContain(`transfer seq ${seq} id ${victim}`);
    expect(out.stdout).toBe('');
    // Put it back: the ledger verifies again (the check is exact, not a heuristic).
    await asTamperer('update ledger_transfers set amount_fen = amount_fen - 1000 where id = $1', [
      victim,
    ]);
    expect(await verifyLedger({ db: db.db })).toMatchObject({ ok: true });
  });

  it('a changed field that moves no money still breaks the hash chain', async () => {
    const victim = ids[4] ?? '';
    const seq = await seqOf(victim);
    await asTamperer(`update ledger_transfers set user_data = 'forged' where id = $1`, [victim]);
    const result = await verifyLedger({ db: db.db });
    expect(result).toEqual({
      ok: false,
      firstBadTransferId: victim,
      problems: [
        `transfer seq ${seq} id ${victim}: hash does not match its contents and the previous row`,
      ],
    });
    await asTamperer(`update ledger_transfers set user_data = '' where id = $1`, [victim]);
  });

  it('a deleted transfer is named by the first row after the gap', async () => {
    const victim = ids[12] ?? '';
    const seq = await seqOf(victim);
    const [row] = (
      await admin.query<Record<string, unknown>>('select * from ledger_transfers where id = $1', [
        victim,
      ])
    ).rows;
    await asTamperer('delete from ledger_transfers where id = $1', [victim]);
    const result = await verifyLedger({ db: db.db });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const next = ids[13] ?? '';
    expect(result.firstBadTransferId).toBe(next);
    expect(result.problems[0]).toBe(`transfer seq ${seq + 1n} id ${next}: expected seq ${seq}`);
    const out = await cli('verify');
    expect(out.code).toBe(1);
    expect(out.stderr).toContain(`first bad transfer: ${next}`);
    // Restore the row exactly (the hash column included): the chain is whole again.
    if (!row) throw new Error('row vanished');
    const columns = Object.keys(row);
    await asTamperer(
      `insert into ledger_transfers (${columns.join(', ')})
       values (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
      columns.map((column) => row[column]),
    );
    expect(await verifyLedger({ db: db.db })).toMatchObject({ ok: true });
  });

  it('a changed account counter is reported by verify and the CLI', async () => {
    const [a] = holders as [string];
    await asTamperer(
      'update ledger_accounts set credits_posted = credits_posted + 5 where id = $1',
      [a],
    );
    const result = await verifyLedger({ db: db.db });
    expect(result).toEqual({
      ok: false,
      problems: [`account ${a}: creditsPostedFen is 10005, the transfers give 10000`],
    });
    const out = await cli('verify');
    expect(out.code).toBe(1);
    expect(out.stderr).toContain(`account ${a}: creditsPostedFen is 10005`);
    // A plain UPDATE of the counters is not blocked (the service writes them), which is why
    // verify recomputes them; the fixed fields are refused even so.
    await expect(
      db.db.query('update ledger_accounts set ledger = 840 where id = $1', [a]),
    ).rejects.toThrow(/append-only/);
  });
});
