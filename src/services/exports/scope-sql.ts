import type { Actor } from '../authz/actor.ts';
import { listScope } from '../authz/authorize.ts';

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
