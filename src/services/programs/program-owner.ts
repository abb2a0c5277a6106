import type { Sql } from '../../db/client.ts';
import { DomainError } from '../../domain/shared/errors.ts';

/**
 * Which operator tenant a program belongs to, in the two places it matters. Publishing a new
 * version: `programOwner` and `assertMayPublishProgram`. Its vouchers and the 公示 lists built
 * from them: `operatorProgramsSql` and `assertProgramOfOperator` — a program's vouchers belong
 * to the operator tenant that published the version it was opened under
 * (`voucher_programs.operator_tenant_id`, see `activateProgram`); operator staff see and act on
 * the vouchers of their own tenant's programs only. A program without an operator tenant
 * (published by the system: catalog files, the CLI) belongs to no operator — the strict reading:
 * no operator staff see its vouchers, so one city's bureau never reviews another's catalog
 * program by accident. Jobs and the CLI still act on it.
 */

/**
 * The operator tenant a program belongs to: the one its vouchers were opened under
 * (`voucher_programs.operator_tenant_id`), else the tenant of the operator user who published
 * its latest version through the API. Null when only the system published it (catalog files,
 * the CLI): nobody's yet, so an operator may take it up by publishing a version of it.
 */
export async function programOwner(sql: Sql, programId: string): Promise<string | null> {
  const [row] = await sql.query<{ owner: string | null }>(
    `select coalesce(
       (select vp.operator_tenant_id from voucher_programs vp where vp.program_id = $1),
       (select u.tenant_id from program_versions v
          join users u on u.id::text = v.published_by
          join tenants t on t.id = u.tenant_id and t.kind = 'operator'
         where v.program_id = $1 order by v.version desc limit 1)) as owner`,
    [programId],
  );
  return row?.owner ?? null;
}

/**
 * Throws FORBIDDEN when the program belongs to another operator tenant than
 * `operatorTenantId`: one city's bureau does not rewrite another's program (the catalog is
 * public, so the id is no secret and 403 tells the caller what happened).
 */
export async function assertMayPublishProgram(
  sql: Sql,
  programId: string,
  operatorTenantId: string,
): Promise<void> {
  const owner = await programOwner(sql, programId);
  if (owner !== null && owner !== operatorTenantId) {
    throw new DomainError('FORBIDDEN', `${programId} belongs to another operator tenant`, {
      field: 'id',
      programId,
    });
  }
}

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
