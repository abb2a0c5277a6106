import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/client.ts';
import { actorOf, applyFor } from '../src/demo/voucher-steps.ts';
import { createTenant } from '../src/services/access/index.ts';
import type { PersonActor } from '../src/services/authz/index.ts';
import { listReviewQueue, queueNeighbours } from '../src/services/review/index.ts';
import { publishTestProgram, testEnterprise } from './support/publication-fixtures.ts';
import { personActor } from './support/service-actors.ts';
import { createTestPglite } from './support/test-database.ts';

/**
 * The review queue beyond one read's 200 entries (issue 14): 205 waiting applications are paged
 * through in order with the total on every page, and an item's "next" crosses the page boundary
 * to the first entry of the following page.
 */

const WAITING = 205;
const t0 = new Date('2026-03-10T02:00:00Z');

let db: Database;
let reviewer: PersonActor;
let programId: string;
/** The applications' ids in the order they were submitted (the queue's order). */
const submitted: string[] = [];

beforeAll(async () => {
  db = await createTestPglite();
  const operator = await db.transaction((sql) =>
    createTenant({ sql, kind: 'operator', name: '杭州市经信局', now: t0 }),
  );
  reviewer = personActor(operator.id, 'operator', ['reviewer']);
  programId = await publishTestProgram(db, { at: t0, operatorTenantId: operator.id });
  const enterprises = [
    await testEnterprise(db, t0, undefined, '杭州甲科技有限公司'),
    await testEnterprise(db, t0, undefined, '杭州乙科技有限公司'),
  ];
  for (let index = 0; index < WAITING; index += 1) {
    const enterpriseId = enterprises[index % enterprises.length] ?? '';
    const application = await applyFor({
      db,
      plan: {
        programId,
        enterpriseId,
        kind: 'compute',
        chipOrigin: 'domestic',
        amountFen: 10_000_000n,
        requestedFen: 3_000_000n,
        purpose: `queue ${index}`,
      },
      actor: actorOf(null, enterpriseId, 'test'),
      at: new Date(t0.getTime() + index * 1000),
    });
    submitted.push(application.id);
  }
}, 120_000);

afterAll(async () => {
  await db.close();
});

const pageOf = (page: number, limit: number) =>
  listReviewQueue({ sql: db, actor: reviewer, kind: 'application', limit, page });

describe('the review queue, page by page', () => {
  it('pages through more than 200 waiting applications in order, with the total on each page', async () => {
    const first = await pageOf(1, 200);
    const second = await pageOf(2, 200);
    expect(first.total).toBe(WAITING);
    expect(second.total).toBe(WAITING);
    expect(first.items).toHaveLength(200);
    expect(second.items).toHaveLength(WAITING - 200);
    expect([...first.items, ...second.items].map((item) => item.id)).toEqual(submitted);
  });

  it('gives the total but no entries past the last page, and caps a page at 200', async () => {
    const beyond = await pageOf(3, 200);
    expect(beyond).toEqual({ items: [], total: WAITING });
    expect((await pageOf(1, 500)).items).toHaveLength(200);
  });

  it('takes "next" across a page boundary: the last of page 1 leads to the first of page 2', async () => {
    const [page1, page2] = [await pageOf(1, 50), await pageOf(2, 50)];
    const last = page1.items.at(-1)?.id ?? '';
    const neighbours = await queueNeighbours({
      sql: db,
      actor: reviewer,
      kind: 'application',
      id: last,
    });
    expect(neighbours).toMatchObject({ position: 50, total: WAITING });
    expect(neighbours.nextId).toBe(page2.items[0]?.id);
  });
});
