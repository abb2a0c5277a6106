import { DomainError } from '../shared/errors.ts';

/** The six roles (docs/architecture.md#who-uses-it), each tied to one kind of tenant. */
export const roles = [
  'operator-admin',
  'reviewer',
  'auditor',
  'enterprise-admin',
  'enterprise-member',
  'provider-admin',
] as const;

export type Role = (typeof roles)[number];

export const tenantKinds = ['operator', 'enterprise', 'provider'] as const;
export type TenantKind = (typeof tenantKinds)[number];

/** Which roles a user of each kind of tenant may hold. */
export const rolesByTenantKind: Readonly<Record<TenantKind, readonly Role[]>> = {
  operator: ['operator-admin', 'reviewer', 'auditor'],
  enterprise: ['enterprise-admin', 'enterprise-member'],
  provider: ['provider-admin'],
};

/** Roles of the operator tenant: they oversee every tenant's data. */
export const operatorRoles: readonly Role[] = rolesByTenantKind.operator;

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}

/**
 * Checks that `requested` roles are non-empty, known, unique and fit the tenant's kind.
 * Throws VALIDATION_FAILED naming the `roles` field otherwise.
 *
 * @example
 * checkRolesForTenant(['enterprise-admin'], 'enterprise'); // ok
 */
export function checkRolesForTenant(requested: readonly string[], kind: TenantKind): Role[] {
  if (requested.length === 0) {
    throw new DomainError('VALIDATION_FAILED', 'roles: at least one role', { field: 'roles' });
  }
  const allowed = rolesByTenantKind[kind];
  const result: Role[] = [];
  for (const [index, role] of requested.entries()) {
    if (!isRole(role) || !allowed.includes(role)) {
      throw new DomainError(
        'VALIDATION_FAILED',
        `roles.${index}: ${role} is not a role of a ${kind} tenant (${allowed.join(', ')})`,
        { field: `roles.${index}` },
      );
    }
    if (!result.includes(role)) result.push(role);
  }
  return result;
}

/**
 * Which roles a creator may hand out: an operator-admin any role of any tenant; an
 * enterprise-admin only enterprise roles in its own tenant. Everyone else none.
 */
export function mayGrantRoles(
  creatorRoles: readonly Role[],
  sameTenant: boolean,
  targetKind: TenantKind,
): boolean {
  if (creatorRoles.includes('operator-admin')) return true;
  return sameTenant && targetKind === 'enterprise' && creatorRoles.includes('enterprise-admin');
}
