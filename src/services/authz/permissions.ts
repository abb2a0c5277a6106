import { roles, type Role } from '../../domain/access/roles.ts';
import type { ApiKeyScope } from './actor.ts';

/**
 * On whose data a role may take an action:
 * - `own`: objects the person owns (their API keys, their own user), in their tenant;
 * - `tenant`: anything of the person's tenant;
 * - `program`: vouchers, publications and exports under programs of the person's operator
 *   tenant (`voucher_programs.operator_tenant_id`), whichever enterprise they belong to;
 * - `any`: every tenant's.
 */
export type Reach = 'own' | 'tenant' | 'program' | 'any';

export interface Permission {
  /** One line for docs/api.md. */
  summary: string;
  /** The API-key scope the action needs (sessions hold `read` and `write`). */
  scope: ApiKeyScope;
  /** Who may take the action and on whose data; a role not listed may not (403 FORBIDDEN). */
  reach: Readonly<Partial<Record<Role, Reach>>>;
  /**
   * Managing one's own credentials (sign out, API keys): such actions do not count towards
   * the scopes a role's API keys may hold, or an auditor's `write` to revoke its own key
   * would let its keys write.
   */
  credential?: true;
}

const STAFF = { 'operator-admin': 'program', reviewer: 'program', auditor: 'program' } as const;
const STAFF_ANY = { 'operator-admin': 'any', reviewer: 'any', auditor: 'any' } as const;
const ENTERPRISE = { 'enterprise-admin': 'tenant', 'enterprise-member': 'tenant' } as const;
const DECIDERS = { 'operator-admin': 'program', reviewer: 'program' } as const;
const EVERYONE_OWN = Object.fromEntries(roles.map((role) => [role, 'own'])) as Record<Role, 'own'>;
const EVERYONE_ANY = Object.fromEntries(roles.map((role) => [role, 'any'])) as Record<Role, 'any'>;
/** Admins manage their tenant's keys; everyone else only their own (separation of duties). */
const KEY_MANAGERS = {
  'operator-admin': 'tenant',
  reviewer: 'own',
  auditor: 'own',
  'enterprise-admin': 'tenant',
  'provider-admin': 'tenant',
} as const;
const LOG_READERS = {
  'operator-admin': 'any',
  auditor: 'any',
  'enterprise-admin': 'tenant',
  'provider-admin': 'tenant',
} as const;
/** Admins read their tenant's users (the operator admin every tenant's); everyone else themselves. */
const USER_READERS = {
  ...EVERYONE_OWN,
  'operator-admin': 'any',
  'enterprise-admin': 'tenant',
  'provider-admin': 'tenant',
} as const;

const read = (summary: string, reach: Permission['reach']): Permission => ({
  summary,
  scope: 'read',
  reach,
});
const write = (summary: string, reach: Permission['reach']): Permission => ({
  summary,
  scope: 'write',
  reach,
});

/**
 * THE PERMISSION TABLE: every action of the platform, who may take it and on whose data.
 * Routes name their action (`access: { action: 'apiKey.revoke' }`), so the OpenAPI document,
 * docs/api.md and the authorization-matrix test come from here; the services check it with
 * `authorize(actor, action, target)`.
 */
