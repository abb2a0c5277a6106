/**
 * On embedded PGlite a round's usage records go in by COPY in its text format (usage-record.ts,
 * src/db/copy-text.ts). Any record — text with tabs, newlines, backslashes, `\N`, any code point;
 * nulls; the largest integers — reads back as it was written, through the engine on the test's
 * thread and through the worker thread the server uses.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/client.ts';
import { systemActor } from '../src/services/access/index.ts';
import {
  listUsageRecords,
  usageStatuses,
  type UsageRecord,
} from '../src/services/gateway/usage/index.ts';
import { insertUsageRecords } from '../src/services/gateway/usage/usage-record.ts';
import { createTestPglite } from './support/test-database.ts';

const INT4 = 2 ** 31 - 1;
const INT8 = 2n ** 63n - 1n;

/** Text the table takes (1–200 code points, no NUL), often with what COPY reads specially. */
const text = (minLength: number) =>
  fc
    .array(
      fc.oneof(
        fc.constantFrom('\\', '\t', '\n', '\r', '\\N', '\\.', '\\t', '杭州', '😀'),
        fc.string({ unit: 'binary', maxLength: 4 }).map((s) => s.replaceAll('\0', '')),
      ),
      { maxLength: 40 },
    )
    // At most 200 code points, as the table's checks count them.
    .map((pieces) => Array.from(pieces.join('')).slice(0, 200).join(''))
    .filter((value) => value.length >= minLength);

/** A record but for its id and enterprise, which each run gives anew. */
type Draft = Omit<UsageRecord, 'id' | 'enterpriseId'>;

const draft = (from: Date): fc.Arbitrary<Draft> =>
  fc
    .record({
      requestId: text(1),
      projectId: fc.option(text(0), { nil: null }),
      keyId: fc.option(text(0), { nil: null }),
      modelId: text(1),
      providerId: fc.uuid(),
      programId: fc.option(text(0), { nil: null }),
      grantId: fc.option(fc.uuid(), { nil: null }),
      leaseId: fc.uuid(),
      status: fc.constantFrom(...usageStatuses),
      inputTokens: fc.integer({ min: 0, max: INT4 }),
      cachedShare: fc.double({ min: 0, max: 1, noNaN: true }),
      outputTokens: fc.integer({ min: 0, max: INT4 }),
      latencyMs: fc.integer({ min: 0, max: INT4 }),
      firstTokenMs: fc.option(fc.integer({ min: 0, max: INT4 }), { nil: null }),
      rateBps: fc.integer({ min: 0, max: 10_000 }),
      costMicroFen: fc.bigInt({ min: 0n, max: INT8 }),
      voucherShare: fc.bigInt({ min: 0n, max: INT8 }),
      billedFen: fc.bigInt({ min: 0n, max: INT8 }),
      billedVoucherShare: fc.bigInt({ min: 0n, max: INT8 }),
      offsetMs: fc.integer({ min: 0, max: 86_400_000 }),
    })
    .map((r) => {
      const voucherMicroFen = r.costMicroFen === 0n ? 0n : r.voucherShare % (r.costMicroFen + 1n);
      const billedVoucherFen = r.billedFen === 0n ? 0n : r.billedVoucherShare % (r.billedFen + 1n);
      return {
        requestId: r.requestId,
        projectId: r.projectId,
        keyId: r.keyId,
        modelId: r.modelId,
        providerId: r.providerId,
        programId: r.programId,
        grantId: r.grantId,
        leaseId: r.leaseId,
        status: r.status,
        inputTokens: r.inputTokens,
        outputTokens: r.outputTokens,
        cachedInputTokens: Math.floor(r.inputTokens * r.cachedShare),
        latencyMs: r.latencyMs,
        firstTokenMs: r.firstTokenMs,
        rateBps: r.rateBps,
        costMicroFen: r.costMicroFen,
        voucherMicroFen,
        walletMicroFen: r.costMicroFen - voucherMicroFen,
        billedFen: r.billedFen,
        billedVoucherFen,
        billedWalletFen: r.billedFen - billedVoucherFen,
        createdAt: new Date(from.getTime() + r.offsetMs),
      };
    });

const databases: Record<'in-process' | 'worker', Database | undefined> = {
  'in-process': undefined,
  worker: undefined,
};

beforeAll(async () => {
  databases['in-process'] = await createTestPglite('in-process');
  databases.worker = await createTestPglite('worker');
});
afterAll(async () => {
  for (const db of Object.values(databases)) await db?.close();
});

const byId = (records: UsageRecord[]) => [...records].sort((a, b) => a.id.localeCompare(b.id));

describe.each(['in-process', 'worker'] as const)('usage records by COPY (%s)', (thread) => {
  it('read back exactly as written', async () => {
    const db = databases[thread];
    if (!db) throw new Error('no database');
    const from = new Date('2026-12-07T00:00:00.000Z');
    await fc.assert(
      fc.asyncProperty(fc.array(draft(from), { minLength: 1, maxLength: 12 }), async (drafts) => {
        const enterpriseId = randomUUID();
        await db.query(`insert into tenants (id, kind, name) values ($1, 'enterprise', 'e')`, [
          enterpriseId,
        ]);
        const records = drafts.map((d) => ({ ...d, id: randomUUID(), enterpriseId }));
        await db.transaction((tx) => insertUsageRecords(tx, records));
        const read = await listUsageRecords({
          sql: db,
          actor: systemActor,
          enterpriseId,
          from,
          to: new Date(from.getTime() + 86_400_001),
          limit: 500,
        });
        expect(byId(read.records)).toEqual(byId(records));
      }),
      { numRuns: 60 },
    );
  });
});
