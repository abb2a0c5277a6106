import { v7 as uuidv7 } from 'uuid';
import type { Sql } from '../../db/client.ts';
import {
  CNY_LEDGER,
  enterpriseReceivableId,
  exchangeAccountCodes,
  exchangeLedgerId,
  exchangeTransferCodes,
  providerAccountIds,
} from '../../domain/exchange/account-plan.ts';
import type { UsageSettlement } from '../../domain/exchange/settlement.ts';
import type { UsageReport } from '../../domain/exchange/usage-report.ts';
import { assert } from '../../domain/shared/assert.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { createAccounts, createTransfers, type NewTransfer } from '../ledger/index.ts';
import { ORDER_COLUMNS, toOrder, type Order, type OrderRow } from './rows.ts';

/**
 * Creates the exchange accounts of an enterprise and a provider (deterministic ids, so a second
 * call finds them): the enterprise's receivable (no limit: what it owes shows negative) and the
 * provider's payable (debits ≤ credits: never paid more than it earned) and paid-out accounts.
 */
export async function ensureExchangeAccounts(
  tx: Sql,
  parties: { enterpriseId?: string; providerId: string },
): Promise<void> {
  const provider = providerAccountIds(parties.providerId);
  const results = await createAccounts({
    sql: tx,
    accounts: [
      ...(parties.enterpriseId === undefined
        ? []
        : [
            {
              id: enterpriseReceivableId(parties.enterpriseId),
              ledger: CNY_LEDGER,
              code: exchangeAccountCodes.enterpriseReceivable,
              userData: `enterprise:${parties.enterpriseId}`,
            },
          ]),
      {
        id: provider.payable,
        ledger: CNY_LEDGER,
        code: exchangeAccountCodes.providerPayable,
        flags: { debitsMustNotExceedCredits: true },
        userData: `provider:${parties.providerId}`,
      },
      {
        id: provider.paidOut,
        ledger: CNY_LEDGER,
        code: exchangeAccountCodes.providerPaidOut,
        userData: `provider:${parties.providerId}`,
      },
    ],
  });
  for (const result of results) {
    assert(result.status !== 'failed', `exchange account ${result.id} could not be created`);
  }
}

/** Runs exchange transfers in the caller's transaction; a failure rolls everything back. */
export async function runExchangeTransfers(
  tx: Sql,
  transfers: readonly NewTransfer[],
  now: Date,
): Promise<void> {
  const results = await createTransfers({ sql: tx, transfers, now });
  for (const result of results) {
    if (result.status === 'failed') {
      throw new DomainError(result.error.code, result.error.message, {
        ...result.error.details,
        transferId: result.id,
      });
    }
  }
}

/**
 * Books one accepted usage report: the enterprise's share receivable → provider payable (the
 * transfer id follows from the report id, so a retry cannot book it twice), the report row,
 * its invoice record and the order's settled totals.
 */
export async function bookUsage(options: {
  tx: Sql;
  order: Order;
  report: UsageReport;
  keyId: string;
  cardHours: bigint;
  canonical: string;
  signatureBase64: string;
  settlement: UsageSettlement;
  now: Date;
}): Promise<{ invoiceId: string; order: Order }> {
  const { tx, order, report, settlement, now } = options;
  await ensureExchangeAccounts(tx, {
    enterpriseId: order.enterpriseId,
    providerId: order.providerId,
  });
  const transferId = exchangeLedgerId('usageReport', report.reportId, 'settle');
  if (settlement.enterpriseFen > 0n) {
    await runExchangeTransfers(
      tx,
      [
        {
          id: transferId,
          debitAccountId: enterpriseReceivableId(order.enterpriseId),
          creditAccountId: providerAccountIds(order.providerId).payable,
          amountFen: settlement.enterpriseFen,
          ledger: CNY_LEDGER,
          code: exchangeTransferCodes.usageSettled,
          userData: `order:${order.id}`,
        },
      ],
      now,
    );
  }
  await tx.query(
    `insert into exchange_usage_reports (id, order_id, provider_id, signing_key_id, period_from,
       period_to, card_hours, meters, canonical, signature, received_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11)`,
    [
      report.reportId,
      order.id,
      order.providerId,
      options.keyId,
      report.period.from,
      report.period.to,
      options.cardHours,
      JSON.stringify(
        Object.fromEntries(Object.entries(report.meters).map(([k, v]) => [k, v.toString()])),
      ),
      options.canonical,
      options.signatureBase64,
      now,
    ],
  );
  const invoiceId = uuidv7();
  await tx.query(
    `insert into exchange_invoices (id, usage_report_id, order_id, provider_id, enterprise_id,
       amount_fen, subsidy_fen, enterprise_fen, subsidy_mode, transfer_id, issued_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      invoiceId,
      report.reportId,
      order.id,
      order.providerId,
      order.enterpriseId,
      settlement.amountFen,
      settlement.subsidyFen,
      settlement.enterpriseFen,
      order.subsidyMode,
      settlement.enterpriseFen > 0n ? transferId : null,
      now,
    ],
  );
  const [row] = await tx.query<OrderRow>(
    `update exchange_orders set settled_card_hours = settled_card_hours + $2,
       settled_fen = settled_fen + $3, settled_subsidy_fen = settled_subsidy_fen + $4,
       state = case when settled_card_hours + $2 = card_hours then 'completed' else state end,
       updated_at = $5
     where id = $1 returning ${ORDER_COLUMNS}`,
    [order.id, options.cardHours, settlement.amountFen, settlement.subsidyFen, now],
  );
  assert(row !== undefined, 'bookUsage: the order row is locked by the caller');
  return { invoiceId, order: toOrder(row) };
}
