import type { Sql } from '../../db/client.ts';
import { DomainError } from '../../domain/shared/errors.ts';

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
