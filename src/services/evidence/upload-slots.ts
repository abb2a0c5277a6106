import { randomUUID } from 'node:crypto';
import type { Sql } from '../../db/client.ts';
import { DomainError } from '../../domain/shared/errors.ts';

/**
 * A lease older than this belongs to a process that died mid-upload and may be taken over. An
 * upload of 10 MiB at 20 KiB/s (a bad mobile link) takes under 9 minutes.
 */
export const UPLOAD_LEASE_STALE_MS = 15 * 60_000;
/** What a refused uploader is told to wait before trying again. */
const RETRY_AFTER_SECONDS = 5;

export interface UploadSlot {
  enterpriseId: string;
  slot: number;
  leaseId: string;
}

/**
 * Takes one of the enterprise's `limit` upload slots, or throws 429 EVIDENCE_RATE_LIMITED
 * (`quota: 'concurrentUploads'`). Each slot is a row keyed (enterprise, slot number): taking
 * one is a single insert that either creates the row or takes over a stale lease, so two
 * processes can never hold the same slot and no lock is held while the file streams.
 *
 * @example
 * const slot = await acquireUploadSlot({ sql: db, enterpriseId, limit: 3, now });
 * try { … } finally { await releaseUploadSlot(db, slot); }
 */
export async function acquireUploadSlot(options: {
  sql: Sql;
  enterpriseId: string;
  limit: number;
  now: Date;
}): Promise<UploadSlot> {
  const { sql, enterpriseId, limit, now } = options;
  const leaseId = randomUUID();
  const staleBefore = new Date(now.getTime() - UPLOAD_LEASE_STALE_MS);
  for (let slot = 1; slot <= limit; slot += 1) {
    const taken = await sql.query<{ lease_id: string }>(
      `insert into evidence_upload_slots (enterprise_id, slot, lease_id, taken_at)
       values ($1, $2, $3, $4)
       on conflict (enterprise_id, slot) do update
         set lease_id = excluded.lease_id, taken_at = excluded.taken_at
         where evidence_upload_slots.taken_at < $5
       returning lease_id`,
      [enterpriseId, slot, leaseId, now, staleBefore],
    );
    if (taken.length === 1) return { enterpriseId, slot, leaseId };
  }
  throw new DomainError(
    'EVIDENCE_RATE_LIMITED',
    `at most ${limit} evidence uploads at a time per enterprise`,
    { quota: 'concurrentUploads', limit, retryAfterSeconds: RETRY_AFTER_SECONDS },
  );
}

/** Gives the slot back (a no-op when a stale-lease takeover already took it). */
export async function releaseUploadSlot(sql: Sql, slot: UploadSlot): Promise<void> {
  await sql.query(
    'delete from evidence_upload_slots where enterprise_id = $1 and slot = $2 and lease_id = $3',
    [slot.enterpriseId, slot.slot, slot.leaseId],
  );
}
