import type { Database } from '../../../db/client.ts';
import { systemActor } from '../../authz/actor.ts';
import { getBalances } from '../../ledger/index.ts';
import { exhaustIfNothingLeft } from '../../vouchers/support/exhaust-grant.ts';
import { loadGrant } from '../../vouchers/support/rows.ts';
import type { LeaseGrant } from './grant-funding.ts';

/**
 * After a round spent a lease's last fen of its model voucher (the lease holds none of it any
 * more): marks the grant `exhausted` when nothing of it is left, by the voucher lifecycle's own
 * rule and transition (audited), as a claim that reserves a grant's last fen does. The grant is
 * locked before its balance is read, in the order a claim's submission takes them. Returns
 * whether the grant is exhausted now (its lease then ends, and the next pays).
 */
export async function exhaustSpentGrant(
  db: Database,
  grant: LeaseGrant,
  now: Date,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const row = await loadGrant(tx, grant.grantId, true);
    const [balance] = await getBalances({ sql: tx, ids: [row.accountId] });
    const after = await exhaustIfNothingLeft({
      tx,
      grant: row,
      availableFen: balance?.availableFen ?? 0n,
      actor: systemActor,
      now,
      reason: 'spent to zero by model calls through the gateway',
    });
    return after.state === 'exhausted';
  });
}
