import type { Sql } from '../../db/client.ts';
import { assert } from '../../domain/shared/assert.ts';

/** What the transfers carrying one `userData` tag did to one account. */
export interface TaggedFlow {
  userData: string;
  accountId: string;
  debitsPostedFen: bigint;
  creditsPostedFen: bigint;
  /** Pending transfers not posted, voided or expired, and not past their timeout at `now`. */
  debitsOpenPendingFen: bigint;
  creditsOpenPendingFen: bigint;
}

/** Most accounts one call sums over (a program's handful, in practice). */
export const MAX_TAGGED_ACCOUNTS = 1000;

/**
 * Per `userData` tag starting with `tagPrefix` (e.g. `claim:`), the posted and open pending
 * amounts the tagged transfers moved on each of `accountIds`. A module that tags its transfers
 * with the entity they belong to reads here how much of a shared account (a program's payable)
 * each entity holds — the ledger's side of a reconciliation. A pending past its timeout counts as
 * released: the ledger's expiry moves it whatever the tag's owner does.
 *
 * @example
 * const flows = await sumTransfersByTag({ sql: db, accountIds: [payableId], tagPrefix: 'claim:', now });
 */
export async function sumTransfersByTag(options: {
  sql: Sql;
  accountIds: readonly string[];
  tagPrefix: string;
  now: Date;
}): Promise<TaggedFlow[]> {
  const { sql, accountIds, tagPrefix, now } = options;
  assert(accountIds.length <= MAX_TAGGED_ACCOUNTS, 'sumTransfersByTag: too many accounts');
  assert(/^[a-z]+:$/u.test(tagPrefix), 'sumTransfersByTag: a tag prefix is a word and a colon');
  if (accountIds.length === 0) return [];
  // A post row carries the amount posted; its pending row counts only while still open.
  const rows = await sql.query<{
    user_data: string;
    account_id: string;
    debits_posted: bigint;
    credits_posted: bigint;
    debits_open: bigint;
    credits_open: bigint;
  }>(
    `with tagged as (
       select t.user_data, t.debit_account_id, t.credit_account_id, t.amount_fen,
              t.kind in ('single', 'post') as posted,
              t.kind = 'pending'
                and not exists (select 1 from ledger_transfers r where r.pending_id = t.id)
                and (t.timeout_seconds = 0
                     or t.created_at + make_interval(secs => t.timeout_seconds) > $3) as open
         from ledger_transfers t
        where (t.debit_account_id = any($1::uuid[]) or t.credit_account_id = any($1::uuid[]))
          and starts_with(t.user_data, $2)),
     sides as (
       select user_data, debit_account_id as account_id, amount_fen, posted, open, true as debit
         from tagged where debit_account_id = any($1::uuid[])
       union all
       select user_data, credit_account_id, amount_fen, posted, open, false
         from tagged where credit_account_id = any($1::uuid[]))
     select user_data, account_id,
            coalesce(sum(amount_fen) filter (where debit and posted), 0)::int8 as debits_posted,
            coalesce(sum(amount_fen) filter (where not debit and posted), 0)::int8 as credits_posted,
            coalesce(sum(amount_fen) filter (where debit and open), 0)::int8 as debits_open,
            coalesce(sum(amount_fen) filter (where not debit and open), 0)::int8 as credits_open
       from sides group by user_data, account_id order by user_data, account_id`,
    [accountIds, tagPrefix, now],
  );
  return rows.map((row) => ({
    userData: row.user_data,
    accountId: row.account_id,
    debitsPostedFen: row.debits_posted,
    creditsPostedFen: row.credits_posted,
    debitsOpenPendingFen: row.debits_open,
    creditsOpenPendingFen: row.credits_open,
  }));
}
