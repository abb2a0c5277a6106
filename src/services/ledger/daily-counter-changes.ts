import type { Sql } from '../../db/client.ts';
import { assert } from '../../domain/shared/assert.ts';

/** How one day's transfers changed one account's four counters (each may be negative). */
export interface DailyCounterChange {
  accountId: string;
  /** The Asia/Shanghai calendar day the transfers were booked on. */
  date: string;
  debitsPendingFen: bigint;
  debitsPostedFen: bigint;
  creditsPendingFen: bigint;
  creditsPostedFen: bigint;
}

/** Most accounts one call reads (a program's handful, in practice). */
export const MAX_DAILY_ACCOUNTS = 100;

/**
 * Per account and Asia/Shanghai day, how the transfers of that day changed the account's
 * counters, replayed as the ledger books them (and as `verifyLedger` recomputes them): a single
 * transfer moves posted counters, a pending one pending counters, a post releases its pending
 * amount and posts its own, a void or expiry releases the pending amount. Summed over every day
 * the changes equal the account's counters, so a day-by-day balance (a burn-down) comes out of
 * the ledger itself. Days without transfers are left out.
 *
 * @example
 * const changes = await dailyCounterChanges({ sql: db, accountIds: [budgetAccountId] });
 */
export async function dailyCounterChanges(options: {
  sql: Sql;
  accountIds: readonly string[];
}): Promise<DailyCounterChange[]> {
  const { sql, accountIds } = options;
  assert(accountIds.length <= MAX_DAILY_ACCOUNTS, 'dailyCounterChanges: too many accounts');
  if (accountIds.length === 0) return [];
  // The day is computed at the fixed UTC+8 of the platform's calendar, whatever the session's
  // time zone (src/domain/shared/calendar.ts).
  const rows = await sql.query<{
    account_id: string;
    day: string;
    debits_pending: bigint;
    debits_posted: bigint;
    credits_pending: bigint;
    credits_posted: bigint;
  }>(
    `with moves as (
       select t.kind, t.debit_account_id, t.credit_account_id, t.amount_fen,
              coalesce(p.amount_fen, 0) as pending_fen,
              to_char((t.created_at at time zone 'UTC') + interval '8 hours', 'YYYY-MM-DD') as day
         from ledger_transfers t
         left join ledger_transfers p on p.id = t.pending_id
        where t.debit_account_id = any($1::uuid[]) or t.credit_account_id = any($1::uuid[])),
     sides as (
       select debit_account_id as account_id, day, kind, amount_fen, pending_fen, true as debit
         from moves where debit_account_id = any($1::uuid[])
       union all
       select credit_account_id, day, kind, amount_fen, pending_fen, false
         from moves where credit_account_id = any($1::uuid[]))
     select account_id, day,
            coalesce(sum(case when not debit then 0
                              when kind = 'pending' then amount_fen
                              when kind in ('post', 'void', 'expire') then -pending_fen
                              else 0 end), 0)::int8 as debits_pending,
            coalesce(sum(case when debit and kind in ('single', 'post') then amount_fen
                              else 0 end), 0)::int8 as debits_posted,
            coalesce(sum(case when debit then 0
                              when kind = 'pending' then amount_fen
                              when kind in ('post', 'void', 'expire') then -pending_fen
                              else 0 end), 0)::int8 as credits_pending,
            coalesce(sum(case when not debit and kind in ('single', 'post') then amount_fen
                              else 0 end), 0)::int8 as credits_posted
       from sides group by account_id, day order by account_id, day`,
    [accountIds],
  );
  return rows.map((row) => ({
    accountId: row.account_id,
    date: row.day,
    debitsPendingFen: row.debits_pending,
    debitsPostedFen: row.debits_posted,
    creditsPendingFen: row.credits_pending,
    creditsPostedFen: row.credits_posted,
  }));
}
