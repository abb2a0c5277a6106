import type { Context } from 'hono';
import type { Logger } from 'pino';
import type { Config } from '../../config/config.ts';
import type { Database } from '../../db/client.ts';
import type { AuthContext } from '../../services/access/index.ts';
import type { EvidenceStore } from '../../services/evidence/index.ts';

/** What every API handler can reach besides its input: the database, config and clock. */
export interface ApiDependencies {
  db: Database;
  config: Config;
  logger: Logger;
  /** The clock; tests pass a fixed or moving one. Defaults to `() => new Date()`. */
  clock?: (() => Date) | undefined;
  /** Where evidence files go; defaults to the store EVIDENCE_DIR and EVIDENCE_QUOTA_* describe. */
  evidenceStore?: EvidenceStore | undefined;
}

/** Per-request variables of API routes (`c.get('auth')`, `c.get('db')`, `c.get('now')`). */
export interface ApiEnv {
  Variables: {
    requestId: string;
    logger: Logger;
    db: Database;
    config: Config;
    evidenceStore: EvidenceStore;
    /** Set by the framework for every authenticated route; undefined on public routes. */
    auth: AuthContext | undefined;
    /** The request's time, read once from the clock so a handler sees one instant. */
    now: Date;
  };
}

export type ApiContext = Context<ApiEnv>;
