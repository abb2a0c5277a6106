import type { ExportScope } from './render-export.ts';

/**
 * The tenant filter every export query shares, as SQL over `vp` (voucher_programs) and the
 * row's enterprise and provider id columns. Parameters `$1` = tenant id, `$2` = tenant kind.
 * Operators see their programs — not programs without an operator tenant, which are nobody's
 * (the vouchers' strict reading, services/programs/program-owner.ts); an enterprise its own
 * rows; a provider the rows where it is the provider.
 */
export function scopeSql(enterpriseColumn: string, providerColumn: string | null): string {
  const provider = providerColumn === null ? 'false' : `${providerColumn} = $1::uuid`;
  return `(case $2::text
    when 'operator' then vp.operator_tenant_id = $1::uuid
    when 'enterprise' then ${enterpriseColumn} = $1::uuid
    when 'provider' then ${provider}
    else false end)`;
}

/** The first two parameters of every scoped query. */
export function scopeParams(scope: ExportScope): [string, string] {
  return [scope.tenantId, scope.tenantKind];
}
