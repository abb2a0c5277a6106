import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant } from '../src/services/access/index.ts';
import { publicActor, type PersonActor } from '../src/services/authz/index.ts';
import {
  closePublication,
  createPublication,
  fileObjection,
  listObjections,
  publishPublication,
} from '../src/services/publication/index.ts';
import {
  claimInState,
  publishTestProgram,
  testEnterprise,
  testProvider,
} from './support/publication-fixtures.ts';
import { personActor } from './support/service-actors.ts';
import { createTestPostgres, type TestPostgres } from './support/test-database.ts';

const DAY_MS = 86_400_000;
const t0 = new Date('2026-05-11T02:00:00Z');
const at = (days: number, ms = 0): Date => new Date(t0.getTime() + days * DAY_MS + ms);

let pg: TestPostgres;
let operator: PersonActor;
let programId: string;
let enterpriseId: string;
let providerId: string;

beforeAll(async () => {
  pg = await createTestPostgres(40);
  const tenant = await pg.db.transaction((sql) =>
    createTenant({ sql, kind: 'operator', name: '竞态测试运营方', now: at(-30) }),
  );
  operator = personActor(tenant.id, 'operator', ['operator-admin']);
  programId = await publishTestProgram(pg.db, { at: at(-30), operatorTenantId: tenant.id });
  enterpriseId = await testEnterprise(pg.db, at(-30));
  providerId = await testProvider(pg.db, at(-30));
}, 60_000);
afterAll(async () => {
  await pg.drop();
});

async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

describe('publication races on real PostgreSQL', () => {
  it('objections in flight when the list closes: never a closed list with an open objection', async () => {
    await claimInState(pg.db, { programId, at: at(0), enterpriseId, providerId });
    const draft = await createPublication({
      db: pg.db,
      programId,
      period: '2026-05',
      title: '竞态',
      objectionWindowDays: 1,
      actor: operator,
      now: at(0, 60_000),
    });
    const published = await publishPublication({
      db: pg.db,
      publicationId: draft.id,
      actor: operator,
      now: at(0, 60_000),
    });
    const closesAt = published.objectionWindowClosesAt?.getTime() ?? 0;
    // Stall the objections right after they read the list (each waits for its filer's lock,
    // which the admin connection holds), then close, then let them go. An insert alone would
    // be caught by the foreign key's lock; the gap between reading and inserting is the race.
    const admin = await pg.admin();
    for (let index = 0; index < 10; index += 1) {
      await admin.query('select pg_advisory_lock(hashtext($1))', [`objection:racer-${index}`]);
    }
    const objections = Array.from({ length: 10 }, (_, index) =>
      outcome(
        fileObjection({
          actor: publicActor,
          db: pg.db,
          publicationId: published.id,
          body: `最后一刻提交的异议，编号${index}。`,
          submitter: `racer-${index}`,
          // Clocks of two processes disagree by a millisecond: the filer sees the window open.
          now: new Date(closesAt - 1),
        }),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    const close = outcome(
      closePublication({
        db: pg.db,
        publicationId: published.id,
        actor: operator,
        now: new Date(closesAt),
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    await admin.query('select pg_advisory_unlock_all()');
    await admin.end();
    const [closeResult, ...filed] = await Promise.all([close, ...objections]);
    const open = await listObjections({
      sql: pg.db,
      publicationId: published.id,
      actor: operator,
      state: 'open',
    });
    expect(filed.every((result) => result === 'ok' || result === 'OBJECTION_WINDOW_CLOSED')).toBe(
      true,
    );
    expect(open.length).toBe(filed.filter((result) => result === 'ok').length);
    if (closeResult === 'ok') expect(open, 'closed with open objections').toEqual([]);
    else expect(closeResult).toBe('INVALID_STATE_TRANSITION');
  }, 30_000);

  it('two drafts with the same claims published at once: exactly one goes public', async () => {
    const claims = await Promise.all(
      [1, 2, 3].map((day) =>
        claimInState(pg.db, { programId, at: at(20 + day), enterpriseId, providerId }),
      ),
    );
    const drafts = [];
    for (let i = 0; i < 6; i += 1) {
      drafts.push(
        await createPublication({
          db: pg.db,
          programId,
          period: '2026-06',
          title: `草稿${i}`,
          actor: operator,
          now: at(25),
        }),
      );
    }
    const results = await Promise.all(
      drafts.map((draft) =>
        outcome(
          publishPublication({ db: pg.db, publicationId: draft.id, actor: operator, now: at(25) }),
        ),
      ),
    );
    expect(results.filter((result) => result === 'ok')).toHaveLength(1);
    expect(results.filter((result) => result === 'CONFLICT')).toHaveLength(5);
    const listed = await pg.db.query<{ claim_id: string; lists: bigint }>(
      `select e.claim_id, count(*) as lists from publication_entries e join publications p on p.id = e.publication_id
        where p.state <> 'draft' and e.claim_id = any($1::uuid[]) group by e.claim_id`,
      [claims.map((claim) => claim.claim.id)],
    );
    expect(listed.map((row) => row.lists)).toEqual([1n, 1n, 1n]);
  });
});
