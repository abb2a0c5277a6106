import type { Sql } from '../../../db/client.ts';
import { shanghaiDayOf, startOfShanghaiDay, addDays } from '../../../domain/shared/calendar.ts';
import { DomainError } from '../../../domain/shared/errors.ts';
import type { EvidenceQuotas } from '../../evidence/index.ts';
import { attachmentOwners, type AttachmentOwner } from './attachment-owners.ts';

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
       from (${attachmentOwners.map(filesOfEnterprise).join(' union all ')}) a`,
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

/** The size and time of every file of `owner`'s kind that belongs to the enterprise `$1`. */
function filesOfEnterprise(owner: AttachmentOwner): string {
  return `select f.size_bytes, f.created_at
            from ${owner.table} f join ${owner.ownerTable} o on o.id = f.${owner.ownerColumn}
           where o.enterprise_id = $1`;
}

/** Serialises the quota check and insert of one enterprise's evidence rows (this transaction). */
export async function lockEnterpriseEvidence(tx: Sql, enterpriseId: string): Promise<void> {
  // Namespace 7_301_956 (any constant unique in the code base), key from the enterprise id.
  await tx.query('select pg_advisory_xact_lock(7301956, hashtext($1::text))', [enterpriseId]);
}
