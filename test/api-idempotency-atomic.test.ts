import { Hono } from 'hono';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditLog } from '../src/services/audit/index.ts';
import type { ApiEnv } from '../src/http/api/api-env.ts';
import { runIdempotent } from '../src/http/api/idempotency.ts';
import { verifyLedger } from '../src/services/ledger/index.ts';
import { createApiHarness, PASSWORD, type ApiHarness } from './support/api-harness.ts';
import { ensureEnterprise } from './support/matrix-entries/parties.ts';
import {
  claimInState,
  publishTestProgram,
  testEnterprise,
  testProvider,
} from './support/publication-fixtures.ts';
import { createTestPostgres, type TestPostgres } from './support/test-database.ts';

/**
 * Idempotency-Key atomic with the request (real PostgreSQL): the key, the handler's effects and
 * the stored response commit in one transaction or not at all. A failure after the handler's
 * work (the response store fails, or the backend dies before COMMIT) leaves nothing, so a retry
 * with the same key runs once; copies sent at the same time wait and get the first's response.
 */

let pgdb: TestPostgres;
let h: ApiHarness;
let admin: pg.Client;
let programId: string;
beforeAll(async () => {
  pgdb = await createTestPostgres(24);
  h = await createApiHarness({ db: pgdb.db });
  admin = await pgdb.admin();
  programId = await publishTestProgram(pgdb.db, {
    at: h.clock.now(),
    operatorTenantId: h.tenants.operatorA.id,
  });
  // Fault injection: keys named `fail-store-…` fail when their response is stored; the store of
  // keys named `stall-store-…` waits for advisory lock 4242 (held by the test).
  await admin.query(`
    create function inject_store_fault() returns trigger language plpgsql as $$
    begin
      if new.state = 'done' and new.key like 'fail-store-%' then
        raise exception 'injected: storing the response failed';
      end if;
      if new.state = 'done' and new.key like 'stall-store-%' then
        perform pg_advisory_xact_lock(4242);
      end if;
      return new;
    end $$;
    create trigger inject_store_fault before update on idempotency_keys
      for each row execute function inject_store_fault();`);
}, 180_000);
afterAll(async () => {
  await admin.end();
  await h.close();
  await pgdb.drop();
});

const newUser = (email: string) => ({
  tenantId: h.tenants.enterpriseA.id,
  email,
  displayName: 'Atomic',
  password: PASSWORD,
  roles: ['enterprise-member'],
});

async function count(sql: string, params: unknown[]): Promise<bigint> {
  const [row] = await pgdb.db.query<{ n: bigint }>(
    `select count(*)::int8 as n from (${sql}) x`,
    params,
  );
  return row?.n ?? -1n;
}

const keyRows = (key: string) => count('select 1 from idempotency_keys where key = $1', [key]);
const usersWith = (email: string) => count('select 1 from users where email = $1', [email]);

/** A claim with complete evidence, ready to be redeemed by operator A's staff. */
async function claimToRedeem(): Promise<string> {
  const at = h.clock.now();
  const { claim } = await claimInState(pgdb.db, {
    programId,
    at,
    enterpriseId: await testEnterprise(pgdb.db, at),
    providerId: await testProvider(pgdb.db, at),
    state: 'evidence_complete',
  });
  return claim.id;
}

/** The pid of a backend waiting on a lock (of this kind) in this database, once there is one. */
async function backendWaitingOnLock(waitEvent?: 'advisory'): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const { rows } = await admin.query<{ pid: number }>(
      `select pid from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock'
          and ($1::text is null or wait_event = $1)`,
      [waitEvent ?? null],
    );
    if (rows[0]) return rows[0].pid;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('no backend ever waited on a lock');
}

