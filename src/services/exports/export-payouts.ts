import { moneyColumns, type ExportColumn } from '../../domain/exports/table.ts';
import type { ExportFile } from './render-export.ts';
import { runScopedExport, scopeSql, type ScopedExportRequest } from './scope-sql.ts';

interface PayoutExportRow {
  claim_id: string;
  program_id: string;
  payee_kind: 'enterprise' | 'provider';
  payee_name: string;
  payee_id: string;
  enterprise_name: string;
  paid_fen: bigint;
  clawed_back_fen: bigint;
  paid_at: Date | null;
  publication_id: string | null;
}

const columns: ExportColumn<PayoutExportRow>[] = [
  { header: 'claim_id', kind: 'text', value: (row) => row.claim_id },
  { header: 'program_id', kind: 'text', value: (row) => row.program_id },
  { header: 'payee_kind', kind: 'text', value: (row) => row.payee_kind },
  { header: 'payee_id', kind: 'text', value: (row) => row.payee_id },
  { header: 'payee_name', kind: 'text', value: (row) => row.payee_name },
  { header: 'enterprise_name', kind: 'text', value: (row) => row.enterprise_name },
  ...moneyColumns<PayoutExportRow>('paid', (row) => row.paid_fen),
  ...moneyColumns<PayoutExportRow>('clawed_back', (row) => row.clawed_back_fen),
  { header: 'paid_at', kind: 'datetime', value: (row) => row.paid_at },
  { header: 'publication_id', kind: 'text', value: (row) => row.publication_id },
];

/**
 * Payouts: every claim paid out, to whom (the enterprise when the program reimburses, the
 * provider when it pays at the point of sale), when, and the closed publication (公示) that
 * allowed it. Scoped like claims.
 */
export function exportPayouts(request: ScopedExportRequest): Promise<ExportFile> {
  return runScopedExport<PayoutExportRow>(request, {
    name: 'payouts',
    columns,
    query: `select c.id as claim_id, c.program_id,
            case vp.disbursement when 'pay-provider' then 'provider' else 'enterprise' end as payee_kind,
            case vp.disbursement when 'pay-provider' then c.provider_id else c.enterprise_id end as payee_id,
            case vp.disbursement when 'pay-provider' then tp.name else te.name end as payee_name,
            te.name as enterprise_name, c.paid_fen, c.clawed_back_fen,
            (select t.at from voucher_transitions t
              where t.entity_type = 'claim' and t.entity_id = c.id and t.action = 'pay'
              order by t.seq desc limit 1) as paid_at,
            (select p.id from publication_entries pe join publications p on p.id = pe.publication_id
              where pe.claim_id = c.id and p.state = 'closed' order by p.closed_at limit 1) as publication_id
       from voucher_claims c
       join voucher_programs vp on vp.program_id = c.program_id
       join tenants te on te.id = c.enterprise_id
       join tenants tp on tp.id = c.provider_id
      where c.paid_fen > 0 and ${scopeSql('c.enterprise_id', 'c.provider_id')}
        and ($3::text is null or c.program_id = $3)
      order by c.created_at, c.id
      limit $4`,
  });
}
