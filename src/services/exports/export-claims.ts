import { moneyColumns, type ExportColumn } from '../../domain/exports/table.ts';
import type { ExportFile } from './render-export.ts';
import { runScopedExport, scopeSql, type ScopedExportRequest } from './scope-sql.ts';

interface ClaimExportRow {
  id: string;
  grant_id: string;
  program_id: string;
  enterprise_name: string;
  enterprise_uscc: string | null;
  provider_name: string;
  state: string;
  contract_id: string;
  contract_signed_on: string;
  contract_amount_fen: bigint;
  invoice_number: string | null;
  invoice_amount_fen: bigint | null;
  reserved_fen: bigint;
  redeemed_fen: bigint;
  paid_fen: bigint;
  clawed_back_fen: bigint;
  created_at: Date;
  updated_at: Date;
}

const columns: ExportColumn<ClaimExportRow>[] = [
  { header: 'claim_id', kind: 'text', value: (row) => row.id },
  { header: 'grant_id', kind: 'text', value: (row) => row.grant_id },
  { header: 'program_id', kind: 'text', value: (row) => row.program_id },
  { header: 'enterprise_name', kind: 'text', value: (row) => row.enterprise_name },
  { header: 'enterprise_uscc', kind: 'text', value: (row) => row.enterprise_uscc },
  { header: 'provider_name', kind: 'text', value: (row) => row.provider_name },
  { header: 'state', kind: 'text', value: (row) => row.state },
  { header: 'contract_id', kind: 'text', value: (row) => row.contract_id },
  { header: 'contract_signed_on', kind: 'text', value: (row) => row.contract_signed_on },
  ...moneyColumns<ClaimExportRow>('contract_amount', (row) => row.contract_amount_fen),
  { header: 'invoice_number', kind: 'text', value: (row) => row.invoice_number },
  ...moneyColumns<ClaimExportRow>('invoice_amount', (row) => row.invoice_amount_fen),
  ...moneyColumns<ClaimExportRow>('reserved', (row) => row.reserved_fen),
  ...moneyColumns<ClaimExportRow>('redeemed', (row) => row.redeemed_fen),
  ...moneyColumns<ClaimExportRow>('paid', (row) => row.paid_fen),
  ...moneyColumns<ClaimExportRow>('clawed_back', (row) => row.clawed_back_fen),
  { header: 'created_at', kind: 'datetime', value: (row) => row.created_at },
  { header: 'updated_at', kind: 'datetime', value: (row) => row.updated_at },
];

/**
 * Claims with their amounts at every stage (reserved, redeemed, paid, clawed back), limited to
 * what the actor reaches: operator staff the claims of their programs, an enterprise its claims, a provider the claims
 * on its contracts.
 */
export function exportClaims(request: ScopedExportRequest): Promise<ExportFile> {
  return runScopedExport<ClaimExportRow>(request, {
    name: 'claims',
    columns,
    query: `select c.id, c.grant_id, c.program_id, te.name as enterprise_name, e.uscc as enterprise_uscc,
            tp.name as provider_name, c.state, c.contract_id, c.contract_signed_on::text as contract_signed_on,
            c.contract_amount_fen, c.invoice_number, c.invoice_amount_fen, c.reserved_fen,
            c.redeemed_fen, c.paid_fen, c.clawed_back_fen, c.created_at, c.updated_at
       from voucher_claims c
       join voucher_programs vp on vp.program_id = c.program_id
       join tenants te on te.id = c.enterprise_id
       join tenants tp on tp.id = c.provider_id
       left join enterprises e on e.id = c.enterprise_id
      where ${scopeSql('c.enterprise_id', 'c.provider_id')} and ($3::text is null or c.program_id = $3)
      order by c.created_at, c.id
      limit $4`,
  });
}
