import type { Role, TenantKind } from '../../domain/access/roles.ts';

export type ApiKeyScope = 'read' | 'write' | 'gateway';
export const apiKeyScopes: readonly ApiKeyScope[] = ['read', 'write', 'gateway'];

/**
 * A person acting through a signed-in session (`via: 'session'`) or through one of their API
 * keys (`via: 'apiKey'`). Roles are read from the user on every request, so a change applies at
 * once; an API key's scopes are already cut down to what those roles may do (see
 * `effectiveKeyScopes`).
 */
export interface PersonActor {
  via: 'session' | 'apiKey';
  userId: string;
  tenantId: string;
  tenantKind: TenantKind;
  roles: Role[];
  /** Sessions hold `read` and `write`; an API key the scopes it was created with, if allowed. */
  scopes: ApiKeyScope[];
  /** The session (via session) or key (via apiKey) that authenticated the request. */
  credentialId: string;
  /** Carried into every audit event and transition row the request writes. */
  requestId: string | null;
}

/**
 * A background job (expiry, publication closing), the command line or a seeder: no roles, and
 * `authorize` lets it do everything — jobs act on the platform's own rules, not for someone. A
 * seeder that plays a user (the demo story) names the user and tenant for the audit log only.
 */
export interface SystemActor {
  via: 'system' | 'cli';
  userId: string | null;
  tenantId: string | null;
  tenantKind: null;
  roles: readonly Role[];
  scopes: readonly ApiKeyScope[];
  credentialId: null;
  requestId: string | null;
}

/**
 * Who does something: passed into every use-case that acts for someone, checked there with
 * `authorize`, and written into the audit log (it fits `AuditActor`).
 *
 * @example
 * await revokeApiKey({ db, actor, id, now });
 */
export type Actor = PersonActor | SystemActor;

/** The actor of background jobs and seeders. */
export const systemActor: SystemActor = {
  via: 'system',
  userId: null,
  tenantId: null,
  tenantKind: null,
  roles: [],
  scopes: [],
  credentialId: null,
  requestId: null,
};

/** The actor of the `suanli` command line (an operator at the machine, recorded as `cli`). */
export const cliActor: SystemActor = { ...systemActor, via: 'cli' };

export function isPerson(actor: Actor): actor is PersonActor {
  return actor.via === 'session' || actor.via === 'apiKey';
}

/**
 * Anyone on the internet, not signed in: the reader of the public 公示 lists and the filer of
 * an objection. Deliberately not an `Actor`: the permission table has no action for it and
 * `authorize` would let a non-person do everything, so only use-cases that serve the public
 * take it (`Actor | PublicActor`), and they decide what it sees (never a draft). Its audit
 * events name no one: objection filers are not identified.
 */
export interface PublicActor {
  via: 'public';
  requestId: string | null;
}

/** The anonymous public (pass `{ ...publicActor, requestId }` to trace a request). */
export const publicActor: PublicActor = { via: 'public', requestId: null };

export function isPublic(caller: Actor | PublicActor): caller is PublicActor {
  return caller.via === 'public';
}
