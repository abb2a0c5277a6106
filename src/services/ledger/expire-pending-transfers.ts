import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../../db/client.ts';
import { expirePendings } from '../../domain/ledger/index.ts';
import { MAX_TRANSFERS_PER_BATCH } from './create-transfers.ts';
import { loadPendings, lockAccountsAndHead, writeBatch } from './store.ts';

/**
 * Expires every open pending transfer whose timeout has passed at `now`: appends an `expire`
 * row for each (releasing its amount) in batches. A later post or void of it fails with
 * PENDING_EXPIRED. Safe to run concurrently with appenders and with itself.
 *
 * @example
 * const { expired } = await expirePendingTransfers({ db, now: new Date() });
 */
export async function expirePendingTransfers(options: {
  db: Database;
  now?: Date;
}): Promise<{ expired: number }> {
  const now = options.now ?? new Date();
  let expired = 0;
  for (;;) {
    const candidates = await options.db.query<{
      id: string;
      debit_account_id: string;
      credit_account_id: string;
    }>(
      `select t.id, t.debit_account_id, t.credit_account_id from ledger_transfers t
        where t.kind = 'pending' and t.timeout_seconds > 0
          and t.created_at + make_interval(secs => t.timeout_seconds) <= $1
          and not exists (select 1 from ledger_transfers r where r.pending_id = t.id)
        order by t.seq limit $2`,
      [now, MAX_TRANSFERS_PER_BATCH],
    );
    if (candidates.length === 0) return { expired };
    const rows = await options.db.transaction(async (tx) => {
      const { accounts, head } = await lockAccountsAndHead(
        tx,
        candidates.flatMap((c) => [c.debit_account_id, c.credit_account_id]),
      );
      const before = new Map([...accounts].map(([id, state]) => [id, { ...state }]));
      const pendings = await loadPendings(
        tx,
        candidates.map((c) => c.id),
      );
      const created = expirePendings({
        ids: pendings.keys(),
        accounts,
        pendings,
        now,
        makeId: uuidv7,
      });
      if (created.length > 0) {
        const touched = new Set(created.flatMap((r) => [r.debitAccountId, r.creditAccountId]));
        await writeBatch(tx, { rows: created, head, now, touched, accounts, before });
      }
      return created.length;
    });
    expired += rows;
    // Everything found was resolved by someone else meanwhile: done.
    if (rows === 0 || candidates.length < MAX_TRANSFERS_PER_BATCH) return { expired };
  }
}
