import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEntityTypes } from '../src/services/audit/index.ts';
import { createApiHarness, type ActorName, type ApiHarness } from './support/api-harness.ts';
import { ensureEnterprise, ensureProvider } from './support/matrix-entries/parties.ts';

/**
 * The audit log is no side door: an event's before/after is whole only for callers who may read
 * the entity itself (the permission table, as its own routes decide), and without the personal
 * fields for the others who may list the log — e.g. the enterprise whose shareholder the
 * operator recorded: `GET /parties/{id}/people` refuses it, and so does the log.
 */

interface EventJson {
  action: string;
  entity: { type: string; id: string; tenantId: string | null };
  before: unknown;
  after: Record<string, unknown> | null;
  redactedFields: string[];
}

const PERSON = {
  name: '吴十',
  role: 'shareholder',
  phone: '13800138000',
  idDocumentNumber: '330106199001011234',
};

let h: ApiHarness;
let enterpriseId: string;
let providerId: string;
const personIds = new Map<string, string>();

beforeAll(async () => {
  h = await createApiHarness();
  enterpriseId = await ensureEnterprise(h, h.tenants.enterpriseA);
  providerId = await ensureProvider(h, h.tenants.providerA);
  for (const partyId of [enterpriseId, providerId]) {
    const added = await h.as('operator-admin@A').post(`/api/v1/parties/${partyId}/people`, PERSON);
    expect(added.status, added.text).toBe(201);
    personIds.set(partyId, added.json<{ id: string }>().id);
  }
}, 60_000);
afterAll(async () => {
  await h.close();
});

async function personEvent(actor: ActorName, partyId: string) {
  const response = await h
    .as(actor)
    .get(`/api/v1/audit-events?entityType=partyPerson&entityId=${personIds.get(partyId)}`);
  expect(response.status, response.text).toBe(200);
  const [event] = response.json<{ items: EventJson[] }>().items;
  return { event, text: response.text };
}

describe('who sees what of an audit event', () => {
  it('an enterprise sees that a person was added to it, not who: no name, phone or id hash', async () => {
    const people = await h.as('enterprise-admin@A').get(`/api/v1/parties/${enterpriseId}/people`);
    expect(people.status).toBe(403);

    const { event, text } = await personEvent('enterprise-admin@A', enterpriseId);
    expect(event).toMatchObject({
      action: 'partyPerson.add',
      entity: { type: 'partyPerson', tenantId: enterpriseId },
      after: { role: 'shareholder', partyId: enterpriseId },
      redactedFields: ['idDocumentHash', 'name', 'phone'],
    });
    expect(event?.after).not.toHaveProperty('name');
    const full = await personEvent('operator-admin@A', enterpriseId);
    const hash = String(full.event?.after?.idDocumentHash);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    for (const secret of [PERSON.name, PERSON.phone, hash]) expect(text).not.toContain(secret);
  });

  it('a provider likewise; operator staff, who may read the people, see the whole record', async () => {
    const provider = await personEvent('provider-admin@A', providerId);
    expect(provider.event?.redactedFields).toEqual(['idDocumentHash', 'name', 'phone']);
    expect(provider.text).not.toContain(PERSON.phone);
    for (const staff of ['operator-admin@A', 'auditor@A'] as const) {
      const { event } = await personEvent(staff, providerId);
      expect(event).toMatchObject({
        after: { name: PERSON.name, phone: PERSON.phone, role: 'shareholder' },
        redactedFields: [],
      });
    }
  });

  it('a user record is whole for who may read the user, without email and name for the others', async () => {
    const userId = h.actors['enterprise-member@A'].userId;
    const query = `/api/v1/audit-events?entityType=user&entityId=${userId}`;
    const admin = await h.as('enterprise-admin@A').get(query);
    expect(admin.json<{ items: EventJson[] }>().items[0]).toMatchObject({
      after: { email: h.actors['enterprise-member@A'].email },
      redactedFields: [],
    });
    // An auditor may list every tenant's log but read only its own user (user.read: own).
    const auditor = await h.as('auditor@A').get(query);
    expect(auditor.json<{ items: EventJson[] }>().items[0]).toMatchObject({
      action: 'user.create',
      redactedFields: ['displayName', 'email'],
    });
    expect(auditor.text).not.toContain(h.actors['enterprise-member@A'].email);
  });

  it('has a visibility rule for every entity type the log holds', async () => {
    const rows = await h.db.query<{ type: string }>(
      'select distinct entity_type as type from audit_events order by 1',
    );
    expect(rows.length).toBeGreaterThan(3);
    for (const { type } of rows) expect(Object.keys(auditEntityTypes)).toContain(type);
  });
});
