import type { Sql } from '../../../db/client.ts';
import { roles, type AuthContext } from '../../../services/access/index.ts';
import {
  assertEntityOfOperator,
  assertProgramOfOperator,
  type Claim,
} from '../../../services/vouchers/index.ts';
import { assertSameTenant } from '../auth.ts';

/**
 * The operator tenant whose programs an operator-staff caller is limited to, or null for
 * enterprise and provider callers (they are limited to their own tenant's rows instead).
 * See services/vouchers/program-scope.ts for why a program without an operator is nobody's.
 */
export function operatorTenantOf(auth: AuthContext): string | null {
  return auth.tenantKind === 'operator' ? auth.tenantId : null;
}

/** `{ operatorTenantId }` for a service's list filter when the caller is operator staff. */
export function operatorFilter(auth: AuthContext): { operatorTenantId?: string } {
  const operatorTenantId = operatorTenantOf(auth);
  return operatorTenantId === null ? {} : { operatorTenantId };
}

/**
 * 404 NOT_FOUND unless the caller may read a voucher row of `ownerTenantId` (the enterprise,
 * or the provider for providers) under `programId`: its own tenant's, or for operator staff a
 * row under one of their operator tenant's programs.
 */
export async function assertVoucherReadable(
  sql: Sql,
  auth: AuthContext,
  row: { ownerTenantId: string; programId: string },
): Promise<void> {
  assertSameTenant(auth, row.ownerTenantId, { operatorMay: true });
  const operatorTenantId = operatorTenantOf(auth);
  if (operatorTenantId !== null) {
    await assertProgramOfOperator(sql, row.programId, operatorTenantId);
  }
}

/**
 * Who may read a claim and everything of it (evidence included): its enterprise's users, its
 * provider, and operator staff of the program's operator tenant — every role, each limited by
 * `assertClaimReadable`.
 */
export const CLAIM_READERS = roles;

/** 404 NOT_FOUND unless the caller may read `claim` (see CLAIM_READERS). */
export async function assertClaimReadable(
  sql: Sql,
  auth: AuthContext,
  claim: Claim,
): Promise<void> {
  await assertVoucherReadable(sql, auth, {
    ownerTenantId: auth.tenantKind === 'provider' ? claim.providerId : claim.enterpriseId,
    programId: claim.programId,
  });
}

/**
 * 404 NOT_FOUND unless the application, grant or claim an operator-staff action addresses is
 * under one of the caller's operator tenant's programs (checked before the use-case runs, so a
 * refused action changes nothing).
 */
export async function assertOperatorMayAct(
  sql: Sql,
  auth: AuthContext,
  entity: 'application' | 'grant' | 'claim',
  id: string,
): Promise<void> {
  await assertEntityOfOperator(sql, entity, id, auth.tenantId);
}
