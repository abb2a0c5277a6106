import { spawn } from 'node:child_process';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit, verifyAuditLog } from '../src/services/audit/index.ts';
import { createApiHarness, type ApiHarness } from './support/api-harness.ts';
import { createTestPostgres, type TestPostgres } from './support/test-database.ts';

/**
 * The audit log on real PostgreSQL: state changes through the API write hash-chained events,
 * concurrent writers keep the chain whole, the table refuses UPDATE/DELETE, and when a
 * superuser gets around that, `suanli audit verify` names the first bad row and exits 1.
 */

let pgdb: TestPostgres;
let admin: pg.Client;
let h: ApiHarness;
beforeAll(async () => {
  pgdb = await createTestPostgres(8);
  admin = await pgdb.admin();
  h = await createApiHarness({ db: pgdb.db });
}, 120_000);
afterAll(async () => {
  await h.close();
  await admin.end();
  await pgdb.drop();
});

function cliVerify(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'audit', 'verify'],
      {
        env: { ...process.env, DATABASE_URL: pgdb.url },
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function asTamperer(statement: string, params: unknown[]): Promise<void> {
  await admin.query('begin');
  await admin.query('set local session_replication_role = replica');
  const result = await admin.query(statement, params);
  expect(result.rowCount).toBe(1);
  await admin.query('commit');
}

interface EventJson {
  seq: string;
  action: string;
  actor: { userId: string | null };
  entity: { type: string; id: string; tenantId: string | null };
  before: unknown;
  after: unknown;
  requestId: string | null;
}

describe('audit log', () => {
  it('records who, what, before/after and the request id of a state change', async () => {
    const create = await h
      .as('enterprise-admin@A')
      .post(
        '/api/v1/api-keys',
        { name: 'audited', scopes: ['read'] },
        { headers: { 'x-request-id': 'req-audit-1' } },
      );
    expect(create.status).toBe(201);
    const { apiKey, secret } = create.json<{ apiKey: { id: string }; secret: string }>();
    const keyId = apiKey.id;
    const revoke = await h.as('enterprise-admin@A').delete(`/api/v1/api-keys/${keyId}`);
    expect(revoke.status).toBe(200);
    const list = await h
      .as('auditor@A')
      .get(`/api/v1/audit-events?entityType=apiKey&entityId=${keyId}`);
    expect(list.status).toBe(200);
    const events = list.json<{ items: EventJson[] }>().items;
    expect(events.map((event) => event.action)).toEqual(['apiKey.revoke', 'apiKey.create']);
    const [revoked, created] = events;
    expect(created).toMatchObject({
      actor: { userId: h.actors['enterprise-admin@A'].userId },
      entity: { type: 'apiKey', id: keyId, tenantId: h.tenants.enterpriseA.id },
      before: null,
      requestId: 'req-audit-1',
    });
    expect(list.text).not.toContain(secret);
    expect(list.text).not.toContain(secret.slice(12));
    expect(revoked?.before).toMatchObject({ revokedAt: null });
    expect(revoked?.after).toMatchObject({ revokedAt: expect.any(String) as unknown });
  });

  it('pages newest first with an opaque cursor', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 100; page += 1) {
      const query: string = cursor === null ? '' : `&cursor=${cursor}`;
      const res = await h.as('operator-admin@A').get(`/api/v1/audit-events?limit=7${query}`);
      const body = res.json<{ items: EventJson[]; nextCursor: string | null }>();
      seen.push(...body.items.map((event) => event.seq));
      cursor = body.nextCursor;
      if (cursor === null) break;
    }
    const numbers = seen.map(Number);
    expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(numbers.at(-1)).toBe(1);
    const bad = await h.as('operator-admin@A').get('/api/v1/audit-events?cursor=bm90IGEgY3Vyc29y');
    expect([bad.status, bad.errorCode]).toEqual([400, 'INVALID_CURSOR']);
  });

  it('keeps one gap-free chain under concurrent writers', async () => {
    await Promise.all(
      Array.from({ length: 40 }, (_, index) =>
        pgdb.db.transaction((tx) =>
          recordAudit({
            sql: tx,
            actor: { via: 'system' },
            action: 'test.concurrent',
            entity: { type: 'tenant', id: String(index), tenantId: null },
            after: { index, amountFen: BigInt(index) * 10n },
            now: new Date(),
          }),
        ),
      ),
    );
    const result = await verifyAuditLog({ db: pgdb.db });
    expect(result.ok).toBe(true);
    const cli = await cliVerify();
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stdout).toMatch(/^audit log ok: \d+ events/);
  });

  it('refuses UPDATE and DELETE of events', async () => {
    await expect(
      pgdb.db.query(`update audit_events set action = 'x.y' where seq = 1`),
    ).rejects.toThrow(/append-only/);
    await expect(pgdb.db.query('delete from audit_events where seq = 1')).rejects.toThrow(
      /append-only/,
    );
  });

  it('names the first edited row, then a removed row, then a removed tail', async () => {
    const [row] = await pgdb.db.query<{ seq: bigint; id: string }>(
      `select seq, id from audit_events where action = 'test.concurrent' order by seq limit 1 offset 5`,
    );
    if (!row) throw new Error('no event to tamper with');
    await asTamperer(`update audit_events set after_json = '{"index":999}' where seq = $1`, [
      row.seq,
    ]);
    let cli = await cliVerify();
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain(`first bad audit event: seq ${row.seq} id ${row.id}`);

    // Put it back by recomputing nothing: remove an earlier row instead and expect that one named.
    const [earlier] = await pgdb.db.query<{ seq: bigint }>(
      `select seq from audit_events where seq = $1`,
      [(row.seq - 3n).toString()],
    );
    if (!earlier) throw new Error('no earlier event');
    await asTamperer('delete from audit_events where seq = $1', [earlier.seq]);
    cli = await cliVerify();
    expect(cli.code).toBe(1);
    const [next] = await pgdb.db.query<{ id: string }>(
      'select id from audit_events where seq = $1',
      [(earlier.seq + 1n).toString()],
    );
    expect(cli.stderr).toContain(`first bad audit event: seq ${earlier.seq + 1n} id ${next?.id}`);

    const [last] = await pgdb.db.query<{ seq: bigint }>('select max(seq) as seq from audit_events');
    await asTamperer('delete from audit_events where seq = $1', [last?.seq]);
    const result = await verifyAuditLog({ db: pgdb.db });
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems.join('\n')).toMatch(/chain head/);
  });
});
