import { v7 as uuidv7 } from 'uuid';
import type { Database, Sql } from '../../db/client.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import {
  applicationStatesTakingAttachments,
  checkApplicationAttachmentRequest,
  MAX_ATTACHMENTS_PER_APPLICATION,
} from '../../domain/vouchers/application-evidence.ts';
import { agreedContentType, MAX_ATTACHMENT_BYTES } from '../../domain/vouchers/evidence.ts';
import { storedFileName } from '../../domain/vouchers/evidence-file-name.ts';
import { evidenceTypes } from '../../domain/vouchers/evidence-file-type.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Actor } from '../authz/actor.ts';
import {
  acquireUploadSlot,
  releaseUploadSlot,
  writeEvidenceContent,
  type ContentSource,
  type EvidenceStore,
} from '../evidence/index.ts';
import type { ApplicationAttachmentRecord } from './application-attachments.ts';
import { assertEvidenceQuota, lockEnterpriseEvidence } from './support/evidence-upload.ts';
import { loadApplication, type Application } from './support/rows.ts';
import { authorizeVoucher } from './voucher-access.ts';

/** Refuses a file for an application that is decided or withdrawn, or already full. */
async function assertApplicationTakesFiles(sql: Sql, application: Application): Promise<void> {
  if (!applicationStatesTakingAttachments.includes(application.state)) {
    throw new DomainError(
      'INVALID_STATE_TRANSITION',
      `application in state '${application.state}' takes no more files`,
      { field: 'state' },
    );
  }
  const [count] = await sql.query<{ n: bigint }>(
    'select count(*)::int8 as n from voucher_application_attachments where application_id = $1',
    [application.id],
  );
  if ((count?.n ?? 0n) >= BigInt(MAX_ATTACHMENTS_PER_APPLICATION)) {
    throw new DomainError(
      'PAYLOAD_TOO_LARGE',
      `at most ${MAX_ATTACHMENTS_PER_APPLICATION} files per application`,
      { field: 'file' },
    );
  }
}

/**
 * Stores one file of an application (a business plan, a quote, a contract): as claim evidence
 * does (add-claim-attachment.ts), the bytes stream into the evidence store — type detected
 * from the content, 10 MiB and the enterprise's quotas enforced, one of its concurrent-upload
 * slots held — with no database connection held, then one short transaction writes the row
 * and its audit event. A re-upload of the same content as the same kind returns the stored row.
 *
 * @example
 * const file = await addApplicationAttachment({ db, store, actor, applicationId, now,
 *   attachment: { kind: 'business-plan', filename: 'plan.pdf', contentType: 'application/pdf', bytes } });
 */
export async function addApplicationAttachment(options: {
  db: Database;
  store: EvidenceStore;
  applicationId: string;
  attachment: {
    kind: string;
    filename: string;
    contentType: string;
    bytes: ContentSource;
    declaredSizeBytes?: number | undefined;
  };
  actor: Actor;
  now: Date;
}): Promise<ApplicationAttachmentRecord> {
  const { db, store, actor, now, attachment } = options;
  await authorizeVoucher(db, actor, 'application.attach', 'application', options.applicationId);
  const kind = checkApplicationAttachmentRequest(attachment);
  const before = await loadApplication(db, options.applicationId);
  await assertApplicationTakesFiles(db, before);
  const enterpriseId = before.enterpriseId;
  const quotas = store.quotas;
  await assertEvidenceQuota({
    sql: db,
    quotas,
    enterpriseId,
    sizeBytes: attachment.declaredSizeBytes ?? 0,
    now,
  });
  let contentType = attachment.contentType;
  const slot = await acquireUploadSlot({
    sql: db,
    enterpriseId,
    limit: quotas.concurrentUploads,
    now,
  });
  const content = await writeEvidenceContent({
    store,
    source: attachment.bytes,
    maxBytes: MAX_ATTACHMENT_BYTES,
    accept: (type) => {
      contentType = agreedContentType(attachment.contentType, type);
    },
  }).finally(() => releaseUploadSlot(db, slot));
  const filename = storedFileName(attachment.filename, evidenceTypes[content.type].extensions);
  const { sha256, sizeBytes } = content;
  return db.transaction(async (tx) => {
    const application = await loadApplication(tx, options.applicationId, true);
    const [same] = await tx.query<{ id: string; created_at: Date; uploaded_by: string | null }>(
      `select id, created_at, uploaded_by from voucher_application_attachments
        where application_id = $1 and kind = $2 and sha256 = $3 limit 1`,
      [application.id, kind, sha256],
    );
    const record = {
      applicationId: application.id,
      kind,
      filename,
      contentType,
      sizeBytes,
      sha256,
    };
    if (same) {
      return { ...record, id: same.id, uploadedBy: same.uploaded_by, createdAt: same.created_at };
    }
    await assertApplicationTakesFiles(tx, application);
    await lockEnterpriseEvidence(tx, enterpriseId);
    await assertEvidenceQuota({ sql: tx, quotas, enterpriseId, sizeBytes, now });
    const id = uuidv7();
    await tx.query(
      `insert into voucher_application_attachments
         (id, application_id, kind, filename, content_type, size_bytes, sha256, uploaded_by, created_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [id, application.id, kind, filename, contentType, sizeBytes, sha256, actor.userId, now],
    );
    await recordAudit({
      sql: tx,
      actor: { userId: actor.userId, tenantId: actor.tenantId, via: actor.via },
      action: 'application.attachFile',
      entity: { type: 'application', id: application.id, tenantId: enterpriseId },
      after: { attachmentId: id, kind, filename, sizeBytes, sha256 },
      requestId: actor.requestId,
      now,
    });
    return { ...record, id, uploadedBy: actor.userId, createdAt: now };
  });
}