export const permissions = {
  'session.end': { ...write('Sign out', EVERYONE_OWN), credential: true },
  'me.read': read('Read who you are', EVERYONE_OWN),
  'user.create': write('Create a user', { 'operator-admin': 'any', 'enterprise-admin': 'tenant' }),
  'user.list': read('List users', USER_READERS),
  'user.read': read('Read a user', USER_READERS),
  'user.update': write('Rename, change roles, disable a user', {
    'operator-admin': 'any',
    'enterprise-admin': 'tenant',
  }),
  'apiKey.create': {
    ...write('Create an API key (always the creator’s own)', {
      'operator-admin': 'own',
      reviewer: 'own',
      auditor: 'own',
      'enterprise-admin': 'own',
      'provider-admin': 'own',
    }),
    credential: true,
  },
  'apiKey.list': { ...read('List API keys', KEY_MANAGERS), credential: true },
  'apiKey.revoke': { ...write('Revoke an API key', KEY_MANAGERS), credential: true },
  'auditEvent.list': read('Read the audit log', LOG_READERS),
  'loginAttempt.list': read('Read failed sign-ins', LOG_READERS),
  'enterprise.list': read('List enterprises', STAFF_ANY),
  'enterprise.register': write('Register an enterprise', { 'operator-admin': 'any' }),
  'enterprise.import': write('Import enterprises from CSV', { 'operator-admin': 'any' }),
  'enterprise.read': read('Read an enterprise', { ...STAFF_ANY, ...ENTERPRISE }),
  'enterprise.update': write('Change an enterprise', { 'operator-admin': 'any' }),
  'provider.list': read('List providers', EVERYONE_ANY),
  'provider.register': write('Register a provider', { 'operator-admin': 'any' }),
  'provider.read': read('Read a provider', EVERYONE_ANY),
  'signingKey.register': write('Register a provider’s signing key', {
    'operator-admin': 'any',
    'provider-admin': 'tenant',
  }),
  'signingKey.list': read('List a provider’s signing keys', {
    ...STAFF_ANY,
    'provider-admin': 'tenant',
  }),
  'signingKey.revoke': write('Revoke a provider’s signing key', {
    'operator-admin': 'any',
    'provider-admin': 'tenant',
  }),
  'relatedParty.list': read('Read related parties', STAFF_ANY),
  'relatedParty.link': write('Link related parties', { 'operator-admin': 'any' }),
  'partyPerson.list': read('List a party’s people', STAFF_ANY),
  'partyPerson.add': write('Add a person to a party', { 'operator-admin': 'any' }),
  'program.publish': write('Publish a program version', { 'operator-admin': 'tenant' }),
  'program.preview': write('Preview a draft program version', { 'operator-admin': 'tenant' }),
  'programBudget.read': read('Read a program’s budget', STAFF),
  'application.create': write('Apply for a voucher', ENTERPRISE),
  'application.list': read('List applications', { ...STAFF, ...ENTERPRISE }),
  'application.read': read('Read an application', { ...STAFF, ...ENTERPRISE }),
  'application.update': write('Change a draft application', ENTERPRISE),
  'application.attach': write('Attach a file to an undecided application', ENTERPRISE),
  'application.submit': write('Submit an application', ENTERPRISE),
  'application.withdraw': write('Withdraw an application', ENTERPRISE),
  'application.review': write('Approve, return or reject an application', DECIDERS),
  'reviewQueue.read': read('Read the review queue with its evidence', STAFF),
  'grant.list': read('List grants', { ...STAFF, ...ENTERPRISE }),
  'grant.read': read('Read a grant', { ...STAFF, ...ENTERPRISE }),
  'grant.void': write('Void a grant', { 'operator-admin': 'program' }),
  'balance.read': read('Read an enterprise’s voucher balances', { ...STAFF, ...ENTERPRISE }),
  'notification.list': read('Read expiry warnings', { ...STAFF, ...ENTERPRISE }),
  'enterprise.blacklist': write('Bar an enterprise from a program', {
    'operator-admin': 'program',
  }),
  'claim.create': write('Draft a claim', ENTERPRISE),
  'claim.list': read('List claims', { ...STAFF, ...ENTERPRISE, 'provider-admin': 'tenant' }),
  'claim.read': read('Read a claim and its evidence', {
    ...STAFF,
    ...ENTERPRISE,
    'provider-admin': 'tenant',
  }),
  'claim.attach': write('Attach evidence to a claim', ENTERPRISE),
  'claim.submit': write('Submit a claim', ENTERPRISE),
  'claim.redeem': write('Redeem a claim', DECIDERS),
  'claim.reject': write('Reject a claim', DECIDERS),
  'claim.payout': write('Pay a claim out', { 'operator-admin': 'program' }),
  'claim.clawback': write('Claw a claim back', { 'operator-admin': 'program' }),
  'publication.create': write('Freeze a 公示 draft', { 'operator-admin': 'program' }),
  'publication.list': read('List 公示 lists', STAFF),
  'publication.read': read('Read a 公示 list', STAFF),
  'publication.publish': write('Publish a 公示 list', { 'operator-admin': 'program' }),
  'publication.close': write('Close a 公示 list', { 'operator-admin': 'program' }),
  'objection.list': read('Read objections', STAFF),
  'objection.resolve': write('Decide an objection', DECIDERS),
  'export.read': read('Export grants, claims, payouts', {
    ...STAFF,
    ...ENTERPRISE,
    'provider-admin': 'tenant',
  }),
  'ledgerStatement.read': read('Export a ledger account’s statement', {
    ...STAFF_ANY,
    ...ENTERPRISE,
  }),
  'accelerator.update': write('Add or change an accelerator of the exchange’s catalog', {
    'operator-admin': 'any',
  }),
  'offer.create': write('List compute capacity on the exchange', {
    'operator-admin': 'any',
    'provider-admin': 'tenant',
  }),
  'offer.list': read('Browse the exchange’s offers', EVERYONE_ANY),
  'offer.update': write('Change an open offer’s price, cards or window', {
    'operator-admin': 'any',
    'provider-admin': 'tenant',
  }),
  'offer.withdraw': write('Withdraw an open offer', {
    'operator-admin': 'any',
    'provider-admin': 'tenant',
  }),
  'exchangeRequest.create': write('Ask the exchange for compute', ENTERPRISE),
  'exchangeRequest.list': read('List compute requests', { ...STAFF_ANY, ...ENTERPRISE }),
  'exchangeRequest.cancel': write('Withdraw an open compute request', ENTERPRISE),
  'order.buy': write('Buy compute from an offer at once', ENTERPRISE),
  'order.quote': read('Quote a buy-now: what the order would get', {
    ...STAFF_ANY,
    ...ENTERPRISE,
  }),
  'order.list': read('List exchange orders', {
    ...STAFF_ANY,
    ...ENTERPRISE,
    'provider-admin': 'tenant',
  }),
  'order.read': read('Read an exchange order', {
    ...STAFF_ANY,
    ...ENTERPRISE,
    'provider-admin': 'tenant',
  }),
  'order.cancel': write('Cancel an exchange order', ENTERPRISE),
  'order.quoteCancel': read('What cancelling an order now would do', {
    ...STAFF_ANY,
    ...ENTERPRISE,
  }),
  'usageReport.submit': write('Report signed usage of an order', { 'provider-admin': 'tenant' }),
  'exchange.clear': write('Clear the exchange: match open requests', { 'operator-admin': 'any' }),
  'providerPayout.run': write('Pay providers what the exchange owes them', {
    'operator-admin': 'any',
  }),
  'providerStatement.read': read('A provider’s exchange statement', {
    ...STAFF_ANY,
    'provider-admin': 'tenant',
  }),
  'wallet.deposit': write('Record a deposit into a MaaS wallet', {
    'operator-admin': 'any',
  }),
  'wallet.read': read('Read MaaS wallet and voucher balances', {
    ...STAFF_ANY,
    ...ENTERPRISE,
  }),
  'gatewayUsage.read': read('Read and export MaaS usage', {
    ...STAFF_ANY,
    ...ENTERPRISE,
  }),
  'gatewayModel.create': write('Add a model to the MaaS catalog', {
    'operator-admin': 'any',
    'provider-admin': 'tenant',
  }),
  'gatewayModel.update': write('Change or disable a MaaS catalog model', {
    'operator-admin': 'any',
    'provider-admin': 'tenant',
  }),
  'gatewayModel.list': read('List the MaaS catalog with upstreams and health', {
    ...STAFF_ANY,
    'provider-admin': 'tenant',
  }),
  'gatewayModel.read': read('Read a MaaS catalog model', {
    ...STAFF_ANY,
    'provider-admin': 'tenant',
  }),
  'gatewayKey.create': write('Create a gateway API key of the enterprise', {
    'enterprise-admin': 'tenant',
  }),
  'gatewayKey.list': read('List the enterprise’s gateway API keys', {
    'enterprise-admin': 'tenant',
  }),
  'gatewayKey.revoke': write('Revoke a gateway API key', { 'enterprise-admin': 'tenant' }),
  'ledger.verify': read('Verify the ledger, reconcile vouchers', {
    'operator-admin': 'program',
    auditor: 'program',
  }),
  'gateway.call': {
    summary: 'Call models through the MaaS gateway',
    scope: 'gateway',
    reach: ENTERPRISE,
  },
} as const satisfies Record<string, Permission>;

/** An action of the permission table: `apiKey.revoke`, `claim.redeem`, … */
export type Action = keyof typeof permissions;

export const actions = Object.keys(permissions) as Action[];

/** The permission of `action` (typed as the general shape). */
export function permissionOf(action: Action): Permission {
  return permissions[action];
}

/** The roles that may take `action`, in the order of `roles`. */
export function rolesFor(action: Action): Role[] {
  const { reach } = permissionOf(action);
  return roles.filter((role) => reach[role] !== undefined);
}

/**
 * The API-key scopes a person of `personRoles` may hold: the scopes of the actions their roles
 * may take, credential actions left out. An auditor gets `read` only; `gateway` only enterprise
 * roles. Checked when a key is created and again whenever it is used.
 */
export function keyScopesFor(personRoles: readonly Role[]): ApiKeyScope[] {
  const scopes = new Set<ApiKeyScope>();
  for (const action of actions) {
    const permission = permissionOf(action);
    if (permission.credential) continue;
    if (personRoles.some((role) => permission.reach[role] !== undefined)) {
      scopes.add(permission.scope);
    }
  }
  return (['read', 'write', 'gateway'] as const).filter((scope) => scopes.has(scope));
}
