import { createHash, randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Database } from '../../db/client.ts';
import { assert } from '../../domain/shared/assert.ts';
import { temporaryDirectory, type EvidenceStore } from './evidence-store.ts';
import { placeContent } from './write-evidence-content.ts';

/** Rows moved per round trip: 20 files of at most 10 MiB each in memory at once. */
const BATCH = 20;
/** A bound on the loop: far more evidence rows than any deployment holds. */
const MAX_BATCHES = 1_000_000;

/**
 * Moves evidence written before the store existed (bytes inside `voucher_claim_attachments`) to
 * the store, oldest first, then clears the row's bytes (the one update migration 0220 allows).
 * Each file is written and flushed before its row lets go of the bytes, so a crash at any point
 * leaves every file readable (readers take a row's bytes while it has them). Runs at start;
 * several processes may run it at once (a row is cleared once, the same content written twice).
 *
 * @example
 * const { moved } = await moveLegacyEvidenceToStore({ db, store });
 */
export async function moveLegacyEvidenceToStore(options: {
  db: Database;
  store: EvidenceStore;
}): Promise<{ moved: number }> {
  let moved = 0;
  for (let batch = 0; batch < MAX_BATCHES; batch += 1) {
    const rows = await options.db.query<{ id: string; sha256: string; bytes: Uint8Array }>(
      `select id, sha256, bytes from voucher_claim_attachments
        where bytes is not null order by id limit $1`,
      [BATCH],
    );
    if (rows.length === 0) break;
    for (const row of rows) {
      const actual = createHash('sha256').update(row.bytes).digest('hex');
      assert(actual === row.sha256, `evidence ${row.id}: its bytes do not hash to its sha256`);
      await putContent(options.store, row.sha256, row.bytes);
      await options.db.query(
        'update voucher_claim_attachments set bytes = null where id = $1 and bytes is not null',
        [row.id],
      );
      moved += 1;
    }
  }
  return { moved };
}

async function putContent(store: EvidenceStore, sha256: string, bytes: Uint8Array): Promise<void> {
  const temporary = join(temporaryDirectory(store), `${randomUUID()}.part`);
  await mkdir(dirname(temporary), { recursive: true });
  try {
    await writeFile(temporary, bytes, { flag: 'wx', mode: 0o600, flush: true });
    // The bytes were accepted under the rules of their day: placed as they are, not re-typed.
    await placeContent(store, temporary, sha256);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
