/**
 * The one way code talks to the database. Parameterised SQL only; `int8` columns come back as
 * `bigint` on both drivers so money never passes through a float.
 *
 * @example
 * const rows = await db.query<{ id: string }>('select id from accounts where ledger = $1', [1]);
 */
export interface Sql {
  /** Which server runs the statements: PGlite takes parameters as text only. */
  readonly kind: 'pglite' | 'postgres';
  /**
   * True when each statement runs on this thread and holds its event loop for its whole run
   * (embedded PGlite in-process); code that runs beside latency-sensitive work (the gateway's
   * settlement rounds) then cuts its work into small statements. Unset: statements wait on
   * another thread or process (PostgreSQL, PGlite in its worker) and block nothing here.
   */
  readonly blocksEventLoop?: boolean;
  query<Row extends object = Record<string, unknown>>(
    text: string,
    params?: readonly unknown[],
    options?: QueryOptions,
  ): Promise<Row[]>;
  /** Runs a script of several statements without parameters (migrations, fixtures). */
  exec(script: string): Promise<void>;
}

export interface QueryOptions {
  /**
   * Names the statement so a PostgreSQL connection parses it once and may reuse its plan (a
   * named prepared statement): for a hot statement, parsing is a good part of a small call's
   * time. One name per text. PGlite ignores it.
   */
  prepareAs?: string;
  /**
   * Embedded PGlite only: the input of the statement, a `COPY … FROM '/dev/blob'`, in COPY's
   * text format (`copy-text.ts`). A PostgreSQL server refuses it: there the path names a file on
   * the server's machine.
   */
  copyFrom?: string;
}

/** What PGlite's worker thread got: the priority asked for, or 'normal' where it cannot be lowered. */
export type WorkerScheduling = 'idle' | 'low' | 'normal';

export interface Database extends Sql {
  /**
   * Embedded PGlite in its worker thread only: how the thread is scheduled — `idle` (SCHED_IDLE),
   * `low` (nice 10) or `normal` (neither could be set). Logged at startup, so an operator who
   * asked for `idle` sees whether the machine granted it.
   */
  readonly pgliteWorkerScheduling?: WorkerScheduling;
  /** Runs `work` in one transaction; commits when it resolves, rolls back when it throws. */
  transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
