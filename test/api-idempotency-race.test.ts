import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHarness, PASSWORD, type ApiHarness } from './support/api-harness.ts';
import { createTestPostgres, type TestPostgres } from './support/test-database.ts';

/**
 * Idempotency-Key under real concurrency (PostgreSQL, a pool of connections): the same POST
 * sent 16 times at once runs exactly once; every other copy waits for it and gets its response,
 * marked replayed — never a second execution, never a "still running" refusal.
 */

let pgdb: TestPostgres;
let h: ApiHarness;
beforeAll(async () => {
  pgdb = await createTestPostgres(16);
  h = await createApiHarness({ db: pgdb.db });
}, 120_000);
afterAll(async () => {
  await h.close();
  await pgdb.drop();
});

describe('Idempotency-Key races', () => {
  it('runs 16 simultaneous copies of one request once', async () => {
    for (let round = 0; round < 5; round += 1) {
      const body = {
        tenantId: h.tenants.enterpriseA.id,
        email: `race.${round}@example.test`,
        displayName: 'Race',
        password: PASSWORD,
        roles: ['enterprise-member'],
      };
      const key = `race-key-${round}-0000`;
      const responses = await Promise.all(
        Array.from({ length: 16 }, () =>
          h.as('enterprise-admin@A').post('/api/v1/users', body, { idempotencyKey: key }),
        ),
      );
      const created = responses.filter(
        (res) => res.status === 201 && res.headers.get('idempotent-replayed') === null,
      );
      const replayed = responses.filter((res) => res.headers.get('idempotent-replayed') === 'true');
      expect(created).toHaveLength(1);
      expect(replayed).toHaveLength(15);
      for (const res of replayed) expect(res.text).toBe(created[0]?.text);
      const [row] = await pgdb.db.query<{ n: bigint }>(
        'select count(*)::int8 as n from users where email = $1',
        [body.email],
      );
      expect(row?.n).toBe(1n);
      const after = await h
        .as('enterprise-admin@A')
        .post('/api/v1/users', body, { idempotencyKey: key });
      expect(after.headers.get('idempotent-replayed')).toBe('true');
    }
  });
});
