import { v7 as uuidv7 } from 'uuid';
import type { Sql } from '../../../db/client.ts';
import { DomainError } from '../../../domain/shared/errors.ts';
import { agreedContentType, MAX_ATTACHMENT_BYTES } from '../../../domain/vouchers/evidence.ts';
import { storedFileName } from '../../../domain/vouchers/evidence-file-name.ts';
import { evidenceTypes } from '../../../domain/vouchers/evidence-file-type.ts';
import { recordAudit } from '../../audit/record-audit.ts';
import type { Actor } from '../../authz/actor.ts';
import {
  acquireUploadSlot,
  releaseUploadSlot,
  writeEvidenceContent,
  type ContentSource,
  type EvidenceStore,
} from '../../evidence/index.ts';
import type { AttachmentOwner, OwnerRow } from './attachment-owners.ts';
import { findSameAttachment, type StoredAttachment } from './attachment-reads.ts';
import { assertEvidenceQuota, lockEnterpriseEvidence } from './evidence-quotas.ts';

/** What an upload says about itself, and its bytes. */
export interface UploadedFile {
  filename: string;
  contentType: string;
  /** The file: bytes in memory, or a stream of them (a request body, never held whole). */
  bytes: ContentSource;
  /** The size the client announced (Content-Length): checked before a byte is read. */
  declaredSizeBytes?: number | undefined;
}

/** A file's content in the store, with the name and type it is kept under. */
export interface ReceivedContent {
  filename: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
}

/** Refuses (404) an owner that is not the uploading enterprise's, when the caller names one. */
function assertUploaderOwns(owner: AttachmentOwner, row: OwnerRow, enterpriseId?: string): void {
  if (enterpriseId !== undefined && row.enterpriseId !== enterpriseId) {
    throw new DomainError('NOT_FOUND', `${owner.entity} not found`, { field: `${owner.entity}Id` });
  }
}

/**
 * Refuses a file for an owner that no longer takes files (409 INVALID_STATE_TRANSITION) or
 * holds its most files already (413 PAYLOAD_TOO_LARGE).
 */
async function assertOwnerTakesFiles(
  sql: Sql,
  owner: AttachmentOwner,
  row: OwnerRow,
): Promise<void> {
  if (!owner.statesTakingFiles.includes(row.state)) {
    throw new DomainError(
      'INVALID_STATE_TRANSITION',
      `${owner.entity} in state '${row.state}' takes no more ${owner.filesNoun}`,
      { field: 'state' },
    );
  }
  const [count] = await sql.query<{ n: bigint }>(
    `select count(*)::int8 as n from ${owner.table} where ${owner.ownerColumn} = $1`,
    [row.id],
  );
  if ((count?.n ?? 0n) >= BigInt(owner.maxFiles)) {
    throw new DomainError(
      'PAYLOAD_TOO_LARGE',
      `at most ${owner.maxFiles} files per ${owner.entity}`,
      {
        field: 'file',
      },
    );
  }
}

/**
 * Receives one file into the evidence store without holding a database connection while the
 * bytes arrive: short reads first (the owner takes files, the quotas allow the declared size),
 * then one of the enterprise's concurrent-upload slots, then the stream into the store (hashed,
 * type detected from the content, MAX_ATTACHMENT_BYTES), and the slot back. The name and type
 * kept are the detected type's (`scan.hta` holding a PDF is kept as `scan.pdf`). When the row's
 * transaction later fails, the content is left for the orphan sweep (the same bytes may belong
 * to another upload in flight).
 */
export async function receiveAttachment(options: {
  sql: Sql;
  store: EvidenceStore;
  owner: AttachmentOwner;
  ownerId: string;
  enterpriseId?: string | undefined;
  file: UploadedFile;
  now: Date;
}): Promise<ReceivedContent> {
  const { sql, store, owner, file, now } = options;
  const row = await owner.load(sql, options.ownerId);
  assertUploaderOwns(owner, row, options.enterpriseId);
  await assertOwnerTakesFiles(sql, owner, row);
  await assertEvidenceQuota({
    sql,
    quotas: store.quotas,
    enterpriseId: row.enterpriseId,
    sizeBytes: file.declaredSizeBytes ?? 0,
    now,
  });
  const slot = await acquireUploadSlot({
    sql,
    enterpriseId: row.enterpriseId,
    limit: store.quotas.concurrentUploads,
    now,
  });
  let contentType = file.contentType;
  const content = await writeEvidenceContent({
    store,
    source: file.bytes,
    maxBytes: MAX_ATTACHMENT_BYTES,
    accept: (type) => {
      contentType = agreedContentType(file.contentType, type);
    },
  }).finally(() => releaseUploadSlot(sql, slot));
  return {
    filename: storedFileName(file.filename, evidenceTypes[content.type].extensions),
    contentType,
    sizeBytes: content.sizeBytes,
    sha256: content.sha256,
  };
}

/**
 * Writes the metadata row of a received file and its audit event, in the caller's transaction
 * with the owner locked (`row`, loaded for update). A re-upload of the same content as the same
 * kind (a retried request) stores nothing new: it returns the stored row with `created: false`.
 * Otherwise the owner's state and file count and the enterprise's quotas are checked again under
 * a per-enterprise lock (the binding check: the pre-checks ran before the upload).
 */
export async function insertAttachment(options: {
  tx: Sql;
  owner: AttachmentOwner;
  row: OwnerRow;
  enterpriseId?: string | undefined;
  kind: string;
  content: ReceivedContent;
  store: EvidenceStore;
  actor: Actor;
  /**
   * The owner's own rows for a new file (a claim's invoice or payment amounts), written after
   * the file's row and before the audit event, which locks the audit chain's head last.
   */
  afterInsert?: (attachmentId: string) => Promise<void>;
  /** More of the upload for the audit event (an invoice's number and amount). */
  auditDetails?: Record<string, string | null>;
  now: Date;
}): Promise<{ attachment: StoredAttachment; created: boolean }> {
  const { tx, owner, row, kind, content, actor, now } = options;
  assertUploaderOwns(owner, row, options.enterpriseId);
  const same = await findSameAttachment(tx, owner, row.id, kind, content.sha256);
  if (same) return { attachment: same, created: false };
  await assertOwnerTakesFiles(tx, owner, row);
  await lockEnterpriseEvidence(tx, row.enterpriseId);
  const { filename, contentType, sizeBytes, sha256 } = content;
  await assertEvidenceQuota({
    sql: tx,
    quotas: options.store.quotas,
    enterpriseId: row.enterpriseId,
    sizeBytes,
    now,
  });
  const id = uuidv7();
  // Only metadata: the bytes are in the store under `sha256`, written before this row.
  await tx.query(
    `insert into ${owner.table}
       (id, ${owner.ownerColumn}, kind, filename, content_type, size_bytes, sha256, uploaded_by, created_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [id, row.id, kind, filename, contentType, sizeBytes, sha256, actor.userId, now],
  );
  await options.afterInsert?.(id);
  await recordAudit({
    sql: tx,
    actor: { userId: actor.userId, tenantId: actor.tenantId, via: actor.via },
    action: owner.auditAction,
    entity: { type: owner.entity, id: row.id, tenantId: row.enterpriseId },
    after: { attachmentId: id, kind, filename, sizeBytes, sha256, ...options.auditDetails },
    requestId: actor.requestId,
    now,
  });
  const attachment = {
    id,
    ownerId: row.id,
    kind,
    ...content,
    uploadedBy: actor.userId,
    createdAt: now,
  };
  return { attachment, created: true };
}
