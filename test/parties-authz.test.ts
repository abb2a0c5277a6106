import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/client.ts';
import { DomainError } from '../src/domain/shared/errors.ts';
import { systemActor } from '../src/services/authz/index.ts';
import {
  addPartyPerson,
  getEnterprise,
  importEnterprisesCsv,
  linkRelatedParties,
  listEnterprises,
  listPartyPeople,
  listRelatedParties,
  makeUscc,
  registerEnterprise,
  registerProvider,
  updateEnterprise,
} from '../src/services/parties/index.ts';
import { personActor } from './support/service-actors.ts';
import { createTestPglite } from './support/test-database.ts';

const NOW = new Date('2026-11-22T10:00:00Z');
/** Any id: an operator-admin's reach over parties is `any`, so its tenant does not matter. */
const OPERATOR_TENANT = '00000000-0000-7000-8000-000000000001';
let db: Database;

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DomainError);
  return (error as DomainError).code;
}

async function rowCounts(): Promise<string> {
  const [row] = await db.query<{ counts: string }>(
    `select (select count(*) from enterprises) || '/' || (select count(*) from party_people)
       || '/' || (select count(*) from related_party_links) || '/'
       || (select count(*) from audit_events) as counts`,
  );
  return row?.counts ?? '';
}

beforeAll(async () => {
  db = await createTestPglite();
});
afterAll(async () => {
  await db.close();
});

describe('the parties services check the permission table themselves', () => {
  it('refuse an enterprise of another tenant and roles without the action, changing nothing', async () => {
    const register = async (serial: string) =>
      (
        await registerEnterprise({
          sql: db,
          actor: systemActor,
          input: {
            uscc: makeUscc(`91330106MA${serial}`),
            name: `企业${serial}`,
            size: 'small',
            foundedOn: '2021-05-01',
          },
          now: NOW,
        })
      ).enterprise;
    const own = await register('0000101');
    const other = await register('0000102');
    const { provider } = await registerProvider({
      sql: db,
      actor: systemActor,
      input: {
        uscc: makeUscc('91330106MA0000103'),
        name: '算力中心',
        kinds: ['compute'],
        acceleratorOrigins: ['domestic'],
      },
      now: NOW,
    });
    const admin = personActor(own.id, 'enterprise', ['enterprise-admin']);
    const providerAdmin = personActor(provider.id, 'provider', ['provider-admin']);
    const before = await rowCounts();

    // Reading: its own enterprise, not another's (404 whether it exists or not).
    expect((await getEnterprise({ sql: db, actor: admin, enterpriseId: own.id })).id).toBe(own.id);
    expect(await codeOf(getEnterprise({ sql: db, actor: admin, enterpriseId: other.id }))).toBe(
      'NOT_FOUND',
    );
    expect(await codeOf(listEnterprises({ sql: db, actor: admin, limit: 10 }))).toBe('FORBIDDEN');
    expect(await codeOf(listRelatedParties({ sql: db, actor: admin, partyId: own.id }))).toBe(
      'FORBIDDEN',
    );
    expect(await codeOf(listPartyPeople({ sql: db, actor: admin, partyId: own.id }))).toBe(
      'FORBIDDEN',
    );

    // Writing: only operator-admins register, change, import, link and add people.
    const patch = { size: 'large' } as const;
    for (const actor of [admin, providerAdmin]) {
      expect(
        await codeOf(updateEnterprise({ sql: db, actor, enterpriseId: other.id, patch, now: NOW })),
      ).toBe('FORBIDDEN');
      expect(
        await codeOf(
          registerEnterprise({
            sql: db,
            actor,
            input: {
              uscc: makeUscc('91330106MA0000104'),
              name: '新企业',
              size: 'small',
              foundedOn: '2021-05-01',
            },
            now: NOW,
          }),
        ),
      ).toBe('FORBIDDEN');
      expect(
        await codeOf(importEnterprisesCsv({ sql: db, actor, csvText: 'uscc\n', now: NOW })),
      ).toBe('FORBIDDEN');
      expect(
        await codeOf(
          linkRelatedParties({
            sql: db,
            actor,
            partyAId: own.id,
            partyBId: other.id,
            reason: 'same owner',
            now: NOW,
          }),
        ),
      ).toBe('FORBIDDEN');
      expect(
        await codeOf(
          addPartyPerson({
            sql: db,
            actor,
            partyId: own.id,
            person: { name: '张三', role: 'shareholder' },
            now: NOW,
          }),
        ),
      ).toBe('FORBIDDEN');
    }
    expect(await rowCounts()).toBe(before);

    // An operator-admin may.
    const operator = personActor(OPERATOR_TENANT, 'operator', ['operator-admin']);
    const changed = await updateEnterprise({
      sql: db,
      actor: operator,
      enterpriseId: other.id,
      patch,
      now: NOW,
    });
    expect(changed.size).toBe('large');
  });
});
