import type { Sql } from '../../db/client.ts';
import { MAX_EXPORT_ROWS, type ExportColumn } from '../../domain/exports/table.ts';
import type { Actor } from '../authz/actor.ts';
import { listScope } from '../authz/authorize.ts';
import { renderExport, type ExportFile, type ExportFormat } from './render-export.ts';

/**
 * The row filter every voucher export query shares, as SQL over `vp` (voucher_programs) and the
 * row's enterprise and provider id columns, from `listScope(actor, 'export.read')`. Parameters
 * `$1` = the operator tenant whose programs' rows (operator staff: the table's `program` reach;
 * programs without an operator tenant are nobody's, services/programs/program-owner.ts), `$2` =
 * the tenant whose rows (an enterprise its own, a provider those where it is the provider: a
 * claim is its enterprise's and its provider's); null does not limit (jobs, the CLI).
 */
export function scopeSql(enterpriseColumn: string, providerColumn: string | null): string {
  const provider = providerColumn === null ? '' : ` or ${providerColumn} = $2::uuid`;
  return `($1::uuid is null or vp.operator_tenant_id = $1::uuid)
    and ($2::uuid is null or ${enterpriseColumn} = $2::uuid${provider})`;
}

/**
 * The first two parameters of every scoped query, for `actor`. Throws FORBIDDEN for roles
 * without `export.read`.
 */
export function scopeParams(actor: Actor): [string | null, string | null] {
  const scope = listScope(actor, 'export.read');
  return [scope.operatorTenantId, scope.tenantId];
}

/** What a caller asks of a scoped voucher export. */
export interface ScopedExportRequest {
  sql: Sql;
  /** Who exports (`export.read`): the rows follow from the table's reach. */
  actor: Actor;
  programId?: string | undefined;
  format: ExportFormat;
  now: Date;
}

/**
 * Runs one scoped export: `query` filters with `scopeSql` (`$1`, `$2`), takes the program as
 * `$3` (null: every program the actor reaches) and `limit $4`, one row over the export's maximum
 * so that renderExport can refuse a table it would cut short.
 */
export async function runScopedExport<Row extends object>(
  request: ScopedExportRequest,
  table: { name: string; columns: readonly ExportColumn<Row>[]; query: string },
): Promise<ExportFile> {
  const rows = await request.sql.query<Row>(table.query, [
    ...scopeParams(request.actor),
    request.programId ?? null,
    MAX_EXPORT_ROWS + 1,
  ]);
  return renderExport({
    format: request.format,
    name: table.name,
    columns: table.columns,
    rows,
    now: request.now,
  });
}
