/**
 * Migration 0311 keys usage records by a call id instead of the client's request id. A database
 * that already holds records upgrades in place: each keeps its fields and gets an id of its own,
 * and afterwards two calls may share a request id.
 */
import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { openDatabase } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';

const MIGRATIONS = fileURLToPath(new URL('../src/db/migrations/', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'suanli-migrate-0311-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const insertRecord = (requestId: string, enterpriseId: string, withId: boolean) =>
  `insert into gateway_usage_records (${withId ? 'id, ' : ''}request_id, enterprise_id,
     model_id, provider_id, lease_id, status, input_tokens, output_tokens, cached_input_tokens,
     latency_ms, rate_bps, cost_micro_fen, voucher_micro_fen, wallet_micro_fen, billed_fen,
     billed_voucher_fen, billed_wallet_fen, created_at)
   values (${withId ? `'${randomUUID()}', ` : ''}'${requestId}', '${enterpriseId}', 'm',
     '${randomUUID()}', '${randomUUID()}', 'ok', 3, 4, 0, 5, 3000, 7000000, 2100000, 4900000,
     7, 2, 5, now())`;

it('gives the records already stored an id each and lets later calls share a request id', async () => {
  const before = join(scratch, 'before-0311');
  cpSync(MIGRATIONS, before, {
    recursive: true,
    filter: (source) => !/\/(\d{4})_[^/]*$/u.test(source) || source < join(MIGRATIONS, '0311'),
  });
  expect(readdirSync(before).some((name) => name.startsWith('0311'))).toBe(false);
  const db = await openDatabase({ dataDir: 'memory://' });
  await migrate(db, before);
  const enterpriseId = randomUUID();
  await db.query(`insert into tenants (id, kind, name) values ($1, 'enterprise', 'e')`, [
    enterpriseId,
  ]);
  await db.exec(insertRecord('old-1', enterpriseId, false));
  await db.exec(insertRecord('old-2', enterpriseId, false));

  expect((await migrate(db)).applied).toContain('0311_gateway_usage_call_id.sql');
  const rows = await db.query<{ id: string; request_id: string; billed_fen: bigint }>(
    'select id::text, request_id, billed_fen from gateway_usage_records order by request_id',
  );
  expect(rows.map((row) => [row.request_id, row.billed_fen])).toEqual([
    ['old-1', 7n],
    ['old-2', 7n],
  ]);
  expect(new Set(rows.map((row) => row.id)).size).toBe(2);
  await db.exec(insertRecord('old-1', enterpriseId, true));
  const shared = await db.query<{ n: number }>(
    `select count(*)::int as n from gateway_usage_records where request_id = 'old-1'`,
  );
  expect(shared[0]?.n).toBe(2);
  await db.close();
});
