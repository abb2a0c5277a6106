import type { Sql } from '../../db/client.ts';
import { accountBalance, type AccountBalance } from '../../domain/ledger/index.ts';
import { lookupAccounts } from './lookup-accounts.ts';

/**
 * Settled / in-flight / committed / available balances of these accounts (definitions on
 * `AccountBalance`), in the order asked; unknown ids are left out.
 *
 * @example
 * const [grant] = await getBalances({ sql: db, ids: [grantId] });
 * grant?.availableFen // what a new redemption may still take
 */
export async function getBalances(options: {
  sql: Sql;
  ids: readonly string[];
}): Promise<AccountBalance[]> {
  const accounts = await lookupAccounts(options);
  return accounts.map(accountBalance);
}
