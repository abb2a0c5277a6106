import type { Sql } from '../../db/client.ts';
import { plainArray } from './rows.ts';
import {
  LOCK_ACCOUNTS_THEN_HEAD,
  lockOrderIds,
  preparedIfSmall,
  type AccountsAndHead,
} from './store.ts';

/**
 * Locks what a prepared batch names in the appenders' lock order (`LOCK_ACCOUNTS_THEN_HEAD`),
 * and answers whether they hold exactly the state the batch was computed
 * on: the head, and every account assumed with its four counters and no other. PostgreSQL does
 * the comparing: the batch waits for this answer holding the locks, and reading back a
 * thousand accounts would keep PostgreSQL idle while Node parsed them (several milliseconds a
 * batch), only to find, almost always, what it had assumed.
 *
 * The compared rows are the locked ones: a row another transaction changed while this one
 * waited for its lock is read again in its latest version (PostgreSQL's READ COMMITTED
 * recheck), so the answer holds for the state the batch will write on.
 */
export async function lockAndConfirm(
  tx: Sql,
  accountIds: Iterable<string>,
  assumed: AccountsAndHead,
): Promise<boolean> {
  const ids = lockOrderIds(accountIds);
  const accounts = [...assumed.accounts.values()];
  const [row] = await tx.query<{ confirmed: boolean | null }>(
    CONFIRM_SQL,
    [
      plainArray(ids),
      assumed.head.seq.toString(),
      assumed.head.hash,
      plainArray(accounts.map((a) => a.id)),
      plainArray(accounts.map((a) => a.debitsPendingFen)),
      plainArray(accounts.map((a) => a.debitsPostedFen)),
      plainArray(accounts.map((a) => a.creditsPendingFen)),
      plainArray(accounts.map((a) => a.creditsPostedFen)),
    ],
    preparedIfSmall('ledger_lock_and_confirm', ids.length),
  );
  return row?.confirmed === true;
}

// The accounts are compared as two lists sorted by id rather than joined, which needs no plan
// choice.
const CONFIRM_SQL = `${LOCK_ACCOUNTS_THEN_HEAD}
     select (select seq = $2::bigint and hash = $3 from head)
        and (select array_agg(row(id, debits_pending, debits_posted, credits_pending,
                                  credits_posted) order by id)
               from locked)
            is not distinct from
            (select array_agg(row(id, dp, dpo, cp, cpo) order by id)
               from unnest($4::uuid[], $5::bigint[], $6::bigint[], $7::bigint[], $8::bigint[])
                 as a(id, dp, dpo, cp, cpo)) as confirmed`;
