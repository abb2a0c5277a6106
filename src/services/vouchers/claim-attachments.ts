import type { Sql } from '../../db/client.ts';
import type { Actor } from '../authz/actor.ts';
import { openEvidenceContent, type EvidenceStore } from '../evidence/index.ts';
import { authorizeVoucher } from './voucher-access.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import type { AttachmentSummary } from './add-claim-attachment.ts';

/** An evidence file's metadata as a reader sees it: who uploaded it (null: the system). */
export interface AttachmentRecord extends AttachmentSummary {
  uploadedBy: string | null;
}

/** A stored evidence file with a stream of its bytes, for download. */
export interface AttachmentFile extends AttachmentRecord {
  body: ReadableStream<Uint8Array>;
}

interface AttachmentRow {
  id: string;
  claim_id: string;
  kind: string;
  filename: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  uploaded_by: string | null;
  created_at: Date;
}

const COLUMNS =
  'id, claim_id, kind, filename, content_type, size_bytes, sha256, uploaded_by, created_at';

function toRecord(row: AttachmentRow): AttachmentRecord {
  return {
    id: row.id,
    claimId: row.claim_id,
    kind: row.kind,
    filename: row.filename,
    contentType: row.content_type,
    sizeBytes: row.size_bytes,
    sha256: row.sha256,
    uploadedBy: row.uploaded_by,
    createdAt: row.created_at,
  };
}

/**
 * The evidence files of a claim in upload order (ids are uuidv7, so id order is upload order),
 * `limit + 1` rows after `afterId` so the caller can tell whether another page exists. The
 * caller has checked that the claim exists and may be read.
 */
export async function listClaimAttachments(options: {
  sql: Sql;
  actor: Actor;
  claimId: string;
  afterId?: string | undefined;
  limit: number;
}): Promise<AttachmentRecord[]> {
  await authorizeVoucher(options.sql, options.actor, 'claim.read', 'claim', options.claimId);
  const rows = await options.sql.query<AttachmentRow>(
    `select ${COLUMNS} from voucher_claim_attachments
      where claim_id = $1 and ($2::uuid is null or id > $2::uuid)
      order by id limit $3`,
    [options.claimId, options.afterId ?? null, options.limit + 1],
  );
  return rows.map(toRecord);
}

/**
 * One evidence file of the claim with a stream of its bytes; 404 NOT_FOUND for an id that is
 * not one of this claim's files (another claim's id must not be readable through a claim one may
 * read). The bytes come from the evidence store, or from the row itself for a file uploaded
 * before the store existed and not moved yet (see moveLegacyEvidenceToStore).
 */
export async function readClaimAttachment(options: {
  sql: Sql;
  store: EvidenceStore;
  actor: Actor;
  claimId: string;
  attachmentId: string;
}): Promise<AttachmentFile> {
  await authorizeVoucher(options.sql, options.actor, 'claim.read', 'claim', options.claimId);
  const [row] = await options.sql.query<AttachmentRow & { bytes: Uint8Array | null }>(
    `select ${COLUMNS}, bytes from voucher_claim_attachments where id = $1 and claim_id = $2`,
    [options.attachmentId, options.claimId],
  );
  if (!row) throw new DomainError('NOT_FOUND', 'attachment not found', { field: 'attachmentId' });
  const legacyBytes = row.bytes;
  const body =
    legacyBytes === null
      ? await openEvidenceContent({
          store: options.store,
          sha256: row.sha256,
          sizeBytes: row.size_bytes,
        })
      : new ReadableStream<Uint8Array>({
          start: (controller) => {
            controller.enqueue(new Uint8Array(legacyBytes));
            controller.close();
          },
        });
  return { ...toRecord(row), body };
}
