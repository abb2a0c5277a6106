import type { Sql } from '../../db/client.ts';
import { MAX_EXPORT_ROWS, moneyColumns, type ExportColumn } from '../../domain/exports/table.ts';
import type { Actor } from '../authz/actor.ts';
import { authorize } from '../authz/authorize.ts';
import { renderExport, type ExportFile, type ExportFormat } from '../exports/render-export.ts';

interface StatementRow {
  kind: 'invoice' | 'payout';
  id: string;
  at: Date;
  order_id: string | null;
  contract_number: string | null;
  enterprise_name: string | null;
  card_hours: bigint | null;
  amount_fen: bigint;
  subsidy_fen: bigint | null;
  enterprise_fen: bigint | null;
  subsidy_mode: string | null;
}

const columns: ExportColumn<StatementRow>[] = [
  { header: 'kind', kind: 'text', value: (row) => row.kind },
  { header: 'id', kind: 'text', value: (row) => row.id },
  { header: 'at', kind: 'datetime', value: (row) => row.at },
  { header: 'order_id', kind: 'text', value: (row) => row.order_id },
  { header: 'contract_number', kind: 'text', value: (row) => row.contract_number },
  { header: 'enterprise_name', kind: 'text', value: (row) => row.enterprise_name },
  { header: 'card_hours', kind: 'integer', value: (row) => row.card_hours },
  ...moneyColumns<StatementRow>('amount', (row) => row.amount_fen),
  ...moneyColumns<StatementRow>('subsidy', (row) => row.subsidy_fen),
  ...moneyColumns<StatementRow>('enterprise_share', (row) => row.enterprise_fen),
  { header: 'subsidy_mode', kind: 'text', value: (row) => row.subsidy_mode },
];

/**
 * A provider's exchange statement (CSV or XLSX): every invoice record of its settled usage —
 * amount, the subsidy's share, the enterprise's share — and every payout, in time order. The
 * provider's admins read their own; operator staff any provider's.
 *
 * @example
 * const file = await exportProviderStatement({ sql: db, actor, providerId, format: 'csv', now });
 */
export async function exportProviderStatement(options: {
  sql: Sql;
  actor: Actor;
  providerId: string;
  format: ExportFormat;
  now: Date;
}): Promise<ExportFile> {
  authorize(options.actor, 'providerStatement.read', { tenantId: options.providerId });
  const rows = await options.sql.query<StatementRow>(
    `select * from (
       select 'invoice' as kind, i.id, i.issued_at as at, i.order_id, o.contract_number,
              t.name as enterprise_name, r.card_hours, i.amount_fen, i.subsidy_fen,
              i.enterprise_fen, i.subsidy_mode
         from exchange_invoices i
         join exchange_orders o on o.id = i.order_id
         join exchange_usage_reports r on r.id = i.usage_report_id
         join tenants t on t.id = i.enterprise_id
        where i.provider_id = $1
       union all
       select 'payout', p.id, p.paid_at, null, null, null, null, p.amount_fen, null, null, null
         from exchange_payouts p where p.provider_id = $1
     ) statement order by at, id limit $2`,
    [options.providerId, MAX_EXPORT_ROWS + 1],
  );
  return renderExport({
    format: options.format,
    name: 'provider-statement',
    columns,
    rows,
    now: options.now,
  });
}
