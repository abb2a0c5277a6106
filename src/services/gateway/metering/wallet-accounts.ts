import type { Sql } from '../../../db/client.ts';
import {
  CNY_LEDGER,
  gatewayAccountCodes,
  walletAccountIds,
  type WalletAccountIds,
} from '../../../domain/gateway/account-plan.ts';
import { createAccounts } from '../../ledger/index.ts';

/**
 * Creates an enterprise's wallet accounts — the wallet (debits ≤ credits: never negative), where
 * its deposits come from, and the holding account of its leases — idempotently.
 *
 * @example
 * const { wallet } = await ensureWalletAccounts(db, enterpriseId);
 */
export async function ensureWalletAccounts(
  sql: Sql,
  enterpriseId: string,
): Promise<WalletAccountIds> {
  const ids = walletAccountIds(enterpriseId);
  const results = await createAccounts({
    sql,
    accounts: [
      {
        id: ids.wallet,
        ledger: CNY_LEDGER,
        code: gatewayAccountCodes.wallet,
        flags: { debitsMustNotExceedCredits: true },
        userData: `gateway:wallet:${enterpriseId}`,
      },
      {
        id: ids.deposits,
        ledger: CNY_LEDGER,
        code: gatewayAccountCodes.walletDeposits,
        userData: `gateway:deposits:${enterpriseId}`,
      },
      {
        id: ids.holding,
        ledger: CNY_LEDGER,
        code: gatewayAccountCodes.leaseHolding,
        userData: `gateway:holding:${enterpriseId}`,
      },
    ],
  });
  for (const result of results) if (result.status === 'failed') throw result.error;
  return ids;
}
