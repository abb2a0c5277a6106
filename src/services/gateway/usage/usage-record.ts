import {
  int4Array,
  int8Array,
  nullableInt4Array,
  textArray,
  timestamptzArray,
  uuidArray,
} from '../../../db/binary-array.ts';
import type { Sql } from '../../../db/client.ts';
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
 * Writes usage records in one statement, idempotently: a record whose id is already stored is
 * left as it is (a retried batch after a lost commit acknowledgement writes nothing twice).
 * Returns the ids of the records inserted now.
 *
 * @example
 * await insertUsageRecords(tx, records);
 */
export async function insertUsageRecords(
  sql: Sql,
  records: readonly UsageRecord[],
): Promise<Set<string>> {
  assert(records.length <= MAX_USAGE_RECORDS_PER_INSERT, 'insertUsageRecords: batch too large');
  if (records.length === 0) return new Set();
  const rows = await sql.query<{ id: string }>(
    `insert into gateway_usage_records (id, request_id, enterprise_id, project_id, key_id,
       model_id, provider_id, program_id, grant_id, lease_id, status, input_tokens, output_tokens,
       cached_input_tokens, latency_ms, first_token_ms, rate_bps, cost_micro_fen,
       voucher_micro_fen, wallet_micro_fen, billed_fen, billed_voucher_fen, billed_wallet_fen,
       created_at)
     select * from unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::text[],
       $7::uuid[], $8::text[], $9::uuid[], $10::uuid[], $11::text[], $12::int[], $13::int[],
       $14::int[], $15::int[], $16::int[], $17::int[], $18::int8[], $19::int8[], $20::int8[],
       $21::int8[], $22::int8[], $23::int8[], $24::timestamptz[])
     on conflict (id) do nothing returning id`,
    USAGE_COLUMNS.map((column) =>
      sql.kind === 'postgres' ? column.binary(records) : column.values(records),
    ),
  );
  return new Set(rows.map((row) => row.id));
}

/** One column of the usage insert: its values for PGlite, or in binary for a PostgreSQL server. */
interface UsageColumn {
  values: (records: readonly UsageRecord[]) => unknown[];
  binary: (records: readonly UsageRecord[]) => Buffer;
}

/**
 * A column picked from each record. A PostgreSQL server gets it in binary (`binary-array.ts`):
 * node-pg would otherwise spell every array as a text literal on the event loop, 0.3–0.5 ms for a
 * round of 100 records, paid by the calls that round delays, and the server would parse them
 * back. PGlite takes JavaScript arrays (bigints as decimal strings) and serialises them itself.
 */
function column<T>(pick: (record: UsageRecord) => T, binary: (values: T[]) => Buffer): UsageColumn {
  return {
    values: (records) =>
      records.map((record) => {
        const value = pick(record);
        return typeof value === 'bigint' ? value.toString() : value;
      }),
    binary: (records) => binary(records.map(pick)),
  };
}

/** The insert's columns, in the order of its parameters $1–$24. */
const USAGE_COLUMNS: readonly UsageColumn[] = [
  column((r) => r.id, uuidArray),
  column((r) => r.requestId, textArray),
  column((r) => r.enterpriseId, uuidArray),
  column((r) => r.projectId, textArray),
  column((r) => r.keyId, textArray),
  column((r) => r.modelId, textArray),
  column((r) => r.providerId, uuidArray),
  column((r) => r.programId, textArray),
  column((r) => r.grantId, uuidArray),
  column((r) => r.leaseId, uuidArray),
  column((r) => r.status, textArray),
  column((r) => r.inputTokens, int4Array),
  column((r) => r.outputTokens, int4Array),
  column((r) => r.cachedInputTokens, int4Array),
  column((r) => r.latencyMs, int4Array),
  column((r) => r.firstTokenMs, nullableInt4Array),
  column((r) => r.rateBps, int4Array),
  column((r) => r.costMicroFen, int8Array),
  column((r) => r.voucherMicroFen, int8Array),
  column((r) => r.walletMicroFen, int8Array),
  column((r) => r.billedFen, int8Array),
  column((r) => r.billedVoucherFen, int8Array),
  column((r) => r.billedWalletFen, int8Array),
  column((r) => r.createdAt, timestamptzArray),
];
