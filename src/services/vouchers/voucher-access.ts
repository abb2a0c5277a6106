import type { Sql } from '../../db/client.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { isPerson, type Actor } from '../authz/actor.ts';
import { authorize, listScope } from '../authz/authorize.ts';
import type { Action } from '../authz/permissions.ts';

/**
 * Whose the vouchers are, for `authorize`: an application, grant or claim is its enterprise's
 * (a claim also its provider's) and belongs to the operator tenant of its program (see
 * programs/program-owner.ts). Ownership never changes (an entity's program, a program's
 * operator tenant are set once), so checking before the use-case's own transaction is
 * race-free.
 */

const OWNERS = {
  application: { table: 'voucher_applications', providerColumn: 'null::uuid' },
  grant: { table: 'voucher_grants', providerColumn: 'null::uuid' },
  claim: { table: 'voucher_claims', providerColumn: 'e.provider_id' },
} as const;

export type VoucherEntity = keyof typeof OWNERS;

/**
 * Throws FORBIDDEN unless the actor's roles may take `action`, NOT_FOUND unless they may on
 * this application, grant or claim (or it does not exist).
 *
 * @example
 * await authorizeVoucher(sql, actor, 'claim.redeem', 'claim', claimId);
 */
export async function authorizeVoucher(
  sql: Sql,
  actor: Actor,
  action: Action,
  entity: VoucherEntity,
  id: string,
): Promise<void> {
  if (!isPerson(actor)) return;
  authorize(actor, action);
  const [row] = await sql.query<{
    enterprise_id: string;
    provider_id: string | null;
    operator_tenant_id: string | null;
  }>(
    `select e.enterprise_id, ${OWNERS[entity].providerColumn} as provider_id, vp.operator_tenant_id
       from ${OWNERS[entity].table} e left join voucher_programs vp on vp.program_id = e.program_id
      where e.id = $1`,
    [id],
  );
  if (!row) throw new DomainError('NOT_FOUND');
  authorize(actor, action, {
    tenantId: row.provider_id === null ? row.enterprise_id : [row.enterprise_id, row.provider_id],
    programOperatorTenantId: row.operator_tenant_id,
  });
}

/**
 * Throws NOT_FOUND unless the actor may take `action` on the vouchers of `programId` (staff of
 * the program's operator tenant; a program without vouchers yet is nobody's).
 */
export async function authorizeProgram(
  sql: Sql,
  actor: Actor,
  action: Action,
  programId: string | null,
): Promise<void> {
  if (!isPerson(actor)) return;
  authorize(actor, action);
  // No program (a bar from every program) would reach other operator tenants': nobody's.
  const [row] = await sql.query<{ operator_tenant_id: string | null }>(
    'select operator_tenant_id from voucher_programs where program_id = $1',
    [programId],
  );
  authorize(actor, action, { programOperatorTenantId: row?.operator_tenant_id ?? null });
}

/** The filters of a voucher list or enterprise view (`grant.list`, `balance.read`, …). */
export interface VoucherFilter {
  enterpriseId?: string;
  providerId?: string;
  operatorTenantId?: string;
}

/**
 * What a list of `action` shows the actor: an enterprise its own rows, a provider the claims it
 * is paid for, operator staff the rows under their operator tenant's programs (of
 * `requestedEnterpriseId` if given). A requested enterprise outside the reach is NOT_FOUND.
 */
export function voucherFilter(
  actor: Actor,
  action: Action,
  requestedEnterpriseId?: string,
): VoucherFilter {
  if (isPerson(actor) && actor.tenantKind === 'provider') {
    // A provider's claims are found by the provider column; naming an enterprise is a probe.
    if (requestedEnterpriseId !== undefined) throw new DomainError('NOT_FOUND');
    const scope = listScope(actor, action);
    return scope.tenantId === null ? {} : { providerId: scope.tenantId };
  }
  const scope = listScope(actor, action, requestedEnterpriseId);
  return {
    ...(scope.tenantId === null ? {} : { enterpriseId: scope.tenantId }),
    ...(scope.operatorTenantId === null ? {} : { operatorTenantId: scope.operatorTenantId }),
  };
}
