import type { Sql } from '../../../db/client.ts';
import { MAX_EXPORT_ROWS, moneyColumns, type ExportColumn } from '../../../domain/exports/table.ts';
import { authorize } from '../../authz/authorize.ts';
import type { Actor } from '../../authz/actor.ts';
import { renderExport, type ExportFile, type ExportFormat } from '../../exports/render-export.ts';

interface UsageExportRow {
  id: string;
  request_id: string;
  created_at: Date;
  key_id: string | null;
  project_id: string | null;
  model_id: string;
  provider_id: string;
  program_id: string | null;
  status: string;
  input_tokens: number;
  output_tokens: number;
  cached_input_tokens: number;
  latency_ms: number;
  first_token_ms: number | null;
  cost_micro_fen: bigint;
  voucher_micro_fen: bigint;
  wallet_micro_fen: bigint;
  billed_fen: bigint;
  billed_voucher_fen: bigint;
  billed_wallet_fen: bigint;
}

const text = (header: string, value: (row: UsageExportRow) => string | null) =>
  ({ header, kind: 'text', value }) as const;
const integer = (header: string, value: (row: UsageExportRow) => number | bigint | null) =>
  ({ header, kind: 'integer', value }) as const;

const columns: ExportColumn<UsageExportRow>[] = [
  text('id', (row) => row.id),
  text('request_id', (row) => row.request_id),
  { header: 'created_at', kind: 'datetime', value: (row) => row.created_at },
  text('key_id', (row) => row.key_id),
  text('project_id', (row) => row.project_id),
  text('model_id', (row) => row.model_id),
  text('provider_id', (row) => row.provider_id),
  text('program_id', (row) => row.program_id),
  text('status', (row) => row.status),
  integer('input_tokens', (row) => row.input_tokens),
  integer('output_tokens', (row) => row.output_tokens),
  integer('cached_input_tokens', (row) => row.cached_input_tokens),
  integer('latency_ms', (row) => row.latency_ms),
  integer('first_token_ms', (row) => row.first_token_ms),
  // Exact costs in millionths of a fen, and the whole fen each call added to the ledger.
  integer('cost_micro_fen', (row) => row.cost_micro_fen),
  integer('voucher_micro_fen', (row) => row.voucher_micro_fen),
  integer('wallet_micro_fen', (row) => row.wallet_micro_fen),
  ...moneyColumns<UsageExportRow>('billed', (row) => row.billed_fen),
  ...moneyColumns<UsageExportRow>('billed_voucher', (row) => row.billed_voucher_fen),
  ...moneyColumns<UsageExportRow>('billed_wallet', (row) => row.billed_wallet_fen),
];

/**
 * An enterprise's model calls over `from`–`to` as CSV or XLSX (the same columns as the REST
 * list; at most MAX_EXPORT_ROWS rows, else narrow the period).
 *
 * @example
 * const file = await exportUsageRecords({ sql, actor, enterpriseId, from, to, format: 'csv', now });
 */
export async function exportUsageRecords(options: {
  sql: Sql;
  actor: Actor;
  enterpriseId: string;
  from: Date;
  to: Date;
  format: ExportFormat;
  now: Date;
}): Promise<ExportFile> {
  const { sql, actor, enterpriseId, from, to } = options;
  authorize(actor, 'gatewayUsage.read', { tenantId: enterpriseId });
  const rows = await sql.query<UsageExportRow>(
    `select id::text, request_id, created_at, key_id, project_id, model_id, provider_id::text,
            program_id, status, input_tokens, output_tokens, cached_input_tokens, latency_ms,
            first_token_ms, cost_micro_fen, voucher_micro_fen, wallet_micro_fen, billed_fen,
            billed_voucher_fen, billed_wallet_fen
       from gateway_usage_records
      where enterprise_id = $1 and created_at >= $2 and created_at < $3
      order by created_at, id limit $4`,
    [enterpriseId, from, to, MAX_EXPORT_ROWS + 1],
  );
  return renderExport({
    format: options.format,
    name: 'gateway-usage',
    columns,
    rows,
    now: options.now,
  });
}
