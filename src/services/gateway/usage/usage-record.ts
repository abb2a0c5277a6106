import {
  int4Array,
  int8Array,
  nullableInt4Array,
  textArray,
  timestamptzArray,
  uuidArray,
} from '../../../db/binary-array.ts';
import type { Sql } from '../../../db/client.ts';
import { copyTextRows, type CopyValue } from '../../../db/copy-text.ts';
import { assert } from '../../../domain/shared/assert.ts';

/** How a call ended, as its usage record says. */
export const usageStatuses = ['ok', 'client-aborted', 'upstream-failed', 'refused'] as const;
export type UsageStatus = (typeof usageStatuses)[number];

/** One model call: who, which model, its tokens and timings, and its cost split. */
export interface UsageRecord {
  /** The call's own id, given by the gateway: the record's key. */
  id: string;
  /** The request's name: the client's `x-request-id` when it sent one, so not unique. */
  requestId: string;
  enterpriseId: string;
  projectId: string | null;
  keyId: string | null;
  modelId: string;
  providerId: string;
  programId: string | null;
  grantId: string | null;
  leaseId: string;
  status: UsageStatus;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  latencyMs: number;
  firstTokenMs: number | null;
  rateBps: number;
  costMicroFen: bigint;
  voucherMicroFen: bigint;
  walletMicroFen: bigint;
  billedFen: bigint;
  billedVoucherFen: bigint;
  billedWalletFen: bigint;
  createdAt: Date;
}

/** Most records one insert takes (bounded parameters; the meter's batches stay under it). */
export const MAX_USAGE_RECORDS_PER_INSERT = 5_000;

/**
 * Writes new usage records in one statement.
 *
 * On embedded PGlite they go in by `COPY`: inside the bench's server the database spent about
 * 30 % less time on them than on the insert below (docs/benchmarks.md#gateway), CPU time that
 * the gateway shares with it on a small machine. A copy fails on a record already stored; the
 * meter never writes one twice (it learns whether a round in doubt committed before it writes
 * its records again: `Meter`). A PostgreSQL server gets the insert from binary arrays (node-pg
 * has no COPY without another package), which leaves a record already stored as it is.
 *
 * @example
 * await insertUsageRecords(tx, records);
 */
export async function insertUsageRecords(sql: Sql, records: readonly UsageRecord[]): Promise<void> {
  assert(records.length <= MAX_USAGE_RECORDS_PER_INSERT, 'insertUsageRecords: batch too large');
  if (records.length === 0) return;
  if (sql.kind === 'pglite') {
    const rows = records.map((record) => USAGE_COLUMNS.map((column) => column.pick(record)));
    await sql.query(COPY_USAGE_RECORDS, [], { copyFrom: copyTextRows(rows) });
    return;
  }
  await sql.query(
    INSERT_USAGE_RECORDS,
    USAGE_COLUMNS.map((column) => column.binary(records)),
  );
}

/** One column of the table: its value in a record, for COPY, and its array in binary. */
interface UsageColumn {
  name: string;
  /** Its SQL type: the insert's parameter is an array of it. */
  type: string;
  pick: (record: UsageRecord) => CopyValue;
  binary: (records: readonly UsageRecord[]) => Buffer;
}

/**
 * A column picked from each record. A PostgreSQL server gets it as an array in binary
 * (`binary-array.ts`): node-pg would otherwise spell every array as a text literal on the event
 * loop, 0.3–0.5 ms for a round of 100 records, paid by the calls that round delays, and the
 * server would parse them back.
 */
function column<T extends CopyValue>(
  name: string,
  type: string,
  pick: (record: UsageRecord) => T,
  binary: (values: T[]) => Buffer,
): UsageColumn {
  return {
    name,
    type,
    pick,
    binary: (records) => binary(records.map(pick)),
  };
}

/** The table's columns, each picked from a record. */
const USAGE_COLUMNS: readonly UsageColumn[] = [
  column('id', 'uuid', (r) => r.id, uuidArray),
  column('request_id', 'text', (r) => r.requestId, textArray),
  column('enterprise_id', 'uuid', (r) => r.enterpriseId, uuidArray),
  column('project_id', 'text', (r) => r.projectId, textArray),
  column('key_id', 'text', (r) => r.keyId, textArray),
  column('model_id', 'text', (r) => r.modelId, textArray),
  column('provider_id', 'uuid', (r) => r.providerId, uuidArray),
  column('program_id', 'text', (r) => r.programId, textArray),
  column('grant_id', 'uuid', (r) => r.grantId, uuidArray),
  column('lease_id', 'uuid', (r) => r.leaseId, uuidArray),
  column('status', 'text', (r) => r.status, textArray),
  column('input_tokens', 'int', (r) => r.inputTokens, int4Array),
  column('output_tokens', 'int', (r) => r.outputTokens, int4Array),
  column('cached_input_tokens', 'int', (r) => r.cachedInputTokens, int4Array),
  column('latency_ms', 'int', (r) => r.latencyMs, int4Array),
  column('first_token_ms', 'int', (r) => r.firstTokenMs, nullableInt4Array),
  column('rate_bps', 'int', (r) => r.rateBps, int4Array),
  column('cost_micro_fen', 'int8', (r) => r.costMicroFen, int8Array),
  column('voucher_micro_fen', 'int8', (r) => r.voucherMicroFen, int8Array),
  column('wallet_micro_fen', 'int8', (r) => r.walletMicroFen, int8Array),
  column('billed_fen', 'int8', (r) => r.billedFen, int8Array),
  column('billed_voucher_fen', 'int8', (r) => r.billedVoucherFen, int8Array),
  column('billed_wallet_fen', 'int8', (r) => r.billedWalletFen, int8Array),
  column('created_at', 'timestamptz', (r) => r.createdAt, timestamptzArray),
];

const COLUMN_NAMES = USAGE_COLUMNS.map((c) => c.name).join(', ');

/** `$1::uuid[], $2::text[], …`: one array per column, zipped back into rows by unnest. */
const INSERT_USAGE_RECORDS = `insert into gateway_usage_records (${COLUMN_NAMES})
  select * from unnest(${USAGE_COLUMNS.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ')})
  on conflict (id) do nothing`;

const COPY_USAGE_RECORDS = `copy gateway_usage_records (${COLUMN_NAMES}) from '/dev/blob'`;
