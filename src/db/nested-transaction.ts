import { assert } from '../domain/shared/assert.ts';
import type { Database, Sql } from './client.ts';

/**
 * Runs `work` in a new transaction of `sql`, or in `sql` itself when it is a transaction already
 * (a `Sql` without `transaction`): a use-case called inside another's transaction joins it, so
 * both commit or neither does.
 *
 * @example
 * return inTransaction(options.sql, async (tx) => { await tx.query(…); await tx.query(…); });
 */
export function inTransaction<T>(sql: Sql | Database, work: (tx: Sql) => Promise<T>): Promise<T> {
  return 'transaction' in sql ? sql.transaction(work) : work(sql);
}

/**
 * A `Database` whose every statement runs in the already open transaction `tx`, for code that
 * takes a `Database` and opens its own transactions: here `transaction(work)` runs `work` under
 * a SAVEPOINT instead, so its commit becomes the outer transaction's and its rollback undoes
 * only its own statements (a caller that catches the error, like `createTransfers` retrying
 * after an id conflict, carries on in a healthy transaction). Works on both drivers: a
 * savepoint is plain SQL on the transaction's one connection.
 *
 * While a nested transaction runs, the outer handle refuses statements: they would land inside
 * the savepoint and be undone with it, so such a call is a bug (two transactions run side by
 * side on one connection), caught here rather than corrupting the outcome.
 *
 * @example
 * await db.transaction(async (tx) => {
 *   const inner = databaseInTransaction(tx);
 *   await createClaim({ db: inner, ... }); // its transaction is a savepoint of ours
 * });
 */
export function databaseInTransaction(tx: Sql): Database {
  let savepointsOpened = 0;
  let nestedOpen = false;
  const assertIdle = (): void => {
    assert(!nestedOpen, 'databaseInTransaction: statement on the outer handle inside a savepoint');
  };
  return {
    kind: tx.kind,
    blocksEventLoop: tx.blocksEventLoop,
    query: async (text, params, options) => {
      assertIdle();
      return tx.query(text, params, options);
    },
    exec: async (script) => {
      assertIdle();
      await tx.exec(script);
    },
    transaction: async (work) => {
      assertIdle();
      savepointsOpened += 1;
      const savepoint = `nested_${savepointsOpened}`;
      await tx.query(`savepoint ${savepoint}`);
      nestedOpen = true;
      let result;
      try {
        result = await work(tx);
      } catch (error) {
        nestedOpen = false;
        // If this fails too the connection is gone; the outer transaction fails on its next
        // statement, so the original error is the one worth reporting.
        await tx
          .exec(`rollback to savepoint ${savepoint}; release savepoint ${savepoint}`)
          .catch(() => undefined);
        throw error;
      }
      nestedOpen = false;
      await tx.query(`release savepoint ${savepoint}`);
      return result;
    },
    close: () =>
      Promise.reject(new Error('databaseInTransaction: the outer transaction owns the connection')),
  };
}
