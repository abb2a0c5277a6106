import type { Sql } from '../../db/client.ts';
import { assert } from '../../domain/shared/assert.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { isPublic, type Actor, type PublicActor } from '../authz/actor.ts';
import { authorize, isAuthorized, listScope } from '../authz/authorize.ts';
import type { Action } from '../authz/permissions.ts';

/** Which publications a caller reaches (the filter `loadPublication` and lists apply). */
export interface PublicationScope {
  /** Only publications of this operator tenant's programs; null: every operator's. */
  operatorTenantId: string | null;
  /** No drafts: the public sees published and closed lists only. */
  publicOnly: boolean;
}

/**
 * The publications `action` lets the caller reach, from the permission table: operator staff
 * those of their operator tenant's programs (`program` reach), jobs and the CLI all, the
 * public the published and closed ones of every operator (no action of the table; the public
 * routes take no other). Throws FORBIDDEN for roles without the action.
 *
 * @example
 * const scope = publicationScope(actor, 'publication.close');
 * const before = await loadPublication({ sql, publicationId, ...scope, lock: true });
 */
export function publicationScope(caller: Actor | PublicActor, action: Action): PublicationScope {
  if (isPublic(caller)) return { operatorTenantId: null, publicOnly: true };
  const scope = listScope(caller, action);
  // Publications are reached through their program only; a tenant or own reach for one of
  // these actions would need its own filter here.
  assert(scope.tenantId === null && scope.ownerUserId === null, `${action}: program reach`);
  return { operatorTenantId: scope.operatorTenantId, publicOnly: false };
}

/**
 * Throws NOT_FOUND unless the actor may take `action` on the vouchers of `programId`: operator
 * staff of its operator tenant (`voucher_programs.operator_tenant_id`), jobs and the CLI on
 * any. A program without vouchers or without an operator tenant is nobody's, so has no lists.
 * Returns the operator tenant, whose the publication will be.
 */
export async function authorizePublicationProgram(
  sql: Sql,
  actor: Actor,
  action: Action,
  programId: string,
): Promise<string> {
  authorize(actor, action);
  const [row] = await sql.query<{ operator_tenant_id: string | null }>(
    'select operator_tenant_id from voucher_programs where program_id = $1',
    [programId],
  );
  const operatorTenantId = row?.operator_tenant_id ?? null;
  if (
    operatorTenantId === null ||
    !isAuthorized(actor, action, { programOperatorTenantId: operatorTenantId })
  ) {
    throw new DomainError('NOT_FOUND', undefined, { field: 'programId' });
  }
  return operatorTenantId;
}
