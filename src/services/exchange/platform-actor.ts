import type { Actor, SystemActor } from '../authz/actor.ts';

/**
 * The platform acting on its own rules for a step a person set off, after that person was
 * authorised for the step itself: a clearing run an operator started makes orders and claims
 * for the enterprises, a cancellation rejects the order's claim. The person stays in the audit
 * log (user, tenant, request id) while the voucher steps are not refused for roles the person
 * does not need to hold (an operator does not draft claims; an enterprise does not reject them).
 */
export function platformActorFor(actor: Actor): SystemActor {
  return {
    via: 'system',
    userId: actor.userId,
    tenantId: actor.tenantId,
    tenantKind: null,
    roles: [],
    scopes: [],
    credentialId: null,
    requestId: actor.requestId,
  };
}
