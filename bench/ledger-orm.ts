/**
 * Part of `npm run bench:ledger`: drizzle-orm's query builder against our raw `unnest` insert
 * for writing the same transfer rows (the stack once named Drizzle; we chose a thin SQL layer:
 * docs/architecture.md#stack).
 */
import { performance } from 'node:perf_hooks';
import { drizzle } from 'drizzle-orm/node-postgres';
import {
  bigint,
  boolean,
  customType,
  integer,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import pg from 'pg';
import type { NewTransfer, Transfer } from '../src/domain/ledger/index.ts';
import {
  INSERT_TRANSFERS_SQL,
  transferRowParams,
} from '../src/services/ledger/insert-transfers.ts';
import { chainHash } from '../src/services/ledger/rows.ts';

/** Rows per statement: one VALUES statement may carry 65 535 parameters, 14 a row. */
export const ORM_ROWS = 4000;
const ORM_ROUNDS = 8;

export interface Measured {
  perSecond: number;
  nodeCpuMicrosPerTransfer: number;
  postgresCpuMicrosPerTransfer: number | null;
}

/** `ledger_transfers` described for drizzle-orm (only for the comparison below). */
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });
const ormTransfers = pgTable('ledger_transfers', {
  seq: bigint('seq', { mode: 'bigint' }).primaryKey(),
  id: uuid('id').notNull(),
  kind: text('kind').notNull(),
  debitAccountId: uuid('debit_account_id').notNull(),
  creditAccountId: uuid('credit_account_id').notNull(),
  amountFen: bigint('amount_fen', { mode: 'bigint' }).notNull(),
  ledger: integer('ledger').notNull(),
  code: integer('code').notNull(),
  linked: boolean('linked').notNull(),
  pendingId: uuid('pending_id'),
  timeoutSeconds: integer('timeout_seconds').notNull(),
  userData: text('user_data').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  hash: bytea('hash').notNull(),
});

/** ORM_ROWS transfer rows with positions and hashes, as the ledger would write them. */
function chainedRows(
  makeTransfer: (i: number) => NewTransfer,
  from: bigint,
  previousHash: string,
): (Transfer & { hash: string })[] {
  const now = new Date();
  let hash = previousHash;
  return Array.from({ length: ORM_ROWS }, (_, i) => {
    const t = makeTransfer(i);
    const row: Transfer = {
      id: t.id,
      kind: 'single',
      debitAccountId: t.debitAccountId,
      creditAccountId: t.creditAccountId,
      amountFen: t.amountFen,
      ledger: t.ledger,
      code: t.code,
      linked: false,
      pendingId: null,
      timeoutSeconds: 0,
      userData: '',
      createdAt: now,
      seq: from + BigInt(i + 1),
    };
    hash = chainHash(hash, row);
    return Object.assign(row, { hash });
  });
}

/** Our way: the ledger's own insert (`insert-transfers.ts`), binary arrays, one statement. */
async function insertWithUnnest(
  client: pg.PoolClient,
  rows: (Transfer & { hash: string })[],
): Promise<void> {
  const accountIds = [...new Set(rows.flatMap((r) => [r.debitAccountId, r.creditAccountId]))];
  const now = rows[0]?.createdAt ?? new Date();
  const hashes = rows.map((r) => r.hash);
  await client.query(
    INSERT_TRANSFERS_SQL,
    transferRowParams({ rows, hashes, accountIds, now }, 'postgres'),
  );
}

/**
 * The stack once named Drizzle ORM; we write SQL by hand. The measured reason: the same ORM_ROWS
 * chained transfer rows written by drizzle's `insert(table).values(rows)` (one multi-row
 * VALUES statement, 14 parameters a row) and by our one-statement `unnest` insert, each in its
 * own transaction on the same table and indexes, alternating, ORM_ROUNDS rounds each.
 * (One statement cannot carry more than 65 535 parameters: drizzle must split batches larger
 * than 4 681 rows, which is why ORM_ROWS is 4 000.)
 */
export async function runOrmComparison(
  url: string,
  makeTransfer: (i: number) => NewTransfer,
): Promise<{ drizzle: Measured; unnest: Measured }> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  const client = await pool.connect();
  const orm = drizzle(client);
  const [head] = (
    await client.query<{ seq: string; hash: string }>(
      `select seq::text, encode(hash, 'hex') as hash from ledger_chain_head`,
    )
  ).rows;
  let seq = BigInt(head?.seq ?? '0') + 1_000_000n; // clear of the rows the ledger wrote
  const times = { drizzle: [] as number[], unnest: [] as number[] };
  const cpu = { drizzle: 0, unnest: 0 };
  for (let round = 0; round < ORM_ROUNDS * 2; round += 1) {
    const way = round % 2 === 0 ? 'drizzle' : 'unnest';
    const rows = chainedRows(makeTransfer, seq, head?.hash ?? '');
    seq += BigInt(ORM_ROWS);
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    await client.query('begin');
    if (way === 'drizzle') {
      await orm
        .insert(ormTransfers)
        .values(rows.map((r) => ({ ...r, hash: Buffer.from(r.hash, 'hex') })));
    } else {
      await insertWithUnnest(client, rows);
    }
    await client.query('commit');
    times[way].push(performance.now() - started);
    const used = process.cpuUsage(cpuBefore);
    cpu[way] += used.user + used.system;
  }
  client.release();
  await pool.end();
  const result = (way: 'drizzle' | 'unnest'): Measured => {
    const sorted = [...times[way]].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] ?? NaN;
    return {
      perSecond: ORM_ROWS / (median / 1000),
      nodeCpuMicrosPerTransfer: cpu[way] / (ORM_ROWS * ORM_ROUNDS),
      postgresCpuMicrosPerTransfer: null,
    };
  };
  return { drizzle: result('drizzle'), unnest: result('unnest') };
}
