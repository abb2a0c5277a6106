import type { Sql } from '../../db/client.ts';
import { DomainError } from '../../domain/shared/errors.ts';

/**
 * Operator-tenant scoping of the voucher entities: an application, grant or claim belongs to the
 * operator tenant of its program (see `operatorProgramsSql` in services/programs/program-owner.ts
 * for which programs those are).
 */

const ENTITY_TABLES = {
  application: 'voucher_applications',
  grant: 'voucher_grants',
  claim: 'voucher_claims',
} as const;

/**
 * Throws NOT_FOUND unless the application, grant or claim exists under a program of
 * `operatorTenantId`. Ownership never changes (a program's operator tenant is set once, an
 * entity's program never), so checking before the use-case's own transaction is race-free.
 *
 * @example
 * await assertEntityOfOperator(sql, 'claim', claimId, auth.tenantId);
 */
export async function assertEntityOfOperator(
  sql: Sql,
  entity: keyof typeof ENTITY_TABLES,
  id: string,
  operatorTenantId: string,
): Promise<void> {
  const rows = await sql.query(
    `select 1 from ${ENTITY_TABLES[entity]} e
       join voucher_programs vp on vp.program_id = e.program_id
      where e.id = $1 and vp.operator_tenant_id = $2::uuid`,
    [id, operatorTenantId],
  );
  if (rows.length === 0) throw new DomainError('NOT_FOUND');
}
