import { moneyColumns, type ExportColumn } from '../../domain/exports/table.ts';
import type { ExportFile } from './render-export.ts';
import { runScopedExport, scopeSql, type ScopedExportRequest } from './scope-sql.ts';

interface GrantExportRow {
  id: string;
  program_id: string;
  enterprise_id: string;
  enterprise_name: string;
  uscc: string | null;
  state: string;
  amount_fen: bigint;
  returned_fen: bigint;
  expires_at: Date;
  created_at: Date;
}

const columns: ExportColumn<GrantExportRow>[] = [
  { header: 'grant_id', kind: 'text', value: (row) => row.id },
  { header: 'program_id', kind: 'text', value: (row) => row.program_id },
  { header: 'enterprise_id', kind: 'text', value: (row) => row.enterprise_id },
  { header: 'enterprise_name', kind: 'text', value: (row) => row.enterprise_name },
  { header: 'uscc', kind: 'text', value: (row) => row.uscc },
  { header: 'state', kind: 'text', value: (row) => row.state },
  ...moneyColumns<GrantExportRow>('amount', (row) => row.amount_fen),
  ...moneyColumns<GrantExportRow>('returned', (row) => row.returned_fen),
  { header: 'expires_at', kind: 'datetime', value: (row) => row.expires_at },
  { header: 'created_at', kind: 'datetime', value: (row) => row.created_at },
];

/**
 * Grants (vouchers issued) as CSV or XLSX, oldest first, limited to what the actor reaches and
 * optionally one program. Providers see no grants (they are between program and enterprise).
 *
 * @example
 * const file = await exportGrants({ sql: db, actor, programId: 'hangzhou-2025', format: 'xlsx',
 *   now });
 */
export function exportGrants(request: ScopedExportRequest): Promise<ExportFile> {
  return runScopedExport<GrantExportRow>(request, {
    name: 'grants',
    columns,
    query: `select g.id, g.program_id, g.enterprise_id, t.name as enterprise_name, e.uscc, g.state,
            g.amount_fen, g.returned_fen, g.expires_at, g.created_at
       from voucher_grants g
       join voucher_programs vp on vp.program_id = g.program_id
       join tenants t on t.id = g.enterprise_id
       left join enterprises e on e.id = g.enterprise_id
      where ${scopeSql('g.enterprise_id', null)} and ($3::text is null or g.program_id = $3)
      order by g.created_at, g.id
      limit $4`,
  });
}
