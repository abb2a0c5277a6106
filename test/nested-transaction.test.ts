import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/client.ts';
import { databaseInTransaction } from '../src/db/nested-transaction.ts';
import { AssertionError } from '../src/domain/shared/assert.ts';
import {
  createTestPglite,
  createTestPostgres,
  type TestPostgres,
} from './support/test-database.ts';

/**
 * `databaseInTransaction` on both drivers: what runs through it commits or rolls back with the
 * outer transaction, and a failed nested transaction undoes only its own statements.
 */

let pglite: Database;
let postgres: TestPostgres;
beforeAll(async () => {
  pglite = await createTestPglite();
  postgres = await createTestPostgres(4);
  for (const db of [pglite, postgres.db]) {
    await db.exec('create table nested_probe (note text primary key)');
  }
}, 120_000);
afterAll(async () => {
  await pglite.close();
  await postgres.drop();
});

async function notes(db: Database): Promise<string[]> {
  const rows = await db.query<{ note: string }>('select note from nested_probe order by note');
  return rows.map((row) => row.note);
}

describe.each(['pglite', 'postgres'] as const)('databaseInTransaction on %s', (name) => {
  const db = (): Database => (name === 'pglite' ? pglite : postgres.db);

  it('a failed nested transaction undoes only itself; the outer one commits the rest', async () => {
    await db().exec('truncate nested_probe');
    await db().transaction(async (tx) => {
      const inner = databaseInTransaction(tx);
      expect(inner.kind).toBe(name);
      await inner.transaction((sql) => sql.query(`insert into nested_probe values ('kept')`));
      const failed = inner.transaction(async (sql) => {
        await sql.query(`insert into nested_probe values ('undone')`);
        // A failing statement aborts the savepoint; the outer transaction must stay usable.
        await sql.query(`insert into nested_probe values ('kept')`);
      });
      await expect(failed).rejects.toThrow(/duplicate key/);
      await inner.query(`insert into nested_probe values ('after')`);
    });
    expect(await notes(db())).toEqual(['after', 'kept']);
  });

  it('what a nested transaction committed is undone when the outer one rolls back', async () => {
    await db().exec('truncate nested_probe');
    const outer = db().transaction(async (tx) => {
      const inner = databaseInTransaction(tx);
      await inner.transaction(async (sql) => {
        await sql.query(`insert into nested_probe values ('nested')`);
      });
      throw new Error('outer fails after the nested commit');
    });
    await expect(outer).rejects.toThrow('outer fails');
    expect(await notes(db())).toEqual([]);
  });

  it('refuses a statement on the outer handle while a nested transaction is open', async () => {
    await db().transaction(async (tx) => {
      const inner = databaseInTransaction(tx);
      await inner.transaction(async () => {
        await expect(inner.query('select 1')).rejects.toThrow(AssertionError);
        await expect(inner.transaction(() => Promise.resolve())).rejects.toThrow(AssertionError);
      });
      // Usable again once the nested transaction is over.
      expect(await inner.query<{ one: number }>('select 1 as one')).toEqual([{ one: 1 }]);
    });
    await expect(databaseInTransaction(pglite).close()).rejects.toThrow(/outer/);
  });
});
