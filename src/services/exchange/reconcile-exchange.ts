import type { Sql } from '../../db/client.ts';
import { exchangeAccountCodes } from '../../domain/exchange/account-plan.ts';
import {
  reconcileEnterprise,
  reconcileOrder,
  reconcileProvider,
  type ExchangeFinding,
} from '../../domain/exchange/reconciliation.ts';

export interface ExchangeReconciliation {
  ok: boolean;
  providers: number;
  enterprises: number;
  orders: number;
  findings: ExchangeFinding[];
}

/** Most findings one run reports (the first ones; a broken ledger would report every row). */
const FINDINGS_MAX = 100;

/**
 * Reconciles the exchange's ledger accounts with its records, for `suanli ledger verify`: every
 * provider's payable and paid-out balances with its invoices and payouts, every enterprise's
 * receivable with its invoices, every order's settled totals with its invoices. Reads only.
 *
 * @example
 * const report = await reconcileExchange({ sql: db });
 * if (!report.ok) for (const finding of report.findings) console.error(finding.message);
 */
export async function reconcileExchange(options: { sql: Sql }): Promise<ExchangeReconciliation> {
  const { sql } = options;
  const codes = exchangeAccountCodes;
  const providers = await sql.query<{
    provider_id: string;
    invoiced: bigint;
    paid: bigint;
    payable: bigint;
    paid_out: bigint;
  }>(
    `select substr(a.user_data, 10)::uuid as provider_id,
            coalesce((select sum(enterprise_fen) from exchange_invoices i
                       where i.provider_id = substr(a.user_data, 10)::uuid), 0)::int8 as invoiced,
            coalesce((select sum(amount_fen) from exchange_payouts p
                       where p.provider_id = substr(a.user_data, 10)::uuid), 0)::int8 as paid,
            a.credits_posted - a.debits_posted as payable,
            coalesce((select o.credits_posted - o.debits_posted from ledger_accounts o
                       where o.code = $2 and o.user_data = a.user_data), 0)::int8 as paid_out
       from ledger_accounts a where a.code = $1 order by a.id`,
    [codes.providerPayable, codes.providerPaidOut],
  );
  const enterprises = await sql.query<{ enterprise_id: string; invoiced: bigint; owed: bigint }>(
    `select substr(a.user_data, 12)::uuid as enterprise_id,
            coalesce((select sum(enterprise_fen) from exchange_invoices i
                       where i.enterprise_id = substr(a.user_data, 12)::uuid), 0)::int8 as invoiced,
            a.debits_posted - a.credits_posted as owed
       from ledger_accounts a where a.code = $1 order by a.id`,
    [codes.enterpriseReceivable],
  );
  const orders = await sql.query<{
    id: string;
    settled_fen: bigint;
    settled_subsidy_fen: bigint;
    invoiced_fen: bigint;
    invoiced_subsidy_fen: bigint;
  }>(
    `select o.id, o.settled_fen, o.settled_subsidy_fen,
            coalesce(sum(i.amount_fen), 0)::int8 as invoiced_fen,
            coalesce(sum(i.subsidy_fen), 0)::int8 as invoiced_subsidy_fen
       from exchange_orders o left join exchange_invoices i on i.order_id = o.id
      group by o.id order by o.id`,
  );
  const findings = [
    ...providers.flatMap((row) =>
      reconcileProvider({
        providerId: row.provider_id,
        invoicedEnterpriseFen: row.invoiced,
        paidOutFen: row.paid,
        payableBalanceFen: row.payable,
        paidOutBalanceFen: row.paid_out,
      }),
    ),
    ...enterprises.flatMap((row) => reconcileEnterprise(row.enterprise_id, row.invoiced, row.owed)),
    ...orders.flatMap((row) =>
      reconcileOrder(
        row.id,
        { amountFen: row.settled_fen, subsidyFen: row.settled_subsidy_fen },
        { amountFen: row.invoiced_fen, subsidyFen: row.invoiced_subsidy_fen },
      ),
    ),
  ];
  return {
    ok: findings.length === 0,
    providers: providers.length,
    enterprises: enterprises.length,
    orders: orders.length,
    findings: findings.slice(0, FINDINGS_MAX),
  };
}
