import { DomainError } from '../../domain/shared/errors.ts';
import { isPerson, type Actor, type PersonActor } from './actor.ts';
import { permissionOf, rolesFor, type Action, type Reach } from './permissions.ts';

/** Whose an object is, as far as `authorize` needs to know. */
export interface AuthzTarget {
  /** The tenant(s) the object belongs to: a claim is its enterprise's and its provider's. */
  tenantId?: string | readonly string[] | null | undefined;
  /** The person who owns it: an API key's creator, a user record's own user. */
  ownerUserId?: string | null | undefined;
  /** The operator tenant of the program it is under (null: a program of no operator). */
  programOperatorTenantId?: string | null | undefined;
}

/**
 * Checks the permission table: throws 403 FORBIDDEN when none of the actor's roles may take
 * `action` at all, and 404 NOT_FOUND when they may but not on `target` — so that ids of other
 * tenants' and other people's objects do not leak. Without a target only the roles are
 * checked (creating in one's own tenant, or before the object is loaded). Jobs and the command
 * line (system actors) may do everything.
 *
 * @example
 * authorize(actor, 'apiKey.revoke', { tenantId: key.tenantId, ownerUserId: key.createdBy });
 */
export function authorize(actor: Actor, action: Action, target?: AuthzTarget): void {
  if (!isPerson(actor)) return;
  const reaches = reachesOf(actor, action);
  if (reaches.length === 0) {
    const allowed = rolesFor(action);
    throw new DomainError('FORBIDDEN', `${action} needs one of the roles ${allowed.join(', ')}`, {
      action,
      roles: allowed,
    });
  }
  if (target === undefined) return;
  if (!reaches.some((reach) => targetWithin(actor, reach, target))) {
    throw new DomainError('NOT_FOUND');
  }
}

/** Whether `authorize` would pass (for choosing what to show, never instead of it). */
export function isAuthorized(actor: Actor, action: Action, target?: AuthzTarget): boolean {
  try {
    authorize(actor, action, target);
    return true;
  } catch (error) {
    if (error instanceof DomainError) return false;
    throw error;
  }
}

/** What a list query of `action` is limited to; null fields do not limit. */
export interface ListScope {
  /** Only rows of this tenant (an enterprise, a provider, an operator). */
  tenantId: string | null;
  /** Only rows under programs of this operator tenant. */
  operatorTenantId: string | null;
  /** Only rows owned by this person. */
  ownerUserId: string | null;
}

const WIDTH: Record<Reach, number> = { own: 0, tenant: 1, program: 2, any: 3 };

/**
 * The filter a list of `action` applies for `actor`, from the widest reach of its roles;
 * `requestedTenantId` narrows it (a query parameter) and is NOT_FOUND when outside the reach.
 * Throws FORBIDDEN like `authorize` for roles without the action.
 *
 * @example
 * const scope = listScope(actor, 'apiKey.list');
 * // reviewer → { tenantId: its tenant, operatorTenantId: null, ownerUserId: its user id }
 */
export function listScope(actor: Actor, action: Action, requestedTenantId?: string): ListScope {
  const requested = requestedTenantId ?? null;
  if (!isPerson(actor)) return { tenantId: requested, operatorTenantId: null, ownerUserId: null };
  authorize(actor, action);
  const widest = reachesOf(actor, action).sort((a, b) => WIDTH[b] - WIDTH[a])[0] ?? 'own';
  if (widest === 'any') return { tenantId: requested, operatorTenantId: null, ownerUserId: null };
  if (widest === 'program') {
    return { tenantId: requested, operatorTenantId: actor.tenantId, ownerUserId: null };
  }
  if (requested !== null && requested !== actor.tenantId) throw new DomainError('NOT_FOUND');
  return {
    tenantId: actor.tenantId,
    operatorTenantId: null,
    ownerUserId: widest === 'own' ? actor.userId : null,
  };
}

function reachesOf(actor: PersonActor, action: Action): Reach[] {
  const { reach } = permissionOf(action);
  return actor.roles.flatMap((role) => {
    const granted = reach[role];
    return granted === undefined ? [] : [granted];
  });
}

function targetWithin(actor: PersonActor, reach: Reach, target: AuthzTarget): boolean {
  const tenants = typeof target.tenantId === 'string' ? [target.tenantId] : (target.tenantId ?? []);
  switch (reach) {
    case 'any':
      return true;
    case 'program':
      return (
        actor.tenantKind === 'operator' &&
        target.programOperatorTenantId !== undefined &&
        target.programOperatorTenantId === actor.tenantId
      );
    case 'tenant':
      return tenants.includes(actor.tenantId);
    case 'own':
      return tenants.includes(actor.tenantId) && target.ownerUserId === actor.userId;
  }
}