describe('Idempotency-Key atomic with the request', () => {
  it('a failing response store leaves neither the effect nor the key; the retry runs once', async () => {
    const email = 'atomic.store@example.test';
    const key = 'fail-store-0001';
    const client = h.as('enterprise-admin@A');
    const failed = await client.post('/api/v1/users', newUser(email), { idempotencyKey: key });
    expect(failed.status).toBe(500);
    expect(await usersWith(email)).toBe(0n);
    expect(await keyRows(key)).toBe(0n);

    await admin.query('alter table idempotency_keys disable trigger inject_store_fault');
    try {
      const retried = await client.post('/api/v1/users', newUser(email), { idempotencyKey: key });
      expect(retried.status, retried.text).toBe(201);
      expect(retried.headers.get('idempotent-replayed')).toBeNull();
      const again = await client.post('/api/v1/users', newUser(email), { idempotencyKey: key });
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.text).toBe(retried.text);
      expect(await usersWith(email)).toBe(1n);
    } finally {
      await admin.query('alter table idempotency_keys enable trigger inject_store_fault');
    }
  });

  it('a backend killed after the redemption, before COMMIT, leaves no money moved; the retry redeems once', async () => {
    const claimId = await claimToRedeem();
    const key = 'stall-store-redeem-0001';
    const operator = h.as('operator-admin@A');
    await admin.query('select pg_advisory_lock(4242)');
    let killed;
    try {
      const pending = operator.post(`/api/v1/claims/${claimId}/redeem`, undefined, {
        idempotencyKey: key,
      });
      // The redemption is done (ledger posted, audit written) and its response being stored.
      const pid = await backendWaitingOnLock('advisory');
      await admin.query('select pg_terminate_backend($1)', [pid]);
      killed = await pending;
    } finally {
      await admin.query('select pg_advisory_unlock(4242)');
    }
    expect(killed.status).toBe(500);
    const redemptions = () =>
      count(`select 1 from audit_events where action = 'claim.redeem' and entity_id = $1`, [
        claimId,
      ]);
    const [before] = await pgdb.db.query<{ state: string }>(
      'select state from voucher_claims where id = $1',
      [claimId],
    );
    expect(before?.state).toBe('evidence_complete');
    expect(await redemptions()).toBe(0n);
    expect(await keyRows(key)).toBe(0n);

    // The retry's store would stall again on the lock; it is free now.
    const retried = await operator.post(`/api/v1/claims/${claimId}/redeem`, undefined, {
      idempotencyKey: key,
    });
    expect(retried.status, retried.text).toBe(200);
    expect(retried.json()).toMatchObject({ id: claimId, state: 'redeemed' });
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
    expect(await redemptions()).toBe(1n);
    expect(await verifyLedger({ db: pgdb.db })).toMatchObject({ ok: true });
    expect(await verifyAuditLog({ db: pgdb.db })).toMatchObject({ ok: true });
  });

  it('20 copies of a redemption sent at once redeem once; all get the same 200, 19 marked replayed', async () => {
    const claimId = await claimToRedeem();
    const key = 'redeem-race-0001';
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        h
          .as('operator-admin@A')
          .post(`/api/v1/claims/${claimId}/redeem`, undefined, { idempotencyKey: key }),
      ),
    );
    for (const res of responses) expect(res.status, res.text).toBe(200);
    const fresh = responses.filter((res) => res.headers.get('idempotent-replayed') === null);
    expect(fresh).toHaveLength(1);
    for (const res of responses) expect(res.text).toBe(fresh[0]?.text);
    expect(
      await count(`select 1 from audit_events where action = 'claim.redeem' and entity_id = $1`, [
        claimId,
      ]),
    ).toBe(1n);
    expect(
      await count(`select 1 from voucher_transitions where action = 'redeem' and entity_id = $1`, [
        claimId,
      ]),
    ).toBe(1n);
    expect(await verifyLedger({ db: pgdb.db })).toMatchObject({ ok: true });
  });

  // The whole request is one transaction now, so two services called by one handler hold their
  // locks together: applying with `submit: true` must still lock the ledger's chain head before
  // the audit chain head, as a redemption does, or the two deadlock.
  it('apply-and-submit waits for the ledger without holding the audit chain head', async () => {
    const firstCome = await publishTestProgram(pgdb.db, {
      at: h.clock.now(),
      operatorTenantId: h.tenants.operatorA.id,
      allocation: 'first-come',
    });
    await ensureEnterprise(h, h.tenants.enterpriseA);
    const ledger = await pgdb.admin();
    let response;
    try {
      await ledger.query('begin');
      await ledger.query('select 1 from ledger_chain_head for update');
      const pending = h.as('enterprise-admin@A').post('/api/v1/applications', {
        programId: firstCome,
        plannedPurchase: { kind: 'compute', amountFen: '10000000', chipOrigin: 'domestic' },
        requestedFen: '1000000',
        purpose: 'lock order',
        submit: true,
      });
      await backendWaitingOnLock();
      await admin.query('begin');
      try {
        // What a redemption holding the ledger head would take next: it must be free.
        await admin.query('select 1 from audit_chain_head for update nowait');
      } finally {
        await admin.query('rollback');
      }
      await ledger.query('commit');
      response = await pending;
    } finally {
      await ledger.end();
    }
    expect(response.status, response.text).toBe(201);
    expect(response.json()).toMatchObject({ state: 'approved', approvedFen: '1000000' });
    expect(await verifyAuditLog({ db: pgdb.db })).toMatchObject({ ok: true });
  });
});

describe('what the request transaction covers', () => {
  it('a non-2xx response rolls back what the handler wrote; a 2xx one commits it', async () => {
    await admin.query('create table handler_probe (note text)');
    // runIdempotent on its own Hono app (the harness's routes are fixed once it served).
    const app = new Hono<ApiEnv>();
    app.post('/probe/:note', (c) => {
      c.set('db', pgdb.db);
      c.set('now', h.clock.now());
      const note = c.req.param('note');
      return runIdempotent(c, undefined, { params: { note }, query: {}, body: {} }, async () => {
        await c.get('db').query('insert into handler_probe values ($1)', [note]);
        return c.json({ note }, note === 'refuse' ? 422 : 201);
      });
    });
    const post = (note: string) =>
      app.request(`/probe/${note}`, {
        method: 'POST',
        headers: { 'idempotency-key': `probe-${note}-0001` },
      });
    expect((await post('refuse')).status).toBe(422);
    expect((await post('keep')).status).toBe(201);
    const { rows } = await admin.query<{ note: string }>('select note from handler_probe');
    expect(rows).toEqual([{ note: 'keep' }]);
    expect(await keyRows('probe-refuse-0001')).toBe(0n);
    expect(await keyRows('probe-keep-0001')).toBe(1n);
  });

  it('refuses a key left without a response by the earlier two-transaction design', async () => {
    const client = h.as('enterprise-admin@A');
    const body = newUser('atomic.legacy@example.test');
    const key = 'legacy-pending-0001';
    expect((await client.post('/api/v1/users', body, { idempotencyKey: key })).status).toBe(201);
    // What a process that died between the handler's commit and the response store left.
    await admin.query(
      `update idempotency_keys set state = 'pending', response_status = null, response_body = null
        where key = $1`,
      [key],
    );
    const again = await client.post('/api/v1/users', body, { idempotencyKey: key });
    expect([again.status, again.errorCode]).toEqual([409, 'CONFLICT']);
    expect(await usersWith(body.email)).toBe(1n);
  });
});
