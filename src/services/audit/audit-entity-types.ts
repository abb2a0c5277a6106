import type { AuditEvent } from '../../domain/audit/chain.ts';
import type { AuthzTarget } from '../authz/authorize.ts';
import type { Action } from '../authz/permissions.ts';

/**
 * Who may read an audited entity in full, and what of it is about a natural person. The audit
 * log shows an event to the readers of the log (`auditEvent.list`) within their scope; of those,
 * whoever may take `readAction` on the entity (the permission table, as the entity's own routes
 * decide it) sees the whole before/after, and everyone else sees it without `personalFields`.
 */
export interface AuditEntityRule {
  /** The permission-table action that reads the entity; 'public' when everyone may. */
  readAction: Action | 'public';
  /** Whose the entity is, from the event alone (see `targetOf`); default: its tenant. */
  owner?: 'entity' | 'createdBy' | 'userId';
  /**
   * Top-level fields of before/after that identify or reach a natural person (names, phones,
   * emails, identity-document hashes): the ones a reader without `readAction` never sees.
   */
  personalFields: readonly string[];
}

/**
 * THE AUDIT ENTITY TYPES: every `entity.type` the services record, with its visibility rule.
 * `recordAudit` takes only these types, so a module that audits a new kind of entity does not
 * compile until it says here who may read it and which of its fields are personal.
 *
 * Entities under a program (applications, grants, claims) are resolved without their program:
 * operator staff, whose reach on them is `program`, get them without personal fields. They have
 * none today; one that gets some is then redacted for staff rather than shown too widely.
 */
export const auditEntityTypes = {
  tenant: { readAction: 'user.list', personalFields: [] },
  user: { readAction: 'user.read', owner: 'entity', personalFields: ['email', 'displayName'] },
  session: { readAction: 'user.read', owner: 'userId', personalFields: [] },
  apiKey: { readAction: 'apiKey.list', owner: 'createdBy', personalFields: [] },
  enterprise: {
    readAction: 'enterprise.read',
    personalFields: ['legalRepresentative', 'phone'],
  },
  provider: { readAction: 'provider.read', personalFields: ['legalRepresentative', 'phone'] },
  providerSigningKey: { readAction: 'signingKey.list', personalFields: [] },
  signingKeyChallenge: { readAction: 'signingKey.list', personalFields: [] },
  partyPerson: {
    readAction: 'partyPerson.list',
    personalFields: ['name', 'phone', 'idDocumentHash'],
  },
  relatedPartyLink: { readAction: 'relatedParty.list', personalFields: [] },
  program_version: { readAction: 'public', personalFields: [] },
  application: { readAction: 'application.read', personalFields: [] },
  grant: { readAction: 'grant.read', personalFields: [] },
  claim: { readAction: 'claim.read', personalFields: [] },
  publication: { readAction: 'publication.read', personalFields: [] },
  publicationObjection: { readAction: 'objection.list', personalFields: [] },
  accelerator: { readAction: 'public', personalFields: [] },
  exchangeOffer: { readAction: 'offer.list', personalFields: [] },
  exchangeRequest: { readAction: 'exchangeRequest.list', personalFields: [] },
  exchangeOrder: { readAction: 'order.read', personalFields: [] },
  usageReport: { readAction: 'order.read', personalFields: [] },
  providerPayout: { readAction: 'providerStatement.read', personalFields: [] },
  gatewayWallet: { readAction: 'wallet.read', personalFields: [] },
  gatewayModel: { readAction: 'gatewayModel.read', personalFields: [] },
  gatewayKey: { readAction: 'gatewayKey.list', personalFields: [] },
} as const satisfies Record<string, AuditEntityRule>;

/** An `entity.type` of the audit log: `claim`, `partyPerson`, … */
export type AuditEntityType = keyof typeof auditEntityTypes;

export function isAuditEntityType(type: string): type is AuditEntityType {
  return Object.hasOwn(auditEntityTypes, type);
}

/** The rule of a recorded type; undefined for a type no longer (or never) in the table. */
export function auditEntityRuleOf(type: string): AuditEntityRule | undefined {
  return isAuditEntityType(type) ? auditEntityTypes[type] : undefined;
}

/**
 * The `authorize` target of an event's entity: its tenant, and for entities one person owns
 * (users, their sessions and API keys) that person, read from the event. Publications belong
 * to the operator tenant whose program they list, so that tenant is also their program owner.
 */
export function targetOf(event: AuditEvent, rule: AuditEntityRule): AuthzTarget {
  const target: AuthzTarget = { tenantId: event.entityTenantId };
  if (event.entityType === 'publication' || event.entityType === 'publicationObjection') {
    target.programOperatorTenantId = event.entityTenantId;
  }
  if (rule.owner === 'entity') target.ownerUserId = event.entityId;
  if (rule.owner === 'createdBy') target.ownerUserId = fieldOf(event, 'createdBy');
  if (rule.owner === 'userId') target.ownerUserId = fieldOf(event, 'userId') ?? event.actorUserId;
  return target;
}

/** A string field of the event's after (or else before) JSON object. */
function fieldOf(event: AuditEvent, name: string): string | null {
  for (const json of [event.afterJson, event.beforeJson]) {
    if (json === null) continue;
    const value: unknown = JSON.parse(json);
    if (typeof value !== 'object' || value === null) continue;
    const field = (value as Record<string, unknown>)[name];
    if (typeof field === 'string') return field;
  }
  return null;
}
