import type { Database } from '../../db/client.ts';
import { systemActor } from '../authz/actor.ts';
import { closeGrant } from './support/close-grant.ts';
import { loadVoucherProgram } from './support/program-row.ts';
import { loadGrant } from './support/rows.ts';

/** Grants closed per database round trip. */
const BATCH_SIZE = 200;
/** Upper bound of one run (a bound on every loop); the next run picks up the rest. */
const MAX_GRANTS_PER_RUN = 100_000;

/**
 * The expiry job: every active or exhausted grant past its expiry becomes `expired` and its
 * unused amount returns to the budget (exactly: the reservation if never claimed, else the grant
 * account's available balance). A reservation that timed out is released by the ledger itself
 * when the void names it (it writes the expire row); other modules' pendings are left alone, so
 * a run `--at` a future time cannot expire someone else's lease. Each grant
 * closes in its own transaction; safe to run concurrently with itself and with claims (row
 * locks; a grant already closed is skipped).
 *
 * @example
 * const { expired } = await expireGrants({ db, now: new Date() });
 */
export async function expireGrants(options: {
  db: Database;
  now: Date;
}): Promise<{ expired: number; returnedFen: bigint }> {
  const { db, now } = options;
  let expired = 0;
  let returnedFen = 0n;
  while (expired < MAX_GRANTS_PER_RUN) {
    const due = await db.query<{ id: string }>(
      `select id from voucher_grants
        where state in ('active', 'exhausted') and expires_at <= $1
        order by expires_at, id limit $2`,
      [now, BATCH_SIZE],
    );
    if (due.length === 0) break;
    for (const { id } of due) {
      const closed = await db.transaction(async (tx) => {
        const grant = await loadGrant(tx, id, true);
        if (grant.state !== 'active' && grant.state !== 'exhausted') return null;
        const program = await loadVoucherProgram(tx, grant.programId);
        const before = grant.returnedFen;
        const after = await closeGrant({
          tx,
          grant,
          program,
          action: 'expire',
          reason: null,
          actor: systemActor,
          now,
        });
        return after.returnedFen - before;
      });
      if (closed !== null) {
        expired += 1;
        returnedFen += closed;
      }
    }
  }
  return { expired, returnedFen };
}
