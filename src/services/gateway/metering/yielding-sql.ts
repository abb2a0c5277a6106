import { setImmediate as nextTurn } from 'node:timers/promises';
import type { QueryOptions, Sql } from '../../../db/client.ts';

/**
 * Embedded PGlite in-process runs every statement as WebAssembly on the event loop, and the statements of
 * one transaction back to back: promises only, nothing lets the process's sockets in between. A
 * settlement round of 100 usage records and a lease renewal then held every call of the gateway
 * for ~17 ms (the tail of `npm run bench:gateway`, docs/benchmarks.md). This wrapper lets pending
 * I/O run before each statement, so a round costs calls at most one statement's time. PGlite's
 * transaction keeps its lock meanwhile: no other statement interleaves with the round's.
 * PostgreSQL's statements already wait on the network, and PGlite's in its worker thread (the
 * server's default) on that thread: returned unchanged.
 */
export function yieldingBetweenStatements(sql: Sql): Sql {
  if (sql.blocksEventLoop !== true) return sql;
  return {
    kind: sql.kind,
    blocksEventLoop: true,
    query: async <Row extends object>(
      text: string,
      params?: readonly unknown[],
      options?: QueryOptions,
    ): Promise<Row[]> => {
      await nextTurn();
      return sql.query<Row>(text, params, options);
    },
    exec: async (script: string): Promise<void> => {
      await nextTurn();
      await sql.exec(script);
    },
  };
}
