import type { Database } from '../../../db/client.ts';
import { CNY_LEDGER } from '../../../domain/gateway/account-plan.ts';
import { ledgerIdFor, transferCodes } from '../../../domain/vouchers/account-plan.ts';
import { createTransfers } from '../../ledger/index.ts';
import { findLeaseGrant } from './grant-funding.ts';
import { EnterpriseLease } from './lease.ts';
import { ensureWalletAccounts } from './wallet-accounts.ts';

/**
 * Opens an enterprise's lease in this process: its wallet accounts (created if new) and its
 * model voucher, whose own reservation (budget → grant) is posted by its first use as a first
 * claim does, with the same transfer id — whichever comes first posts it, the other finds it.
 * The lease holds nothing yet: the next settlement round leases the first slices.
 */
export async function openEnterpriseLease(
  db: Database,
  enterpriseId: string,
  now: Date,
): Promise<EnterpriseLease> {
  await ensureWalletAccounts(db, enterpriseId);
  const grant = await findLeaseGrant(db, enterpriseId, now);
  if (grant) {
    await createTransfers({
      sql: db,
      now,
      transfers: [
        {
          id: ledgerIdFor('grant', grant.grantId, 'post'),
          debitAccountId: grant.budgetAccountId,
          creditAccountId: grant.accountId,
          amountFen: 0n,
          ledger: CNY_LEDGER,
          code: transferCodes.reserveGrant,
          flags: { postPending: true },
          pendingId: grant.reservationTransferId,
        },
      ],
    });
  }
  return new EnterpriseLease(enterpriseId, grant);
}
