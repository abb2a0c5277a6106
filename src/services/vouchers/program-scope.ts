import type { Sql } from '../../db/client.ts';
import { DomainError } from '../../domain/shared/errors.ts';

/**
 * Operator-tenant scoping of the vouchers. A program belongs to the operator tenant that
 * published the version it was opened under (`voucher_programs.operator_tenant_id`, see
 * `activateProgram`); operator staff see and act on the vouchers of their own tenant's programs
 * only. A program without an operator tenant (published by the system: catalog files, the CLI)
 * belongs to no operator — the strict reading: no operator staff see it, so one city's bureau
 * never reviews another's catalog program by accident. Jobs and the CLI still act on it.
 */

/**
 * SQL condition: the program id in `column` belongs to the operator tenant in parameter
 * `param` (a uuid, or null for no scoping: enterprise and provider callers, jobs).
 *
 * @example
 * `select … from voucher_grants where ${operatorProgramsSql('program_id', '$3')}`
 */
export function operatorProgramsSql(column: string, param: string): string {
  return `(${param}::uuid is null or ${column} in
    (select vp.program_id from voucher_programs vp where vp.operator_tenant_id = ${param}::uuid))`;
}

/**
 * Throws NOT_FOUND unless the program's vouchers belong to `operatorTenantId` (also when the
 * program has no vouchers yet), so the ids of another operator tenant's programs do not leak.
 *
 * @example
 * await assertProgramOfOperator(sql, 'hangzhou-city-compute', auth.tenantId);
 */
export async function assertProgramOfOperator(
  sql: Sql,
  programId: string,
  operatorTenantId: string,
): Promise<void> {
  const rows = await sql.query(
    'select 1 from voucher_programs where program_id = $1 and operator_tenant_id = $2::uuid',
    [programId, operatorTenantId],
  );
  if (rows.length === 0) throw new DomainError('NOT_FOUND', undefined, { field: 'programId' });
}
