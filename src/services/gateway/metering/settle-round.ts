import type { Sql } from '../../../db/client.ts';
import { assert } from '../../../domain/shared/assert.ts';
import { insertUsageRecords, type UsageRecord } from '../usage/usage-record.ts';
import type { EnterpriseLease, LeaseSnapshot, Renewal } from './lease.ts';
import { ensureProviderPayables, renewLease, type LeaseSettings } from './renew-leases.ts';
import { yieldingBetweenStatements } from './yielding-sql.ts';

/**
 * Usage records per insert statement. On embedded PGlite in-process a statement holds the event
 * loop for its whole run (~0.05 ms a record plus ~0.3 ms): 16 keep one under about a
 * millisecond, so the calls a round delays wait for one small statement, not the round. On
 * PostgreSQL, or PGlite in its worker thread, a statement blocks nothing here, and each costs a
 * round trip (a message to the worker and its structured clone): all records of a round go in one.
 */
const RECORDS_PER_STATEMENT = { blocking: 16, offLoop: 5_000 } as const;

/** What a committed round did: the renewals to apply, the provider payables it created. */
export interface RoundOutcome {
  renewals: Map<EnterpriseLease, Renewal>;
  payablesCreated: Set<string>;
  /**
   * The round's transaction id (`pg_current_xact_id`): when its commit fails without saying
   * whether it happened (the connection broke after COMMIT was sent), `pg_xact_status` of it
   * tells the meter later.
   */
  transactionId: string;
}

/**
 * One settlement round of a meter, in one transaction: the usage records of the calls that
 * settled, and each lease's renewal (its billed fen posted, the rest leased again). Records and
 * money commit together, so the money spent always equals the sum of the usage records, and a
 * crash loses both or neither. On PGlite in-process the round lets the event loop run between
 * its statements (`yieldingBetweenStatements`), in small ones. Provider payables already known to
 * exist (`knownPayables`) are not created again. Returns what to apply once committed.
 */
export async function settleRound(options: {
  tx: Sql;
  leases: ReadonlyMap<EnterpriseLease, LeaseSnapshot>;
  records: readonly UsageRecord[];
  voucherLimits: ReadonlyMap<EnterpriseLease, bigint>;
  knownPayables: ReadonlySet<string>;
  settings: LeaseSettings;
  now: Date;
}): Promise<RoundOutcome> {
  const { leases, settings, now } = options;
  const tx = yieldingBetweenStatements(options.tx);
  const perStatement = RECORDS_PER_STATEMENT[tx.blocksEventLoop === true ? 'blocking' : 'offLoop'];
  for (let first = 0; first < options.records.length; first += perStatement) {
    await insertUsageRecords(tx, options.records.slice(first, first + perStatement));
  }
  const payablesCreated = new Set<string>();
  for (const snapshot of leases.values()) {
    for (const id of snapshot.charges.keys()) {
      if (!options.knownPayables.has(id)) payablesCreated.add(id);
    }
  }
  await ensureProviderPayables(tx, payablesCreated);
  const renewals = new Map<EnterpriseLease, Renewal>();
  for (const [lease, snapshot] of leases) {
    const limit = options.voucherLimits.get(lease) ?? 0n;
    renewals.set(lease, await renewLease(tx, lease, snapshot, settings, limit, now));
  }
  const [current] = await tx.query<{ id: string }>('select pg_current_xact_id()::text as id');
  assert(current !== undefined, 'settleRound: no transaction id');
  return { renewals, payablesCreated, transactionId: current.id };
}
