import { describe, expect, it } from 'vitest';
import { DomainError } from '../shared/errors.ts';
import { checkRolesForTenant, mayGrantRoles } from './roles.ts';

describe('roles', () => {
  it('accepts roles that fit the tenant kind and removes duplicates', () => {
    expect(checkRolesForTenant(['reviewer', 'auditor', 'reviewer'], 'operator')).toEqual([
      'reviewer',
      'auditor',
    ]);
  });

  it('refuses a role of another tenant kind, naming the index', () => {
    expect(() => checkRolesForTenant(['enterprise-admin', 'operator-admin'], 'enterprise')).toThrow(
      /roles\.1/,
    );
    expect(() => checkRolesForTenant([], 'provider')).toThrow(DomainError);
    expect(() => checkRolesForTenant(['root'], 'operator')).toThrow(/roles\.0/);
  });

  it('lets only operator-admins grant across tenants', () => {
    expect(mayGrantRoles(['operator-admin'], false, 'provider')).toBe(true);
    expect(mayGrantRoles(['enterprise-admin'], true, 'enterprise')).toBe(true);
    expect(mayGrantRoles(['enterprise-admin'], false, 'enterprise')).toBe(false);
    expect(mayGrantRoles(['enterprise-member'], true, 'enterprise')).toBe(false);
    expect(mayGrantRoles(['provider-admin'], true, 'provider')).toBe(false);
  });
});
