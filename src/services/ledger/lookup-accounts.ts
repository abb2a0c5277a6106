import type { Sql } from '../../db/client.ts';
import { isLedgerId, type Account } from '../../domain/ledger/index.ts';
import { ACCOUNT_COLUMNS, toAccount, type AccountRow } from './rows.ts';

/**
 * The accounts with these ids, in the order asked; unknown (or malformed) ids are left out.
 *
 * @example
 * const [budget] = await lookupAccounts({ sql: db, ids: [budgetId] });
 */
export async function lookupAccounts(options: {
  sql: Sql;
  ids: readonly string[];
}): Promise<Account[]> {
  const ids = options.ids.filter(isLedgerId);
  if (ids.length === 0) return [];
  const rows = await options.sql.query<AccountRow>(
    `select ${ACCOUNT_COLUMNS} from ledger_accounts where id = any($1::uuid[])`,
    [ids],
  );
  const byId = new Map(rows.map((row) => [row.id, toAccount(row)]));
  return ids.flatMap((id) => {
    const account = byId.get(id);
    return account ? [account] : [];
  });
}
