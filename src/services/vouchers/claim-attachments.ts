import type { Sql } from '../../db/client.ts';
import type { Actor } from '../authz/actor.ts';
import type { EvidenceStore } from '../evidence/index.ts';
import { claimAttachments } from './support/attachment-owners.ts';
import {
  listAttachments,
  readAttachment,
  type StoredAttachment,
} from './support/attachment-reads.ts';

/** An evidence file's metadata as an upload answers it and a claim's detail lists it. */
export type AttachmentSummary = Omit<StoredAttachment, 'ownerId' | 'uploadedBy'> & {
  claimId: string;
};

/** An evidence file's metadata as a reader sees it: who uploaded it (null: the system). */
export type AttachmentRecord = AttachmentSummary & { uploadedBy: string | null };

/** A stored evidence file with a stream of its bytes, for download. */
export type AttachmentFile = AttachmentRecord & { body: ReadableStream<Uint8Array> };

function toClaimAttachment(stored: StoredAttachment): AttachmentRecord {
  const { ownerId, ...fields } = stored;
  return { ...fields, claimId: ownerId };
}

/** What an upload answers (the API's ClaimAttachment: no uploader). */
export function claimAttachmentSummary(stored: StoredAttachment): AttachmentSummary {
  return {
    id: stored.id,
    claimId: stored.ownerId,
    kind: stored.kind,
    filename: stored.filename,
    contentType: stored.contentType,
    sizeBytes: stored.sizeBytes,
    sha256: stored.sha256,
    createdAt: stored.createdAt,
  };
}

/**
 * The evidence files of a claim in upload order, `limit + 1` rows after `afterId` so the caller
 * can tell whether another page exists, for whoever may read the claim.
 */
export async function listClaimAttachments(options: {
  sql: Sql;
  actor: Actor;
  claimId: string;
  afterId?: string | undefined;
  limit: number;
}): Promise<AttachmentRecord[]> {
  const rows = await listAttachments({
    ...options,
    owner: claimAttachments,
    ownerId: options.claimId,
  });
  return rows.map(toClaimAttachment);
}

/**
 * One evidence file of the claim with a stream of its bytes (from the store, or from the row of
 * a file uploaded before the store existed); 404 NOT_FOUND for an id that is not one of this
 * claim's files.
 */
export async function readClaimAttachment(options: {
  sql: Sql;
  store: EvidenceStore;
  actor: Actor;
  claimId: string;
  attachmentId: string;
}): Promise<AttachmentFile> {
  const { body, ...stored } = await readAttachment({
    ...options,
    owner: claimAttachments,
    ownerId: options.claimId,
  });
  return { ...toClaimAttachment(stored), body };
}
