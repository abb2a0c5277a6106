import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../../../db/client.ts';
import { inTransaction } from '../../../db/nested-transaction.ts';
import { CNY_LEDGER, gatewayTransferCodes } from '../../../domain/gateway/account-plan.ts';
import { MAX_FEN } from '../../../domain/shared/money.ts';
import { DomainError } from '../../../domain/shared/errors.ts';
import { recordAudit } from '../../audit/index.ts';
import { authorize, type Actor } from '../../authz/index.ts';
import { createTransfers, getBalances } from '../../ledger/index.ts';
import { ensureWalletAccounts } from './wallet-accounts.ts';

export interface DepositToWalletOptions {
  db: Database;
  actor: Actor;
  enterpriseId: string;
  amountFen: bigint;
  /** The payment it records (bank reference, invoice): for the audit log and the statement. */
  reference: string;
  requestId?: string;
  now: Date;
}

/**
 * Records money an enterprise paid in for model calls: deposits → wallet (one ledger transfer)
 * and an audit event, in one transaction. Only an operator admin records deposits (the
 * enterprise's own money comes through the operator's books). The enterprise must exist as an
 * enterprise tenant (404 otherwise).
 *
 * @example
 * await depositToWallet({ db, actor, enterpriseId, amountFen: 10_000n, reference: 'bank 2025-001', now });
 */
export async function depositToWallet(
  options: DepositToWalletOptions,
): Promise<{ transferId: string; walletFen: bigint }> {
  const { db, actor, enterpriseId, amountFen, now } = options;
  authorize(actor, 'wallet.deposit', { tenantId: enterpriseId });
  if (amountFen <= 0n || amountFen > MAX_FEN / 4n) {
    throw new DomainError('VALIDATION_FAILED', 'amountFen: a positive amount', {
      field: 'amountFen',
    });
  }
  const reference = options.reference.trim();
  if (reference.length === 0 || reference.length > 200) {
    throw new DomainError('VALIDATION_FAILED', 'reference: 1 to 200 characters', {
      field: 'reference',
    });
  }
  return inTransaction(db, async (tx) => {
    const [tenant] = await tx.query<{ id: string }>(
      `select id from tenants where id = $1 and kind = 'enterprise'`,
      [enterpriseId],
    );
    if (!tenant)
      throw new DomainError('NOT_FOUND', 'no such enterprise', { field: 'enterpriseId' });
    const ids = await ensureWalletAccounts(tx, enterpriseId);
    const transferId = uuidv7();
    const [result] = await createTransfers({
      sql: tx,
      now,
      transfers: [
        {
          id: transferId,
          debitAccountId: ids.deposits,
          creditAccountId: ids.wallet,
          amountFen,
          ledger: CNY_LEDGER,
          code: gatewayTransferCodes.walletDeposit,
          userData: `gateway:deposit:${enterpriseId}`,
        },
      ],
    });
    if (result?.status !== 'created') {
      throw result?.status === 'failed'
        ? result.error
        : new DomainError('CONFLICT', 'deposit exists');
    }
    const [balance] = await getBalances({ sql: tx, ids: [ids.wallet] });
    await recordAudit({
      sql: tx,
      actor,
      action: 'wallet.deposit',
      entity: { type: 'gatewayWallet', id: enterpriseId, tenantId: enterpriseId },
      after: { transferId, amountFen: amountFen.toString(), reference },
      ...(options.requestId === undefined ? {} : { requestId: options.requestId }),
      now,
    });
    return { transferId, walletFen: balance?.settledFen ?? 0n };
  });
}
