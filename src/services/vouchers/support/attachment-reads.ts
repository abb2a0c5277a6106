import type { Sql } from '../../../db/client.ts';
import { DomainError } from '../../../domain/shared/errors.ts';
import type { Actor } from '../../authz/actor.ts';
import { openEvidenceContent, type EvidenceStore } from '../../evidence/index.ts';
import { authorizeVoucher } from '../voucher-access.ts';
import type { AttachmentOwner } from './attachment-owners.ts';

/** A stored file of a claim or an application as its readers see it (uploadedBy null: the system). */
export interface StoredAttachment {
  id: string;
  /** The claim's or the application's id. */
  ownerId: string;
  kind: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  uploadedBy: string | null;
  createdAt: Date;
}

interface AttachmentRow {
  id: string;
  owner_id: string;
  kind: string;
  filename: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  uploaded_by: string | null;
  created_at: Date;
}

/** The select list of `owner`'s attachment rows, the owner's column read as `owner_id`. */
export function attachmentColumns(owner: AttachmentOwner): string {
  return `id, ${owner.ownerColumn} as owner_id, kind, filename, content_type, size_bytes, sha256,
          uploaded_by, created_at`;
}

export function toStoredAttachment(row: AttachmentRow): StoredAttachment {
  return {
    id: row.id,
    ownerId: row.owner_id,
    kind: row.kind,
    filename: row.filename,
    contentType: row.content_type,
    sizeBytes: row.size_bytes,
    sha256: row.sha256,
    uploadedBy: row.uploaded_by,
    createdAt: row.created_at,
  };
}

/** The stored file of `owner` with this kind and content (a re-upload finds it), or undefined. */
export async function findSameAttachment(
  sql: Sql,
  owner: AttachmentOwner,
  ownerId: string,
  kind: string,
  sha256: string,
): Promise<StoredAttachment | undefined> {
  const [row] = await sql.query<AttachmentRow>(
    `select ${attachmentColumns(owner)} from ${owner.table}
      where ${owner.ownerColumn} = $1 and kind = $2 and sha256 = $3 order by id limit 1`,
    [ownerId, kind, sha256],
  );
  return row && toStoredAttachment(row);
}

/**
 * The files of a claim or an application in upload order (ids are uuidv7, so id order is upload
 * order), `limit + 1` rows after `afterId` so the caller can tell whether another page exists,
 * for whoever may read the owner (404 NOT_FOUND for anyone else).
 */
export async function listAttachments(options: {
  sql: Sql;
  actor: Actor;
  owner: AttachmentOwner;
  ownerId: string;
  afterId?: string | undefined;
  limit: number;
}): Promise<StoredAttachment[]> {
  const { sql, owner, ownerId } = options;
  await authorizeVoucher(sql, options.actor, owner.readAction, owner.entity, ownerId);
  const rows = await sql.query<AttachmentRow>(
    `select ${attachmentColumns(owner)} from ${owner.table}
      where ${owner.ownerColumn} = $1 and ($2::uuid is null or id > $2::uuid)
      order by id limit $3`,
    [ownerId, options.afterId ?? null, options.limit + 1],
  );
  return rows.map(toStoredAttachment);
}

/**
 * One file of the claim or application with a stream of its bytes; 404 NOT_FOUND for an id that
 * is not one of this owner's files (another claim's file must not be readable through a claim
 * one may read). The bytes come from the evidence store, or from the row itself for claim
 * evidence uploaded before the store existed and not moved yet (see moveLegacyEvidenceToStore).
 */
export async function readAttachment(options: {
  sql: Sql;
  store: EvidenceStore;
  actor: Actor;
  owner: AttachmentOwner;
  ownerId: string;
  attachmentId: string;
}): Promise<StoredAttachment & { body: ReadableStream<Uint8Array> }> {
  const { sql, owner, ownerId } = options;
  await authorizeVoucher(sql, options.actor, owner.readAction, owner.entity, ownerId);
  const legacyBytes = owner.hasLegacyBytes ? 'bytes' : 'null::bytea as bytes';
  const [row] = await sql.query<AttachmentRow & { bytes: Uint8Array | null }>(
    `select ${attachmentColumns(owner)}, ${legacyBytes} from ${owner.table}
      where id = $1 and ${owner.ownerColumn} = $2`,
    [options.attachmentId, ownerId],
  );
  if (!row) throw new DomainError('NOT_FOUND', 'attachment not found', { field: 'attachmentId' });
  const { bytes } = row;
  const body =
    bytes === null
      ? await openEvidenceContent({
          store: options.store,
          sha256: row.sha256,
          sizeBytes: row.size_bytes,
        })
      : new ReadableStream<Uint8Array>({
          start: (controller) => {
            controller.enqueue(new Uint8Array(bytes));
            controller.close();
          },
        });
  return { ...toStoredAttachment(row), body };
}
