import type { Sql } from '../../../db/client.ts';
import { gatewayTransferCodes, walletAccountIds } from '../../../domain/gateway/account-plan.ts';
import type { Actor } from '../../authz/actor.ts';
import { authorize } from '../../authz/authorize.ts';

/** A deposit into an enterprise's MaaS wallet, as the ledger booked it. */
export interface WalletDeposit {
  transferId: string;
  amountFen: bigint;
  /** The payment reference the operator recorded (from the deposit's audit event). */
  reference: string | null;
  depositedAt: Date;
}

export const MAX_DEPOSIT_PAGE = 200;

/**
 * An enterprise's wallet deposits, newest first: the ledger's deposit transfers into its wallet
 * (the amounts are the ledger's), each with the reference its audit event recorded. Read-only;
 * `wallet.read` (the enterprise's own, operator staff any).
 *
 * @example
 * const deposits = await listWalletDeposits({ sql: db, actor, enterpriseId, limit: 50 });
 */
export async function listWalletDeposits(options: {
  sql: Sql;
  actor: Actor;
  enterpriseId: string;
  limit: number;
}): Promise<WalletDeposit[]> {
  const { sql, enterpriseId } = options;
  authorize(options.actor, 'wallet.read', { tenantId: enterpriseId });
  const ids = walletAccountIds(enterpriseId);
  const rows = await sql.query<{
    id: string;
    amount_fen: bigint;
    created_at: Date;
    reference: string | null;
  }>(
    `select t.id, t.amount_fen, t.created_at,
            (select a.after_json::jsonb->>'reference' from audit_events a
              where a.entity_type = 'gatewayWallet' and a.entity_id = $3
                and a.action = 'wallet.deposit'
                and a.after_json::jsonb->>'transferId' = t.id::text
              limit 1) as reference
       from ledger_transfers t
      where t.credit_account_id = $1 and t.debit_account_id = $2 and t.code = $4
      order by t.seq desc limit $5`,
    [ids.wallet, ids.deposits, enterpriseId, gatewayTransferCodes.walletDeposit, options.limit],
  );
  return rows.map((row) => ({
    transferId: row.id,
    amountFen: row.amount_fen,
    reference: row.reference,
    depositedAt: row.created_at,
  }));
}
