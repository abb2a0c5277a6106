import type { Sql } from '../../../db/client.ts';
import { shanghaiDayOf, startOfShanghaiDay, addDays } from '../../../domain/shared/calendar.ts';
import { DomainError } from '../../../domain/shared/errors.ts';
import {
  MAX_ATTACHMENTS_PER_CLAIM,
  MAX_ATTACHMENT_BYTES,
} from '../../../domain/vouchers/evidence.ts';
import type { EvidenceType } from '../../../domain/vouchers/evidence-file-type.ts';
import {
  acquireUploadSlot,
  releaseUploadSlot,
  writeEvidenceContent,
  type ContentSource,
  type EvidenceQuotas,
  type EvidenceStore,
  type StoredContent,
} from '../../evidence/index.ts';
import { loadClaim, type Claim } from './rows.ts';

/**
 * Refuses evidence for a claim that is not the enterprise's (404), no longer takes evidence
 * (409), or holds MAX_ATTACHMENTS_PER_CLAIM files already (413).
 */
export async function assertClaimTakesEvidence(
  sql: Sql,
  claim: Claim,
  enterpriseId: string,
): Promise<void> {
  if (claim.enterpriseId !== enterpriseId) {
    throw new DomainError('NOT_FOUND', 'claim not found', { field: 'claimId' });
  }
  // A contract paid in instalments brings its later payments after the evidence was complete.
  if (!['draft', 'submitted', 'evidence_complete'].includes(claim.state)) {
    throw new DomainError(
      'INVALID_STATE_TRANSITION',
      `claim in state '${claim.state}' takes no more evidence`,
      { field: 'state' },
    );
  }
  const [count] = await sql.query<{ n: bigint }>(
    'select count(*)::int8 as n from voucher_claim_attachments where claim_id = $1',
    [claim.id],
  );
  if ((count?.n ?? 0n) >= BigInt(MAX_ATTACHMENTS_PER_CLAIM)) {
    throw new DomainError(
      'PAYLOAD_TOO_LARGE',
      `at most ${MAX_ATTACHMENTS_PER_CLAIM} files per claim`,
      {
        field: 'file',
      },
    );
  }
}

/**
 * Refuses one more file of `sizeBytes` for the enterprise when it would pass its quotas: files
 * today (Asia/Shanghai) → 429 EVIDENCE_RATE_LIMITED until midnight, total bytes → 413
 * EVIDENCE_QUOTA_EXCEEDED. Called before the upload (with the declared size) and again in the
 * row's transaction under a per-enterprise lock (with the real one), which is the binding check.
 */
export async function assertEvidenceQuota(options: {
  sql: Sql;
  quotas: EvidenceQuotas;
  enterpriseId: string;
  sizeBytes: number;
  now: Date;
}): Promise<void> {
  const { quotas, now } = options;
  const today = shanghaiDayOf(now);
  const [usage] = await options.sql.query<{ bytes: bigint; today: bigint }>(
    // Claim evidence and application files share the enterprise's quotas.
    `select coalesce(sum(a.size_bytes), 0)::int8 as bytes,
            (count(*) filter (where a.created_at >= $2))::int8 as today
       from (select f.size_bytes, f.created_at
               from voucher_claim_attachments f join voucher_claims c on c.id = f.claim_id
              where c.enterprise_id = $1
             union all
             select f.size_bytes, f.created_at
               from voucher_application_attachments f
               join voucher_applications p on p.id = f.application_id
              where p.enterprise_id = $1) a`,
    [options.enterpriseId, startOfShanghaiDay(today)],
  );
  const usedBytes = Number(usage?.bytes ?? 0n);
  const filesToday = Number(usage?.today ?? 0n);
  if (filesToday >= quotas.filesPerDay) {
    const midnight = startOfShanghaiDay(addDays(today, 1)).getTime();
    throw new DomainError(
      'EVIDENCE_RATE_LIMITED',
      `at most ${quotas.filesPerDay} evidence files a day per enterprise`,
      {
        quota: 'filesPerDay',
        limit: quotas.filesPerDay,
        retryAfterSeconds: Math.max(1, Math.ceil((midnight - now.getTime()) / 1000)),
      },
    );
  }
  if (usedBytes + options.sizeBytes > quotas.totalBytes) {
    throw new DomainError(
      'EVIDENCE_QUOTA_EXCEEDED',
      `the enterprise's evidence would pass its quota of ${quotas.totalBytes} bytes`,
      {
        field: 'file',
        quota: 'totalBytes',
        limitBytes: quotas.totalBytes,
        usedBytes,
        fileBytes: options.sizeBytes,
      },
    );
  }
}

/** Serialises the quota check and insert of one enterprise's evidence rows (this transaction). */
export async function lockEnterpriseEvidence(tx: Sql, enterpriseId: string): Promise<void> {
  // Namespace 7_301_956 (any constant unique in the code base), key from the enterprise id.
  await tx.query('select pg_advisory_xact_lock(7301956, hashtext($1::text))', [enterpriseId]);
}

/**
 * Receives one evidence file into the store, without holding a database connection while the
 * bytes arrive: short reads first (the claim takes evidence, the quotas allow the declared
 * size), then one of the enterprise's concurrent-upload slots, then the stream into the store
 * (hashed, type detected and passed to `accept`), and the slot back.
 */
export async function receiveEvidence(options: {
  sql: Sql;
  store: EvidenceStore;
  claimId: string;
  enterpriseId: string;
  source: ContentSource;
  declaredSizeBytes: number | undefined;
  accept: (type: EvidenceType) => void;
  now: Date;
}): Promise<StoredContent> {
  const { sql, store, enterpriseId, now } = options;
  await assertClaimTakesEvidence(sql, await loadClaim(sql, options.claimId), enterpriseId);
  await assertEvidenceQuota({
    sql,
    quotas: store.quotas,
    enterpriseId,
    sizeBytes: options.declaredSizeBytes ?? 0,
    now,
  });
  const slot = await acquireUploadSlot({
    sql,
    enterpriseId,
    limit: store.quotas.concurrentUploads,
    now,
  });
  try {
    return await writeEvidenceContent({
      store,
      source: options.source,
      maxBytes: MAX_ATTACHMENT_BYTES,
      accept: options.accept,
    });
  } finally {
    await releaseUploadSlot(sql, slot);
  }
}
